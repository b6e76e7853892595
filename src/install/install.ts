// Installs the shim and its capture into one Codex home, idempotently, and says what it did.
import fs from 'node:fs';
import path from 'node:path';
import { CAPTURE_SCHEMA, CAPTURE_VERSION, type Capture, type CapturedNode } from '../canonical/capture.ts';
import { fsProbe, passwdHome, readGatewayLocks } from '../canonical/gather.ts';
import { resolveCanonical } from '../canonical/resolve.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Canonical, Env, Field, Resolution } from '../canonical/types.ts';
import { findRealOnPath } from '../shim/find-real.ts';
import { packageRecordOf } from '../shim/real-script.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { refuseUnreachable } from '../lib/unreachable.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { capturePathOf, shimDirOf } from '../layout/codex-home.ts';
import { profileHomeFor, writeLoginFiles, type LoginFileAction } from '../login/profiles.ts';
import { prependOnce } from '../lib/path-list.ts';
import { nodeInfo } from './gateway-node.ts';
import { actAsOwner, becameOwner, giveToOwnerOf } from '../lib/owner.ts';
import { requireNamedFile } from '../lib/named-file.ts';
import { homeWarning } from './home-warning.ts';
import { packageVersion } from '../lib/package-files.ts';
import { shimFileText } from './shim-file.ts';
import { readRegularFile } from '../lib/read-regular.ts';

export type FileAction = 'created' | 'updated' | 'unchanged';

export interface InstallOptions {
  codexHome: string;
  flags?: ExplicitPaths;
  realOpenclaw?: string;
  env: Env;
  cwd?: string;
  /** Who is installing, recorded in the capture. */
  command: 'install' | 'launch' | 'setup';
  /** The Node the shim's prelude tries first. */
  nodePath?: string;
  /** The gateway's Node (the launcher reads it from its parent); else the capture records `nodePath`'s. */
  gatewayNode?: CapturedNode;
  /** The launcher passes the gateway's environment as a source. */
  parentEnv?: { pid: number; env: Env };
  /** Paths already resolved by the caller (setup), recorded with their own sources instead of as flags. */
  known?: Canonical;
}

export interface InstallResult {
  codexHome: string;
  shimDir: string;
  shimPath: string;
  capturePath: string;
  capture: Capture;
  resolution: Resolution;
  actions: Array<{ path: string; action: FileAction }>;
  /** The login-shell files (login-path.sh, profile blocks in the isolated home); a failure there is reported here, never fatal. */
  login: LoginFileAction[];
  /** Things the operator should know (a home guessed from this shell). */
  warnings: string[];
}

/** Resolves without the codex home's old capture: a re-install must re-derive, not echo itself. */
function resolveForInstall(opts: InstallOptions): Resolution {
  const env: Env = { ...opts.env, CODEX_HOME: opts.codexHome };
  delete env.OPENCLAW_SHIM_CAPTURE;
  const home = passwdHome();
  return resolveCanonical({
    env,
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.flags ? { flags: opts.flags } : {}),
    ...(opts.parentEnv ? { parentEnv: opts.parentEnv } : {}),
    gatewayLocks: readGatewayLocks(),
    ...(home ? { passwdHome: home } : {}),
    probe: fsProbe,
  });
}

function writeIfChanged(file: string, text: string, mode: number): FileAction {
  const old = readRegularFile(file);
  if (old === text && (fs.statSync(file).mode & 0o777) === mode) return 'unchanged';
  writeFileAtomic(file, text, { mode });
  return 'updated';
}

function writeFile(file: string, text: string, mode: number): FileAction {
  if (!fs.existsSync(file)) {
    writeFileAtomic(file, text, { mode });
    return 'created';
  }
  return writeIfChanged(file, text, mode);
}

/** Same capture apart from its timestamp and writer: keep the old file untouched. */
function sameCapture(file: string, next: Capture): boolean {
  try {
    const old = JSON.parse(readRegularFile(file)) as Capture;
    const strip = (c: Capture): string => JSON.stringify({ ...c, createdAt: '', writer: null });
    return strip(old) === strip(next);
  } catch {
    return false;
  }
}

/** The PATH login shells get back: the gateway's at launch, the installing shell's otherwise (the next launch replaces it). */
function pathField(opts: InstallOptions, shimDir: string): Field | undefined {
  const value = opts.env.PATH?.split(path.delimiter)
    .filter((d) => d && path.resolve(d) !== shimDir)
    .join(path.delimiter);
  if (!value) return undefined;
  return opts.command === 'launch'
    ? { value, source: 'parent-env', detail: 'PATH the gateway started Codex with' }
    : { value, source: 'derived', detail: `PATH of openclaw-shim ${opts.command}; the launcher records the gateway's` };
}

function buildCapture(
  resolution: Resolution,
  opts: InstallOptions,
  realOpenclaw: Field | undefined,
  node: CapturedNode | undefined,
): Capture {
  const c = opts.known ?? resolution.canonical!;
  const realPackage = realOpenclaw ? packageRecordOf(realOpenclaw.value) : undefined;
  const gatewayPath = pathField(opts, shimDirOf(path.resolve(opts.codexHome)));
  return {
    schema: CAPTURE_SCHEMA,
    version: CAPTURE_VERSION,
    createdAt: new Date().toISOString(),
    writer: { command: opts.command, version: packageVersion() },
    stateDir: c.stateDir,
    configPath: c.configPath,
    home: c.home,
    ...(c.osHome ? { osHome: c.osHome } : {}),
    ...(realOpenclaw ? { realOpenclaw } : {}),
    codexHome: path.resolve(opts.codexHome),
    ...(gatewayPath ? { path: gatewayPath } : {}),
    ...(node ? { node } : {}),
    ...(realPackage ? { realPackage } : {}),
    disagreements: resolution.disagreements,
  };
}

