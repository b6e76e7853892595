// The test's view of the host for everything a test runs: an empty passwd home, empty gateway lock dirs,
// a /proc that shows only this test file's processes, and the run's marker on every process started.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module Node preloads in every child (`NODE_OPTIONS=--import`): it installs the stand-ins. */
export const HOST_VIEW = path.join(import.meta.dirname, 'host-view.mjs');

/** Set on every process this run starts (global setup makes it), so the end of the run can find leftovers. */
export const RUN_VAR = 'OCSHIM_TEST_RUN';

export interface HermeticDirs {
  /** An empty dir that stands in for the passwd home (`OCSHIM_TEST_PASSWD_HOME`, read by host-view.mjs). */
  passwdHome: string;
  /** An empty dir that stands in for `$TMPDIR/openclaw-<uid>` (the operator setting `OPENCLAW_SHIM_GATEWAY_LOCK_DIRS`). */
  lockDir: string;
  /** This test file's processes: doctor's /proc scan sees only those (`OCSHIM_TEST_SCOPE`). */
  scope: string;
  /** `XDG_CACHE_HOME`: doctor's store cache lands here, never in the machine's ~/.cache. */
  cacheHome: string;
}

let dirs: HermeticDirs | undefined;

/** This worker's stand-ins, made once: an empty passwd home and an empty gateway lock dir. */
export function hermeticDirs(): HermeticDirs {
  if (dirs && fs.existsSync(dirs.passwdHome)) return dirs;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-host-')));
  dirs = {
    passwdHome: path.join(root, 'passwd-home'),
    lockDir: path.join(root, 'gateway-locks'),
    scope: randomUUID(),
    cacheHome: path.join(root, 'cache'),
  };
  fs.mkdirSync(dirs.passwdHome);
  fs.mkdirSync(dirs.lockDir);
  fs.mkdirSync(dirs.cacheHome, { mode: 0o700 });
  return dirs;
}

/**
 * `--import` of the host view, after whatever NODE_OPTIONS the caller had (once). Where the checkout is
 * out of other users' reach, the run's copy (other-user.ts), so a program that becomes another user
 * (setup as root on another user's state) still starts.
 */
function nodeOptions(): string {
  const copy = process.env.OCSHIM_TEST_REACH;
  const file = copy ? path.join(copy, path.relative(path.resolve(import.meta.dirname, '../..'), HOST_VIEW)) : HOST_VIEW;
  const own = `--import="${pathToFileURL(file).href}"`;
  const outer = process.env.NODE_OPTIONS ?? '';
  return outer.includes(own) ? outer : `${outer} ${own}`.trim();
}

/** The variables that make the built binaries and the CLI ignore this machine's own OpenClaw. */
export function hermeticEnv(): Record<string, string> {
  const d = hermeticDirs();
  const run = process.env[RUN_VAR];
  return {
    NODE_OPTIONS: nodeOptions(),
    OCSHIM_TEST_PASSWD_HOME: d.passwdHome,
    OCSHIM_TEST_SCOPE: d.scope,
    OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: d.lockDir,
    XDG_CACHE_HOME: d.cacheHome,
    ...(run ? { [RUN_VAR]: run } : {}),
  };
}

/** `env` with the machine's sources replaced; a test's own choice of any of these variables wins. */
export function hermetic(env: Record<string, string>): Record<string, string> {
  return { ...hermeticEnv(), ...env };
}

/** Removes this worker's stand-ins (the setup file calls it after the file's tests). */
export function removeHermeticDirs(): void {
  if (dirs) fs.rmSync(path.dirname(dirs.passwdHome), { recursive: true, force: true });
  dirs = undefined;
}
