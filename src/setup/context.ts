// Where setup and uninstall act: the canonical state as the operator's shell sees it, and the real CLI.
import fs from 'node:fs';
import path from 'node:path';
import { fsProbe, passwdHome, resolveHere } from '../canonical/gather.ts';
import { detectIsolation, knownCodexHomes } from '../canonical/isolation.ts';
import { effectivePaths } from '../canonical/openclaw-paths.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Canonical, Disagreement, Env } from '../canonical/types.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { findRealOnPath } from '../shim/find-real.ts';
import { canonicalCliEnv, type Canon, type OpenclawCli } from './openclaw-cli.ts';
import { findGateways } from '../doctor/gateways.ts';
import { readSetupRecord } from './record.ts';
import { refuseUnreachable } from '../lib/unreachable.ts';
import { requireNamedFile } from '../lib/named-file.ts';
import { readAsOwnerOf } from '../lib/read-as-owner.ts';

export interface SetupOptions {
  env: Env;
  cwd: string;
  flags: ExplicitPaths;
  realOpenclaw?: string;
  nodePath: string;
  /** `--no-login-shells` */
  loginShellsOff?: boolean;
}

export interface Context {
  canon: Canon;
  /** The same paths with where each came from (recorded in every capture setup writes). */
  fields: Canonical;
  /** Where the canonical state came from, in words. */
  source: string;
  disagreements: Disagreement[];
  realOpenclaw: string;
  nodePath: string;
  cli: OpenclawCli;
  env: Env;
}

/** Flags win; else, in a shell that is not inside a codex home, the paths `openclaw` itself would use here. */
function shellPaths(opts: SetupOptions): { flags: ExplicitPaths; source: string; fromShell?: boolean } {
  if (opts.flags.stateDir || opts.flags.configPath || opts.flags.home)
    return { flags: opts.flags, source: '--state-dir/--config-path/--home' };
  const isolation = detectIsolation(opts.env, opts.cwd, knownCodexHomes(opts.env));
  if (isolation.isolatedHome) return { flags: {}, source: 'the canonical sources (this shell is inside a Codex home)' };
  const home = passwdHome();
  const p = effectivePaths(opts.env, { cwd: opts.cwd, probe: fsProbe, ...(home ? { osHome: home } : {}) });
  const gateway = fsProbe.isDir(p.stateDir) ? undefined : runningGatewayState(opts);
  if (gateway) return { flags: { stateDir: gateway.stateDir, configPath: gateway.configPath }, source: gateway.source };
  return {
    flags: { stateDir: p.stateDir, configPath: p.configPath, home: p.home },
    source: "this shell's OpenClaw environment",
    fromShell: true,
  };
}

/**
 * Root whose own shell names no state (no ~/.openclaw, no OPENCLAW_*): the one gateway running on this
 * host, as its lock and /proc show it, is the state meant; two or more gateways stay a question for --state-dir.
 */
function runningGatewayState(opts: SetupOptions): { stateDir: string; configPath: string; source: string } | undefined {
  if (
    process.getuid?.() !== 0 ||
    Object.keys(opts.env).some((k) => /^(OPENCLAW|CLAWDBOT)_(STATE_DIR|CONFIG_PATH|HOME|PROFILE)$/.test(k))
  )
    return undefined;
  // As doctor: OPENCLAW_SHIM_GATEWAY_LOCK_DIRS names the 2026.5 lock dirs instead of every user's tmp ones.
  const lockDirs = opts.env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS?.split(':').filter(Boolean);
  const live = findGateways({
    ...(lockDirs ? { lockDirs } : {}),
    stateDirs: [],
    procRoot: '/proc',
  }).locks.filter((l) => l.alive);
  const configs = [...new Set(live.map((l) => l.configPath))];
  if (configs.length !== 1) return undefined;
  const pids = live
    .filter((l) => l.configPath === configs[0])
    .map((l) => l.pid)
    .join(', ');
  return {
    stateDir: path.dirname(configs[0]!),
    configPath: configs[0]!,
    source: `the gateway running on this host (pid ${pids}, seen in /proc and its lock)`,
  };
}

/** Paths setup derived from the shell were passed on as flags: record them as derived, not as --state-dir. */
const relabel = (c: Canonical, fromShell: boolean | undefined): Canonical => {
  if (!fromShell) return c;
  const f = (x: Canonical['home']) =>
    x.source === 'explicit-flag'
      ? { ...x, source: 'derived' as const, detail: "this shell's OpenClaw environment (HOME, OPENCLAW_*)" }
      : x;
  return {
    stateDir: f(c.stateDir),
    configPath: f(c.configPath),
    home: f(c.home),
    ...(c.osHome ? { osHome: f(c.osHome) } : {}),
  };
};

