// What a second signal must still do before repair exits at once: each step that runs a child registers it here.
import fs from 'node:fs';

type HardStopHook = () => string | undefined;

const hooks = new Set<HardStopHook>();

/** Registers what a second signal must do while a step runs (synchronously); returns the unregister. */
export function onHardStop(hook: HardStopHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Runs every registered hook (a second signal came): what each did, for the exit line. */
export function runHardStops(): string[] {
  const said: string[] = [];
  for (const hook of hooks) {
    try {
      const line = hook();
      if (line) said.push(line);
    } catch {
      // Exiting anyway: the resume's own checks cover what a hook could not do.
    }
  }
  hooks.clear();
  return said;
}

const nap = new Int32Array(new SharedArrayBuffer(4));

/** SIGKILL to a child, then up to 2 s for it to be gone or a zombie: after that it can write nothing more. */
export function killNow(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  for (let i = 0; i < 200; i++) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return;
    }
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return;
    Atomics.wait(nap, 0, 0, 10);
  }
}
