// Hands the process over to another program: execve where Node has it, else a faithful spawn.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

type Env = Record<string, string | undefined>;

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

const stderr = (text: string): void => {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr closed: nothing more to say.
  }
};

const cleanEnv = (env: Env): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Exit codes for a program that could not be started, as a shell reports them. */
function startFailure(error: NodeJS.ErrnoException, file: string, label: string): number {
  const code = error.code === 'ENOENT' ? 127 : error.code === 'EACCES' || error.code === 'ENOEXEC' ? 126 : 70;
  stderr(`${label}: cannot run ${file}: ${error.code ?? error.message}\n`);
  return code;
}

/**
 * Replaces this process. Node ignores SIGPIPE and SIGXFSZ and an ignored disposition survives
 * exec; a handler does not (exec resets it to default), so installing no-op handlers first gives
 * the next program the defaults it expects (`openclaw ... | head` must die quietly).
 */
export function handOver(file: string, args: readonly string[], env: Env, label: string): void {
  process.on('SIGPIPE', () => {});
  process.on('SIGXFSZ', () => {});
  const execve = (process as { execve?: (f: string, a: string[], e: Record<string, string>) => never }).execve;
  if (typeof execve === 'function' && process.env.OPENCLAW_SHIM_FORCE_SPAWN !== '1') {
    try {
      execve.call(process, file, [file, ...args], cleanEnv(env));
    } catch (error) {
      process.exitCode = startFailure(error as NodeJS.ErrnoException, file, label);
      return;
    }
  }
  spawnAndMirror(file, args, env, label);
}

/**
 * The fallback: the child shares our stdio and process group. Signals sent to our pid are
 * forwarded; the first SIGINT is not (the terminal or Codex already sent it to the whole group).
 * When the child dies by a signal we die by the same one, so the caller sees what it would have.
 */
function spawnAndMirror(file: string, args: readonly string[], env: Env, label: string): void {
  const child = spawn(file, args as string[], { stdio: 'inherit', env: cleanEnv(env) });
  const handlers = new Map<NodeJS.Signals, () => void>();
  const listen = (sig: NodeJS.Signals, fn: () => void): void => {
    handlers.set(sig, fn);
    process.on(sig, fn);
  };
  for (const sig of FORWARDED) listen(sig, () => child.kill(sig));
  let sawInt = false;
  listen('SIGINT', () => {
    if (sawInt) child.kill('SIGINT');
    sawInt = true;
  });
  child.on('error', (error) => {
    process.exitCode = startFailure(error, file, label);
  });
  child.on('exit', (code, signal) => {
    for (const [sig, fn] of handlers) process.off(sig, fn);
    if (signal) {
      process.kill(process.pid, signal);
      // Still here: the signal is ignored or blocked; report it the way a shell would.
      process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
      return;
    }
    process.exitCode = code ?? 1;
  });
}
