// Mirrors how the real OpenClaw CLI turns an environment into home, state dir and config path.
import path from 'node:path';
import { CONFIG_FILE_NAMES, STATE_DIR_NAMES, expandTilde } from './layout.ts';
import type { Env, FsProbe } from './types.ts';
import { homeVar, nodeHomedir, pathVar } from './env-value.ts';

const trimmed = pathVar;

/**
 * `src/infra/home-dir.ts`: OPENCLAW_HOME → HOME → USERPROFILE → os.homedir() → cwd, each value
 * normalised as the real CLI does (`undefined`, `null`, empty: unset).
 */
export function openclawHome(env: Env, osHome: string | undefined, cwd: string): string {
  const osLevel = homeVar(env.HOME) ?? homeVar(env.USERPROFILE) ?? homeVar(nodeHomedir(env.HOME, osHome));
  const explicit = homeVar(env.OPENCLAW_HOME);
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

/**
 * `resolveConfigDir` (2026.9.x puts plugin installs, `npm/` and `extensions/`, there):
 * OPENCLAW_STATE_DIR → the config path's dir → `<home>/.openclaw`. It differs from the state dir
 * only when OPENCLAW_CONFIG_PATH points outside it and OPENCLAW_STATE_DIR is unset.
 */
export function openclawPluginRootDir(env: Env, stateDir: string, cwd: string): string {
  if (trimmed(env.OPENCLAW_STATE_DIR)) return stateDir;
  const config = trimmed(env.OPENCLAW_CONFIG_PATH);
  return config ? path.dirname(path.resolve(cwd, expandTilde(config, openclawHome(env, undefined, cwd)))) : stateDir;
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

/** How a release applies `--profile` (`applyCliProfileEnv`): one rule per generation, in src/releases. */
export { profileRuleFor, type ProfileRule } from '../releases/releases.ts';
import type { ProfileRule } from '../releases/releases.ts';

const sameDir = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);

/** The state dir and config a `--profile` gives under a rule, from the variables already set. */
function profiledPaths(
  env: Env,
  home: string,
  profile: string,
  rule: ProfileRule,
  cwd: string,
): { stateDir?: string; configPath?: string } {
  const existingState = trimmed(env.OPENCLAW_STATE_DIR);
  const existingConfig = trimmed(env.OPENCLAW_CONFIG_PATH);
  const selected = profileStateDir(profile, home);
  if (rule === 'unset-only') {
    const stateDir = existingState ? undefined : selected;
    return {
      ...(stateDir ? { stateDir } : {}),
      ...(existingConfig
        ? {}
        : {
            configPath: path.join(
              existingState ? path.resolve(cwd, expandTilde(existingState, home)) : selected,
              'openclaw.json',
            ),
          }),
    };
  }
  const inherited = profileStateDir(trimmed(env.OPENCLAW_PROFILE) ?? 'default', home);
  const switches = !sameDir(inherited, selected);
  const switchesState =
    !!existingState && switches && sameDir(path.resolve(cwd, expandTilde(existingState, home)), inherited);
  const stateDir = existingState && !switchesState ? path.resolve(cwd, expandTilde(existingState, home)) : selected;
  const replacesConfig =
    switches &&
    (!existingState || switchesState) &&
    !!existingConfig &&
    sameDir(path.resolve(cwd, expandTilde(existingConfig, home)), path.join(inherited, 'openclaw.json'));
  return {
    stateDir,
    ...(!existingConfig || replacesConfig ? { configPath: path.join(stateDir, 'openclaw.json') } : {}),
  };
}

/** What the real CLI will use given this environment and (optionally) a `--profile`, under its release's rule. */
export function effectivePaths(
  env: Env,
  opts: { osHome?: string; cwd: string; probe: FsProbe; profile?: string; profileRule?: ProfileRule },
): EffectivePaths {
  const home = openclawHome(env, opts.osHome, opts.cwd);
  const p = opts.profile ? profiledPaths(env, home, opts.profile, opts.profileRule ?? 'unset-only', opts.cwd) : {};
  const stateDir = p.stateDir ?? openclawStateDir(env, home, opts.probe, opts.cwd);
  const configPath = p.configPath ?? openclawConfigPath(env, stateDir, home, opts.probe, opts.cwd);
  return { home, stateDir, configPath };
}
