// Computes the environment the real CLI gets: canonical paths in, nothing else changed (pure).
import path from 'node:path';
import { homeVar, pathVar } from './env-value.ts';
import { expandTilde, isInsideCodexHome } from './layout.ts';
import type { Canonical, Env, Field } from './types.ts';
import { launcherAddedVars } from './added-vars.ts';

/** One redirected variable, as the redirect log records it. */
export interface RewriteRecord {
  name: string;
  from?: string;
  to: string;
  source: string;
}

export interface RewriteInput {
  env: Env;
  canonical: Canonical;
  /** Codex homes known for this run; a variable pointing inside one is isolated. */
  codexHomes: string[];
  /** `--profile`/`--dev` on the command line: the CLI then derives state from the (canonical) home. */
  profile?: string;
  cwd: string;
}

export interface Rewrite {
  env: Env;
  records: RewriteRecord[];
}

const sourceOf = (f: Field): string => (f.source === 'derived' ? `derived: ${f.detail}` : f.source);

/**
 * HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH are pinned to the canonical values, except
 * that a `--profile` with no state/config variable set keeps them unset so the CLI applies the
 * profile relative to the canonical home. OPENCLAW_HOME, OPENCLAW_CONFIG_DIR and the legacy
 * CLAWDBOT_* names are only touched when present and pointing into an isolated home.
 */
export function planRewrite(input: RewriteInput): Rewrite {
  const { env, canonical: c, codexHomes } = input;
  const out: Env = { ...env };
  const records: RewriteRecord[] = [];
  const set = (name: string, field: Field): void => {
    if (env[name] === field.value) return;
    out[name] = field.value;
    records.push({
      name,
      ...(env[name] === undefined ? {} : { from: env[name] }),
      to: field.value,
      source: sourceOf(field),
    });
  };
  const isolated = (name: string): boolean => {
    // OPENCLAW_HOME=undefined is unset for the real CLI (env-value.ts), so it never points anywhere.
    const raw = name === 'OPENCLAW_HOME' ? homeVar(env[name]) : pathVar(env[name]);
    return !!raw && isInsideCodexHome(path.resolve(input.cwd, expandTilde(raw, homeVar(env.HOME))), codexHomes);
  };

  // HOME is the OS home; with OPENCLAW_HOME in use that is not the OpenClaw home (docs/reference.md).
  set('HOME', c.osHome ?? c.home);
  const profileRules = input.profile !== undefined;
  // What the launcher added as a safety net is not the operator's: --profile/--dev must still decide.
  const launchers = profileRules
    ? launcherAddedVars(env, { stateDir: c.stateDir.value, configPath: c.configPath.value })
    : [];
  for (const name of launchers) {
    delete out[name];
    records.push({ name, from: env[name]!, to: '(unset)', source: `set by the launcher; --profile/--dev decides` });
  }
  const operators = (name: string): boolean => !!pathVar(env[name]) && !launchers.includes(name);
  if (!profileRules || operators('OPENCLAW_STATE_DIR')) set('OPENCLAW_STATE_DIR', c.stateDir);
  if (!profileRules || operators('OPENCLAW_CONFIG_PATH')) set('OPENCLAW_CONFIG_PATH', c.configPath);
  if (isolated('OPENCLAW_HOME')) set('OPENCLAW_HOME', c.home);
  if (isolated('OPENCLAW_CONFIG_DIR')) set('OPENCLAW_CONFIG_DIR', c.stateDir);
  if (isolated('CLAWDBOT_STATE_DIR')) set('CLAWDBOT_STATE_DIR', c.stateDir);
  if (isolated('CLAWDBOT_CONFIG_PATH')) set('CLAWDBOT_CONFIG_PATH', c.configPath);
  return { env: out, records };
}
