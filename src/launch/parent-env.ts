// Reads another process's environment where the OS shows it (Linux /proc), for the gateway's view.
import fs from 'node:fs';
import type { Env } from '../canonical/types.ts';

/** Parses `/proc/<pid>/environ` bytes: NUL-separated `NAME=value` pairs (pure). */
export function parseEnviron(bytes: Buffer | string): Env {
  const env: Env = {};
  for (const entry of bytes.toString().split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export type ParentEnvRead = { ok: true; pid: number; env: Env } | { ok: false; pid: number; reason: string };

/** The environment of `pid` (the launcher's parent: the gateway), or why it cannot be read. */
export function readProcessEnv(pid: number, procRoot = '/proc'): ParentEnvRead {
  if (!Number.isInteger(pid) || pid <= 1) return { ok: false, pid, reason: `parent pid ${pid} is not a gateway` };
  try {
    return { ok: true, pid, env: parseEnviron(fs.readFileSync(`${procRoot}/${pid}/environ`)) };
  } catch (error) {
    return {
      ok: false,
      pid,
      reason: `${procRoot}/${pid}/environ unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
}
