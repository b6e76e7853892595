// Mirrors how the real OpenClaw CLI turns an environment into home, state dir and config path.
import path from 'node:path';
import { CONFIG_FILE_NAMES, STATE_DIR_NAMES, expandTilde } from './layout.ts';
import type { Env, FsProbe } from './types.ts';

const trimmed = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** `src/infra/home-dir.ts`: OPENCLAW_HOME → HOME → USERPROFILE → os home → cwd. */
export function openclawHome(env: Env, osHome: string | undefined, cwd: string): string {
  const osLevel = trimmed(env.HOME) ?? trimmed(env.USERPROFILE) ?? osHome;
  const explicit = trimmed(env.OPENCLAW_HOME);
  const raw = explicit ? expandTilde(explicit, osLevel) : osLevel;
  return path.resolve(cwd, raw ?? cwd);
}

/** `resolveStateDir`: OPENCLAW_STATE_DIR → CLAWDBOT_STATE_DIR → existing ~/.openclaw → legacy → ~/.openclaw. */
export function openclawStateDir(env: Env, home: string, probe: FsProbe, cwd: string): string {
  const override = trimmed(env.OPENCLAW_STATE_DIR) ?? trimmed(env.CLAWDBOT_STATE_DIR);
  if (override) return path.resolve(cwd, expandTilde(override, home));
  const dirs = STATE_DIR_NAMES.map((n) => path.join(home, n));
  return dirs.find((d) => probe.isDir(d)) ?? path.join(home, '.openclaw');
}

/** `resolveConfigPath`: OPENCLAW_CONFIG_PATH → an existing config in the state dir → `<state>/openclaw.json`. */
export function openclawConfigPath(env: Env, stateDir: string, home: string, probe: FsProbe, cwd: string): string {
  const override = trimmed(env.OPENCLAW_CONFIG_PATH) ?? trimmed(env.CLAWDBOT_CONFIG_PATH);
  if (override) return path.resolve(cwd, expandTilde(override, home));
  return existingConfigIn(stateDir, probe) ?? path.join(stateDir, 'openclaw.json');
}

/** The first OpenClaw config file (current or legacy name) that exists in a state dir. */
export function existingConfigIn(stateDir: string, probe: FsProbe): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(stateDir, n)).find((p) => probe.isFile(p));
}

/** The state dir `--profile <name>` gives when OPENCLAW_STATE_DIR is unset (`src/cli/profile.ts`). */
export function profileStateDir(profile: string, home: string): string {
  return path.join(home, profile.toLowerCase() === 'default' ? '.openclaw' : `.openclaw-${profile}`);
}

export interface EffectivePaths {
  home: string;
  stateDir: string;
  configPath: string;
}

/** What the real CLI will use given this environment and (optionally) a `--profile`. */
export function effectivePaths(env: Env, opts: { osHome?: string; cwd: string; probe: FsProbe; profile?: string }): EffectivePaths {
  const home = openclawHome(env, opts.osHome, opts.cwd);
  const profiled = opts.profile && !trimmed(env.OPENCLAW_STATE_DIR);
  const stateDir = profiled ? profileStateDir(opts.profile!, home) : openclawStateDir(env, home, opts.probe, opts.cwd);
  const configPath =
    opts.profile && !trimmed(env.OPENCLAW_CONFIG_PATH)
      ? path.join(stateDir, 'openclaw.json')
      : openclawConfigPath(env, stateDir, home, opts.probe, opts.cwd);
  return { home, stateDir, configPath };
}
