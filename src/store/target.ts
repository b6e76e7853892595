// Which state dir doctor and repair act on: --state-dir, else what this shell resolves; with its config and home.
import fs from 'node:fs';
import path from 'node:path';
import { fsProbe, passwdHome, resolveHere } from '../canonical/gather.ts';
import { homeOfDefaultStateDir, isInsideCodexHome } from '../canonical/layout.ts';
import { effectivePaths, existingConfigIn } from '../canonical/openclaw-paths.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Env } from '../canonical/types.ts';
import { refuseUnreachable } from '../lib/unreachable.ts';
import { EXIT, ExitError } from '../lib/exit.ts';

export interface Target {
  stateDir: string;
  configPath: string;
  home: string;
  /** What this shell resolves without flags (for the gateway check); undefined when nothing does. */
  shellStateDir?: string;
}

type Paths = { stateDir: string; configPath: string; home: string };

/** Holds OpenClaw state: a config, `agents/` or the shared state database (as the canonical sources require). */
const looksLikeStateDir = (dir: string): boolean =>
  fsProbe.isDir(dir) &&
  (!!existingConfigIn(dir, fsProbe) ||
    fsProbe.isDir(path.join(dir, 'agents')) ||
    fsProbe.isFile(path.join(dir, 'state', 'openclaw.sqlite')));

/**
 * What this shell resolves, in the same order as setup: outside a codex home, the paths `openclaw`
 * itself would use here ($OPENCLAW_HOME, $HOME/.openclaw, OPENCLAW_STATE_DIR...) when they hold
 * OpenClaw state, else the canonical sources (gateway lock, passwd home). Inside a codex home only
 * the canonical state counts, never the shadow.
 */
export function shellPaths(env: Env, cwd: string): Paths | undefined {
  const r = resolveHere({ env, cwd }).resolution;
  const canonical = r.canonical && {
    stateDir: r.canonical.stateDir.value,
    configPath: r.canonical.configPath.value,
    home: r.canonical.home.value,
  };
  if (r.isolation.isolatedHome || r.isolation.codexHome) return canonical;
  const osHome = passwdHome();
  const p = effectivePaths(env, { cwd, probe: fsProbe, ...(osHome ? { osHome } : {}) });
  if (!isInsideCodexHome(p.stateDir, env.CODEX_HOME ? [env.CODEX_HOME] : []) && looksLikeStateDir(p.stateDir)) return p;
  return canonical;
}

const flaggedPaths = (flags: ExplicitPaths, env: Env, cwd: string): Paths | undefined => {
  const c = resolveHere({ env, cwd, flags }).resolution.canonical;
  return c ? { stateDir: c.stateDir.value, configPath: c.configPath.value, home: c.home.value } : undefined;
};

/** A real path when there is one: a state dir reached through a link is examined (and backed up) once, under one name. */
const real = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/** `--state-dir` naming a home (`/home/gw`) whose `.openclaw` (or `OPENCLAW_HOME`-style `.openclaw`) holds the state. */
function homeGivenForState(dir: string): string | undefined {
  if (looksLikeStateDir(dir)) return undefined;
  const inner = path.join(dir, '.openclaw');
  return looksLikeStateDir(inner) ? inner : undefined;
}

function explicitStateDir(flags: ExplicitPaths & { stateDir: string }, cwd: string): Paths {
  const named = path.resolve(cwd, flags.stateDir);
  if (!fsProbe.isDir(named)) {
    // Behind a dir this user may not enter (a 0700 home): 77 with the owner's command, not "does not exist".
    refuseUnreachable(named, 'The state dir');
    throw new ExitError(EXIT.NO_INPUT, `state dir ${named} does not exist or is not a directory`);
  }
  const inner = homeGivenForState(named);
  if (inner)
    throw new ExitError(
      EXIT.NO_INPUT,
      `${named} is a home, not a state dir: it holds no OpenClaw config or agents/, but ${inner} does; pass --state-dir ${inner}`,
    );
  const stateDir = real(named);
  const configPath = flags.configPath
    ? path.resolve(cwd, flags.configPath)
    : (existingConfigIn(stateDir, fsProbe) ?? path.join(stateDir, 'openclaw.json'));
  const home = flags.home ? path.resolve(cwd, flags.home) : (homeOfDefaultStateDir(named) ?? path.dirname(named));
  return { stateDir, configPath, home };
}

export function resolveTarget(flags: ExplicitPaths, env: Env = process.env, cwd = process.cwd()): Target {
  const shell = shellPaths(env, cwd);
  const withShell = (p: Paths): Target => ({ ...p, ...(shell ? { shellStateDir: shell.stateDir } : {}) });
  if (flags.stateDir) return withShell(explicitStateDir({ ...flags, stateDir: flags.stateDir }, cwd));
  const r = flags.configPath || flags.home ? flaggedPaths(flags, env, cwd) : shell;
  if (!r)
    throw new ExitError(
      EXIT.NO_INPUT,
      'cannot tell which state dir to check: pass --state-dir (see openclaw-shim explain)',
    );
  return withShell(r);
}
