// Which state dir doctor and repair act on: --state-dir, else what this shell resolves; with its config and home.
import fs from 'node:fs';
import path from 'node:path';
import { fsProbe, passwdHome, resolveHere } from '../canonical/gather.ts';
import { homeOfDefaultStateDir, isInsideCodexHome } from '../canonical/layout.ts';
import { effectivePaths, existingConfigIn } from '../canonical/openclaw-paths.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Env } from '../canonical/types.ts';
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
  fsProbe.isDir(dir) && (!!existingConfigIn(dir, fsProbe) || fsProbe.isDir(path.join(dir, 'agents')) || fsProbe.isFile(path.join(dir, 'state', 'openclaw.sqlite')));

/**
 * What this shell resolves, as explain does: the canonical sources; when none names a state dir and
 * this shell is not inside a codex home, the paths `openclaw` itself would use here ($HOME/.openclaw,
 * OPENCLAW_HOME...). Inside a codex home only the canonical state counts, never the shadow.
 */
export function shellPaths(env: Env, cwd: string): Paths | undefined {
  const r = resolveHere({ env, cwd }).resolution;
  if (r.canonical) return { stateDir: r.canonical.stateDir.value, configPath: r.canonical.configPath.value, home: r.canonical.home.value };
  if (r.isolation.isolatedHome || r.isolation.codexHome) return undefined;
  const osHome = passwdHome();
  const p = effectivePaths(env, { cwd, probe: fsProbe, ...(osHome ? { osHome } : {}) });
  if (isInsideCodexHome(p.stateDir, env.CODEX_HOME ? [env.CODEX_HOME] : []) || !looksLikeStateDir(p.stateDir)) return undefined;
  return p;
}

const flaggedPaths = (flags: ExplicitPaths, env: Env, cwd: string): Paths | undefined => {
  const c = resolveHere({ env, cwd, flags }).resolution.canonical;
  return c ? { stateDir: c.stateDir.value, configPath: c.configPath.value, home: c.home.value } : undefined;
};

function explicitStateDir(flags: ExplicitPaths & { stateDir: string }, cwd: string): Paths {
  const stateDir = path.resolve(cwd, flags.stateDir);
  if (!fs.statSync(stateDir, { throwIfNoEntry: false })?.isDirectory()) throw new ExitError(EXIT.NO_INPUT, `state dir ${stateDir} does not exist or is not a directory`);
  const configPath = flags.configPath ? path.resolve(cwd, flags.configPath) : existingConfigIn(stateDir, fsProbe) ?? path.join(stateDir, 'openclaw.json');
  const home = flags.home ? path.resolve(cwd, flags.home) : homeOfDefaultStateDir(stateDir) ?? path.dirname(stateDir);
  return { stateDir, configPath, home };
}

export function resolveTarget(flags: ExplicitPaths, env: Env = process.env, cwd = process.cwd()): Target {
  const shell = shellPaths(env, cwd);
  const withShell = (p: Paths): Target => ({ ...p, ...(shell ? { shellStateDir: shell.stateDir } : {}) });
  if (flags.stateDir) return withShell(explicitStateDir({ ...flags, stateDir: flags.stateDir }, cwd));
  const r = flags.configPath || flags.home ? flaggedPaths(flags, env, cwd) : shell;
  if (!r) throw new ExitError(EXIT.NO_INPUT, 'cannot tell which state dir to check: pass --state-dir (see openclaw-shim explain)');
  return withShell(r);
}
