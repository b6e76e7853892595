// Which state dir doctor and repair act on: --state-dir, else what this shell resolves; with its config and home.
import fs from 'node:fs';
import path from 'node:path';
import { resolveHere } from '../canonical/gather.ts';
import { homeOfDefaultStateDir } from '../canonical/layout.ts';
import { existingConfigIn } from '../canonical/openclaw-paths.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import { fsProbe } from '../canonical/gather.ts';
import type { Env } from '../canonical/types.ts';
import { EXIT, ExitError } from '../lib/exit.ts';

export interface Target {
  stateDir: string;
  configPath: string;
  home: string;
  /** What this shell resolves without flags (for the gateway check); undefined when nothing does. */
  shellStateDir?: string;
}

export function resolveTarget(flags: ExplicitPaths, env: Env = process.env, cwd = process.cwd()): Target {
  const shell = resolveHere({ env, cwd }).resolution.canonical;
  if (flags.stateDir) {
    const stateDir = path.resolve(cwd, flags.stateDir);
    if (!fs.statSync(stateDir, { throwIfNoEntry: false })?.isDirectory()) throw new ExitError(EXIT.NO_INPUT, `state dir ${stateDir} does not exist or is not a directory`);
    const configPath = flags.configPath ? path.resolve(cwd, flags.configPath) : existingConfigIn(stateDir, fsProbe) ?? path.join(stateDir, 'openclaw.json');
    const home = flags.home ? path.resolve(cwd, flags.home) : homeOfDefaultStateDir(stateDir) ?? path.dirname(stateDir);
    return { stateDir, configPath, home, ...(shell ? { shellStateDir: shell.stateDir.value } : {}) };
  }
  const r = flags.configPath || flags.home ? resolveHere({ env, cwd, flags }).resolution.canonical : shell;
  if (!r) throw new ExitError(EXIT.NO_INPUT, 'cannot tell which state dir to check: pass --state-dir (see openclaw-shim explain)');
  return { stateDir: r.stateDir.value, configPath: r.configPath.value, home: r.home.value, ...(shell ? { shellStateDir: shell.stateDir.value } : {}) };
}
