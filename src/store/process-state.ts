// The state dir a running process uses, from its environment and working directory in /proc (OpenClaw's own rules).
import fs from 'node:fs';
import path from 'node:path';
import { effectivePaths } from '../canonical/openclaw-paths.ts';
import type { Env } from '../canonical/types.ts';
import { readProcessEnv } from '../launch/parent-env.ts';

export type ProcessState = { ok: true; stateDir: string; env: Env } | { ok: false; reason: string };

/**
 * OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH / OPENCLAW_HOME / HOME of `/proc/<pid>/environ` resolved as the
 * CLI does (docs/reference.md, "How the canonical state is found"), relative values against its cwd; `osHome` is its user's passwd home.
 * Readable only as the same uid or root: otherwise why not.
 */
export function processStateDir(pid: number, procRoot: string, osHome: string | undefined): ProcessState {
  const env = readProcessEnv(pid, procRoot);
  if (!env.ok) return { ok: false, reason: env.reason };
  let cwd = '/';
  try {
    cwd = fs.readlinkSync(path.join(procRoot, String(pid), 'cwd'));
  } catch {
    // Relative OpenClaw variables are rare; resolve them against / then.
  }
  const probe = {
    isDir: (d: string) => fs.statSync(d, { throwIfNoEntry: false })?.isDirectory() ?? false,
    isFile: () => false,
  };
  return {
    ok: true,
    stateDir: effectivePaths(env.env, { cwd, probe, ...(osHome ? { osHome } : {}) }).stateDir,
    env: env.env,
  };
}
