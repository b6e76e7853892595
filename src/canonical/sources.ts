// Each source of canonical state turned into candidates (pure: inputs in, candidates out).
import path from 'node:path';
import type { Capture, CaptureRead } from './capture.ts';
import { expandTilde, parseCodexHomePath } from './layout.ts';
import { homeVar, pathVar } from './env-value.ts';
import { profileStateDir } from './openclaw-paths.ts';
import type { Candidate, Env, SourceName } from './types.ts';

/** A running gateway's lock, already read and checked for liveness by the caller. */
export interface GatewayLockInfo {
  file: string;
  pid: number;
  configPath: string;
  alive: boolean;
  /** Whose gateway it is, from the lock dir's name (`openclaw-<uid>`), where doctor looked it up. */
  uid?: number;
  user?: string;
}

export interface ExplicitPaths {
  stateDir?: string;
  configPath?: string;
  home?: string;
}

export interface SourceInputs {
  env: Env;
  cwd: string;
  flags?: ExplicitPaths;
  capture?: { path: string; read: CaptureRead };
  gatewayLocks: GatewayLockInfo[];
  passwdHome?: string;
  /** The parent process's environment (the gateway's, for the launcher), where the OS shows it. */
  parentEnv?: { pid: number; env: Env };
}

type Proposal = Omit<Candidate, 'ok' | 'reason'>;

const abs = (cwd: string, p: string | undefined, home?: string): string | undefined =>
  p?.trim() ? path.resolve(cwd, expandTilde(p.trim(), home)) : undefined;

/** Fills a state dir from a config path or home when only those were given. */
function complete(p: Proposal): Proposal {
  const stateDir =
    p.stateDir ?? (p.configPath ? path.dirname(p.configPath) : p.home ? path.join(p.home, '.openclaw') : undefined);
  return stateDir ? { ...p, stateDir } : p;
}

function explicit(source: SourceName, detail: string, paths: ExplicitPaths, cwd: string): Proposal[] {
  if (!paths.stateDir && !paths.configPath && !paths.home) return [];
  const home = abs(cwd, paths.home);
  return [
    complete({
      source,
      detail,
      stateDir: abs(cwd, paths.stateDir, home),
      configPath: abs(cwd, paths.configPath, home),
      home,
    }),
  ];
}

function fromCapture(input: SourceInputs): Proposal[] {
  if (!input.capture) return [];
  const { path: file, read } = input.capture;
  if (!read.ok) return [{ source: 'capture', detail: `${file}: ${read.reason}` }];
  const c: Capture = read.capture;
  return [
    {
      source: 'capture',
      detail: file,
      stateDir: c.stateDir.value,
      configPath: c.configPath.value,
      home: c.home.value,
      ...(c.osHome ? { osHome: c.osHome.value } : {}),
    },
  ];
}

/** OpenClaw's own variables as the gateway exported them; isolated ones are rejected later by validation. */
function fromOpenclawEnv(
  env: Env,
  cwd: string,
  source: 'openclaw-env' | 'parent-env' = 'openclaw-env',
  prefix = '',
): Proposal[] {
  // `undefined`/`null`/empty HOME or OPENCLAW_HOME is unset for the real CLI (env-value.ts).
  const osHome = homeVar(env.HOME);
  const home = abs(cwd, homeVar(env.OPENCLAW_HOME), osHome);
  const stateVar = pathVar(env.OPENCLAW_STATE_DIR)
    ? 'OPENCLAW_STATE_DIR'
    : pathVar(env.CLAWDBOT_STATE_DIR)
      ? 'CLAWDBOT_STATE_DIR'
      : undefined;
  const configVar = pathVar(env.OPENCLAW_CONFIG_PATH)
    ? 'OPENCLAW_CONFIG_PATH'
    : pathVar(env.CLAWDBOT_CONFIG_PATH)
      ? 'CLAWDBOT_CONFIG_PATH'
      : undefined;
  const stateDir = abs(cwd, stateVar && env[stateVar], home ?? osHome);
  const configPath = abs(cwd, configVar && env[configVar], home ?? osHome);
  const profile = env.OPENCLAW_PROFILE?.trim();
  if (!stateDir && !configPath && !home) return [];
  const detail =
    prefix + [stateVar, configVar, home && 'OPENCLAW_HOME', profile && 'OPENCLAW_PROFILE'].filter(Boolean).join(', ');
  const profiled = !stateDir && !configPath && home && profile ? profileStateDir(profile, home) : undefined;
  // OPENCLAW_HOME is OpenClaw's home, not the OS one: keep the gateway's HOME beside it for the rewrite.
  const osHomeOf = home ? { osHome: abs(cwd, osHome) ?? '' } : {};
  return [complete({ source, detail, stateDir: stateDir ?? profiled, configPath, home, ...osHomeOf })];
}

