// Hands the process over to another program: execve where Node has it, else a faithful spawn.
import { EXIT } from '../lib/exit.ts';
import fs from 'node:fs';
import { writeStderr } from '../lib/stderr.ts';
import { openRegular } from '../lib/read-regular.ts';
import { shebangWords } from './real-script.ts';

type Env = Record<string, string | undefined>;

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

const cleanEnv = (env: Env): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** Exit codes for a program that could not be started, as a shell reports them. */
function startFailure(error: NodeJS.ErrnoException, file: string, label: string): number {
  const code =
    error.code === 'ENOENT'
      ? EXIT.NOT_FOUND
      : ['EACCES', 'ENOEXEC', 'E2BIG'].includes(error.code ?? '')
        ? EXIT.NOT_EXECUTABLE
        : EXIT.INTERNAL;
  const why = error.code === 'E2BIG' ? 'E2BIG (argument list and environment too long)' : (error.code ?? error.message);
  writeStderr(`${label}: cannot run ${file}: ${why}\n`);
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
  if (typeof execve === 'function' && willExec(file) && fitsExec(args, env)) {
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
 * Whether execve(2) of `file` will start it. A failing `process.execve` is fatal in Node (it aborts
 * with a core dump instead of throwing), so anything doubtful goes through spawn, which reports
 * 127/126 like a shell: a missing or non-executable file, a missing `#!` interpreter, or a file
 * that is neither ELF nor a `#!` script (execvp then runs it with /bin/sh, as a shell would).
 */
export function willExec(file: string): boolean {
  let fd: number | undefined;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    fd = openRegular(file);
    const head = Buffer.alloc(256);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    if (n >= 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') return true;
    if (n < 3 || head[0] !== 0x23 || head[1] !== 0x21) return false;
    const interpreter = shebangWords(head.toString('latin1', 0, n))?.[0];
    if (!interpreter) return false;
    fs.accessSync(interpreter, fs.constants.X_OK);
    return fs.statSync(interpreter).isFile();
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Linux's limits for execve(2): one string (MAX_ARG_STRLEN) and, conservatively, all of them. */
const MAX_ARG_STRLEN = 128 * 1024;
const MAX_ARGS_TOTAL = 2 * 1024 * 1024 - 64 * 1024;

/**
 * Whether argv and env fit what execve accepts. Past the limit execve fails with E2BIG, which
 * `process.execve` turns into an abort; spawn reports it as an error instead (exit 126, one line).
 */
export function fitsExec(args: readonly string[], env: Env): boolean {
  let total = 0;
  for (const s of [...args, ...Object.entries(env).map(([k, v]) => (v === undefined ? '' : `${k}=${v}`))]) {
    const bytes = Buffer.byteLength(s) + 1;
    if (bytes > MAX_ARG_STRLEN) return false;
    total += bytes + 8; // the pointer in argv/envp
  }
  return total < MAX_ARGS_TOTAL;
}

/**
 * The fallback: the child shares our stdio and process group. Signals sent to our pid are
 * forwarded; the first SIGINT is not (the terminal or Codex already sent it to the whole group).
 * When the child dies by a signal we die by the same one, so the caller sees what it would have.
 */
function spawnAndMirror(file: string, args: readonly string[], env: Env, label: string): void {
  // Loaded here, not at the top: node:child_process costs ~5 ms of startup the execve path never needs.
  const { spawn } = process.getBuiltinModule('node:child_process');
  // Listen before spawning: a signal that lands while spawn() runs is dispatched after it returns,
  // when `child` is set; listening after would leave a window where SIGTERM kills only us.
  let child: ReturnType<typeof spawn> | undefined;
  const handlers = new Map<NodeJS.Signals, () => void>();
  const listen = (sig: NodeJS.Signals, fn: () => void): void => {
    handlers.set(sig, fn);
    process.on(sig, fn);
  };
  for (const sig of FORWARDED) listen(sig, () => child?.kill(sig));
  let sawInt = false;
  listen('SIGINT', () => {
    if (sawInt) child?.kill('SIGINT');
    sawInt = true;
  });
  child = spawn(file, args as string[], { stdio: 'inherit', env: cleanEnv(env) });
  child.on('error', (error) => {
    process.exitCode = startFailure(error, file, label);
  });
  child.on('exit', (code, signal) => {
    for (const [sig, fn] of handlers) process.off(sig, fn);
    if (signal) {
      // Every listener must go (handOver's SIGPIPE/SIGXFSZ no-ops too): with none left, libuv
      // restores the default disposition and the re-raised signal kills us like it killed the child.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      // Still here: the signal is ignored or blocked; report it the way a shell would.
      process.exitCode = 128 + (process.getBuiltinModule('node:os').constants.signals[signal] ?? 0);
      return;
    }
    process.exitCode = code ?? 1;
  });
}
