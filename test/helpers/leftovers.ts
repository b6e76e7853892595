// Finds and stops the processes that carry a marker in their environment (a run's, a scenario's): no test leaves one running.
import fs from 'node:fs';

/** Marks the processes of one scenario (the real-gateway test's), apart from the run's. */
export const SCENARIO_VAR = 'OCSHIM_TEST_SCENARIO';

export interface MarkedProcess {
  pid: number;
  cmdline: string;
}

/** Every process but `except` whose environment holds `name=value` (those this user may read). */
export function markedProcesses(
  name: string,
  value: string,
  except: (p: MarkedProcess) => boolean = () => false,
): MarkedProcess[] {
  const marker = Buffer.from(`\0${name}=${value}\0`);
  const out: MarkedProcess[] = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(n) || Number(n) === process.pid) continue;
    try {
      if (!Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${n}/environ`)]).includes(marker)) continue;
      const p = { pid: Number(n), cmdline: fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0').join(' ').trim() };
      if (p.cmdline && !except(p)) out.push(p);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return out;
}

/** SIGKILL for each (they may ignore SIGTERM, as Codex's app-server does while it drains). */
export function killAll(processes: readonly MarkedProcess[]): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Kills every process marked `name=value`, then waits (up to `ms`) until none is left; answers what it found. */
export async function stopMarked(name: string, value: string, ms = 5000): Promise<MarkedProcess[]> {
  const found = markedProcesses(name, value);
  killAll(found);
  for (const end = Date.now() + ms; Date.now() < end && markedProcesses(name, value).length; )
    await new Promise((r) => setTimeout(r, 100));
  return found;
}