function realOpenclawField(opts: InstallOptions, shimPath: string): Field | undefined {
  if (opts.realOpenclaw)
    return { value: path.resolve(opts.realOpenclaw), source: 'explicit-flag', detail: '--real-openclaw' };
  const found = findRealOnPath(opts.env, shimPath);
  return found.ok ? { value: found.path, source: 'derived', detail: 'first openclaw on PATH at install' } : undefined;
}

/** Login shells' PATH files; a failure here is reported, never fatal (the shim is what matters). */
function loginFiles(codexHome: string, envHome: string | undefined, gatewayPath: string): LoginFileAction[] {
  const home = profileHomeFor(codexHome, envHome);
  try {
    return writeLoginFiles({ codexHome, home, gatewayPath });
  } catch (error) {
    return [{ path: home ?? codexHome, action: 'skipped', why: (error as Error).message }];
  }
}
/** The Nodes the shim's prelude tries, in order: the chosen one, then the gateway's. */
export const shimNodes = (nodePath: string | undefined, node: CapturedNode | undefined): string[] => [
  nodePath ?? process.execPath,
  ...(node ? [node.path] : []),
];

export function installShim(opts: InstallOptions): InstallResult {
  const codexHome = path.resolve(opts.cwd ?? process.cwd(), opts.codexHome);
  if (!fsProbe.isDir(codexHome)) {
    refuseUnreachable(codexHome, 'The codex home');
    throw new ExitError(EXIT.NO_INPUT, `codex home ${codexHome} does not exist or is not a directory`);
  }
  const resolution = resolveForInstall({ ...opts, codexHome });
  const explicit = resolution.candidates.find((c) => c.source === 'explicit-flag');
  if (explicit && !explicit.ok) {
    if (explicit.stateDir) refuseUnreachable(explicit.stateDir, 'The state dir');
    throw new ExitError(EXIT.NO_INPUT, `the state dir you named cannot be used: ${explicit.reason}`);
  }
  if (!resolution.canonical) {
    const tried = resolution.candidates
      .map((c) => `  - ${c.source}: ${c.detail}${c.reason ? ` -> ${c.reason}` : ''}`)
      .join('\n');
    throw new ExitError(
      EXIT.NO_INPUT,
      `cannot determine the gateway's canonical state for ${codexHome}; pass --state-dir.\nTried:\n${tried}`,
    );
  }
  const shimDir = shimDirOf(codexHome);
  const shimPath = path.join(shimDir, 'openclaw');
  const capturePath = capturePathOf(codexHome);
  const real = realOpenclawField(opts, shimPath);
  if (opts.realOpenclaw) requireNamedFile(real!.value, '--real-openclaw');
  if (opts.realOpenclaw && !fsProbe.isFile(real!.value))
    throw new ExitError(EXIT.NOT_FOUND, `--real-openclaw ${real!.value} does not exist`);
  const node = opts.gatewayNode ?? nodeInfo(opts.nodePath ?? process.execPath);
  const capture = buildCapture(resolution, { ...opts, codexHome }, real, node);
  const actions: InstallResult['actions'] = [];
  const created = createdDirs(shimDir);
  // The launcher keeps the gateway's identity (it execs Codex); install and setup write as the owner or refuse.
  if (opts.command !== 'launch') actAsOwner(capture.stateDir.value, `The state dir ${capture.stateDir.value}`);
  // Root saw the named openclaw; the owner, whose gateway's shim runs it, must reach it too.
  if (opts.realOpenclaw && becameOwner()) requireNamedFile(real!.value, '--real-openclaw');
  const login: LoginFileAction[] = [];
  try {
    actions.push({ path: shimPath, action: writeFile(shimPath, shimFileText(shimNodes(opts.nodePath, node)), 0o755) });
    const captureAction: FileAction =
      fs.existsSync(capturePath) && sameCapture(capturePath, capture)
        ? 'unchanged'
        : fs.existsSync(capturePath)
          ? 'updated'
          : 'created';
    if (captureAction !== 'unchanged')
      writeFileAtomic(capturePath, `${JSON.stringify(capture, null, 2)}\n`, { mode: 0o600 });
    actions.push({ path: capturePath, action: captureAction });
    if (capture.path) login.push(...loginFiles(codexHome, opts.env.HOME, prependOnce(capture.path.value, shimDir)));
    const changed = [...actions, ...login]
      .filter((a) => a.action === 'created' || a.action === 'updated')
      .map((a) => a.path);
    if (opts.command === 'launch') giveToOwnerOf(codexHome, [...created, ...changed]);
  } catch (error) {
    if (error instanceof ExitError) throw error;
    throw new ExitError(EXIT.CANT_WRITE, `cannot write into ${codexHome}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const warning = homeWarning(capture.home, opts.flags);
  return {
    codexHome,
    shimDir,
    shimPath,
    capturePath,
    capture,
    resolution,
    actions,
    login,
    warnings: warning ? [warning] : [],
  };
}

/** The dirs writing `dir` will create, outermost first. */
function createdDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !fs.existsSync(d) && path.dirname(d) !== d; d = path.dirname(d)) out.unshift(d);
  return out;
}
