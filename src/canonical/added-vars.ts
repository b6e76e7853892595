// The safety net: Codex's environment carries the canonical OpenClaw paths, marked as the launcher's (pure).
import type { Env } from './types.ts';

/** Lists the variables the launcher added, so the shim can tell them from the operator's (`--profile`). */
export const ADDED_VARS = 'OPENCLAW_SHIM_ADDED_VARS';

/**
 * Sets OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH to the canonical values where the gateway did not
 * already set them to exactly those, and names what it set in OPENCLAW_SHIM_ADDED_VARS. A real
 * `openclaw` reached without the shim (absolute path, a login shell's PATH) then still lands on the
 * canonical state instead of `$HOME/.openclaw` in the isolated home.
 */
export function withCanonicalVars(env: Env, canonical: { stateDir: string; configPath: string }): Env {
  const out: Env = { ...env };
  const added: string[] = [];
  const wanted: Array<[string, string]> = [
    ['OPENCLAW_STATE_DIR', canonical.stateDir],
    ['OPENCLAW_CONFIG_PATH', canonical.configPath],
  ];
  for (const [name, value] of wanted) {
    if (env[name] === value) continue;
    out[name] = value;
    added.push(name);
  }
  if (added.length) out[ADDED_VARS] = added.join(',');
  else delete out[ADDED_VARS];
  return out;
}

/** The launcher-added variables still holding the value it gave them (so not the operator's). */
export function launcherAddedVars(env: Env, canonical: { stateDir: string; configPath: string }): string[] {
  const listed = (env[ADDED_VARS] ?? '').split(',').filter(Boolean);
  const value: Record<string, string> = {
    OPENCLAW_STATE_DIR: canonical.stateDir,
    OPENCLAW_CONFIG_PATH: canonical.configPath,
  };
  return listed.filter((name) => value[name] !== undefined && env[name] === value[name]);
}