/**
 * Neither root nor allowed to read the state dir (or to enter a dir on the way, such as a 0700 home): refused as
 * a stranger (77), with the exact command as its owner.
 */
const notReadableHere = (stateDir: string): void => refuseUnreachable(stateDir, 'The state dir');

export function resolveCanon(opts: SetupOptions): Pick<Context, 'canon' | 'fields' | 'source' | 'disagreements'> {
  const { flags, source, fromShell } = shellPaths(opts);
  const { resolution } = resolveHere({ env: opts.env, cwd: opts.cwd, flags });
  const c = resolution.canonical;
  const flagged = resolution.candidates.find((x) => x.source === 'explicit-flag');
  if (!c || (flagged && !flagged.ok)) {
    const tried = resolution.candidates
      .map((x) => `  - ${x.source}: ${x.detail}${x.reason ? ` -> ${x.reason}` : ''}`)
      .join('\n');
    // A dir this user may not read is a permission problem (77, with the owner's command), not "no config" (66).
    if (flagged && !flagged.ok && flags.stateDir) notReadableHere(path.resolve(opts.cwd, flags.stateDir));
    // A flag that names an unusable dir is the problem itself: no "pass --state-dir" to someone who did.
    if (flagged && !flagged.ok && opts.flags === flags)
      throw new ExitError(EXIT.NO_INPUT, `the state dir you named cannot be used: ${flagged.reason}`);
    const why = flagged?.reason ?? 'no source named a usable state dir';
    throw new ExitError(
      EXIT.NO_INPUT,
      `no OpenClaw state dir to set up (${why}); pass --state-dir <gateway state dir>.\nTried (from ${source}):\n${tried}`,
    );
  }
  return {
    canon: { stateDir: c.stateDir.value, configPath: c.configPath.value, home: c.home.value },
    fields: relabel(c, fromShell),
    source,
    disagreements: resolution.disagreements,
  };
}

/** The real openclaw setup recorded for this state, when it is still there (root's PATH rarely has the owner's). */
function recordedOpenclaw(stateDir: string): string | undefined {
  try {
    const bin = readSetupRecord(stateDir)?.realOpenclaw;
    return bin && path.isAbsolute(bin) && fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

type Found = ReturnType<typeof findRealOnPath>;

/**
 * The real openclaw named by --real-openclaw or found on this shell's PATH: root's own surroundings,
 * looked at before anything of the state is read (the owner may not even see root's PATH).
 */
function realNamedOrOnPath(opts: SetupOptions): Found {
  if (!opts.realOpenclaw) return findRealOnPath(opts.env);
  const file = path.resolve(opts.cwd, opts.realOpenclaw);
  requireNamedFile(file, '--real-openclaw');
  return { ok: true, path: file, source: '--real-openclaw' };
}

/** Not named and not on PATH: the one setup recorded for this state (read as the state's owner by now). */
function resolveRealOpenclaw(found: Found, stateDir?: string): string {
  const recorded = !found.ok && stateDir ? recordedOpenclaw(stateDir) : undefined;
  if (recorded) return recorded;
  if (!found.ok) {
    // The shim's own advice (install --real-openclaw) is not setup's: keep the fact, give setup's flag.
    const what = found.message
      .trim()
      .replace(/^openclaw-shim: /, '')
      .replace(/\s*\(besides this shim\)/, ' (besides a shim)')
      .replace(/;.*$/s, '');
    throw new ExitError(found.code, `${what}; put it on PATH or name it: --real-openclaw PATH`);
  }
  return found.path;
}

/** The dirs the flags name, for becoming their owner before resolving through them. */
const flaggedDirs = (opts: SetupOptions): Array<string | undefined> =>
  [opts.flags.stateDir, opts.flags.configPath && path.dirname(opts.flags.configPath), opts.flags.home].map((d) =>
    d ? path.resolve(opts.cwd, d) : undefined,
  );

/**
 * Root on another user's state reads it as that user (an agent of theirs may have linked setup.json, the
 * config or a codex home to a root-only file): it becomes the owner of the dirs the flags name before
 * resolving, else of the state dir resolved from root's shell (probes only), before setup.json is read.
 */
export function resolveCanonAsOwner(opts: SetupOptions): ReturnType<typeof resolveCanon> {
  readAsOwnerOf(flaggedDirs(opts));
  const canon = resolveCanon(opts);
  readAsOwnerOf([canon.canon.stateDir]);
  return canon;
}

export function resolveContext(opts: SetupOptions): Context {
  const found = realNamedOrOnPath(opts);
  const canon = resolveCanonAsOwner(opts);
  const realOpenclaw = resolveRealOpenclaw(found, canon.canon.stateDir);
  return {
    ...canon,
    realOpenclaw,
    nodePath: opts.nodePath,
    env: opts.env,
    cli: { bin: realOpenclaw, env: canonicalCliEnv(opts.env, canon.canon) },
  };
}
