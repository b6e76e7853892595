// Test-only overrides for every source of canonical state the machine itself provides: the passwd home
// and the gateway lock dirs. Tests pass on a gateway host whose own ~/.openclaw and live lock exist.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface HermeticDirs {
  /** An empty dir that stands in for the passwd home (`OPENCLAW_SHIM_PASSWD_HOME`). */
  passwdHome: string;
  /** An empty dir that stands in for `$TMPDIR/openclaw-<uid>` (`OPENCLAW_SHIM_GATEWAY_LOCK_DIRS`). */
  lockDir: string;
  /** `XDG_CACHE_HOME`: doctor's store cache lands here, never in the machine's ~/.cache. */
  cacheHome: string;
}

let dirs: HermeticDirs | undefined;

/** This worker's stand-ins, made once: an empty passwd home and an empty gateway lock dir. */
export function hermeticDirs(): HermeticDirs {
  if (dirs && fs.existsSync(dirs.passwdHome)) return dirs;
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-host-')));
  dirs = { passwdHome: path.join(root, 'passwd-home'), lockDir: path.join(root, 'gateway-locks'), cacheHome: path.join(root, 'cache') };
  fs.mkdirSync(dirs.passwdHome);
  fs.mkdirSync(dirs.lockDir);
  fs.mkdirSync(dirs.cacheHome, { mode: 0o700 });
  return dirs;
}

/** The variables that make the built binaries and the CLI ignore this machine's own OpenClaw. */
export function hermeticEnv(): Record<string, string> {
  const d = hermeticDirs();
  return { OPENCLAW_SHIM_PASSWD_HOME: d.passwdHome, OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: d.lockDir, XDG_CACHE_HOME: d.cacheHome };
}

/** `env` with the machine's sources replaced; a test's own choice of either variable wins. */
export function hermetic(env: Record<string, string>): Record<string, string> {
  return { ...hermeticEnv(), ...env };
}

/** Removes this worker's stand-ins (the setup file calls it after the file's tests). */
export function removeHermeticDirs(): void {
  if (dirs) fs.rmSync(path.dirname(dirs.passwdHome), { recursive: true, force: true });
  dirs = undefined;
}