/** The gateway's own environment: its OpenClaw variables, else its HOME (it is not isolated). */
function fromParentEnv(parent: SourceInputs['parentEnv'], cwd: string): Proposal[] {
  if (!parent) return [];
  const prefix = `parent pid ${parent.pid}: `;
  const vars = fromOpenclawEnv(parent.env, cwd, 'parent-env', prefix);
  const parentHome = homeVar(parent.env.HOME);
  if (vars.length) return vars.map((p) => (p.home || !parentHome ? p : { ...p, home: abs(cwd, parentHome) }));
  const home = abs(cwd, parentHome);
  return home ? [{ source: 'parent-env', detail: `${prefix}HOME`, home, stateDir: path.join(home, '.openclaw') }] : [];
}

/** `<S>/agents/<id>/agent/codex-home[/home]` or `<S>/acpx/codex-home` in CODEX_HOME or HOME. */
function fromStructure(env: Env): Proposal[] {
  const out: Proposal[] = [];
  for (const name of ['CODEX_HOME', 'HOME'] as const) {
    const value = homeVar(env[name]);
    const shape = value ? parseCodexHomePath(value) : undefined;
    if (shape?.stateRoot && !out.some((p) => p.stateDir === shape.stateRoot)) {
      out.push({
        source: 'structure',
        detail: `${name}=${env[name]} (${shape.kind} codex home)`,
        stateDir: shape.stateRoot,
      });
    }
  }
  return out;
}

function fromGatewayLocks(locks: GatewayLockInfo[]): Proposal[] {
  return locks.map((l) => ({
    source: 'gateway-lock' as const,
    detail: `${l.file} (pid ${l.pid}${l.alive ? '' : ', not running'})`,
    configPath: l.configPath,
    stateDir: path.dirname(l.configPath),
  }));
}

function fromPasswd(passwdHome: string | undefined): Proposal[] {
  if (!passwdHome) return [];
  return [
    {
      source: 'passwd-home',
      detail: `passwd home ${passwdHome}`,
      home: passwdHome,
      stateDir: path.join(passwdHome, '.openclaw'),
    },
  ];
}

/** Every source's proposals, strongest first. */
export function collectProposals(input: SourceInputs): Proposal[] {
  const { env, cwd } = input;
  const shimEnv: ExplicitPaths = {
    stateDir: env.OPENCLAW_SHIM_STATE_DIR,
    configPath: env.OPENCLAW_SHIM_CONFIG_PATH,
    home: env.OPENCLAW_SHIM_HOME,
  };
  return [
    ...explicit('explicit-flag', '--state-dir/--config-path/--home', input.flags ?? {}, cwd),
    ...explicit('explicit-env', 'OPENCLAW_SHIM_STATE_DIR/_CONFIG_PATH/_HOME', shimEnv, cwd),
    ...fromCapture(input),
    ...fromOpenclawEnv(env, cwd),
    ...fromParentEnv(input.parentEnv, cwd),
    ...fromStructure(env),
    ...fromGatewayLocks(input.gatewayLocks),
    ...fromPasswd(input.passwdHome),
  ];
}
