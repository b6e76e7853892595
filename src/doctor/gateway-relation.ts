// Which running gateways concern the examined state (its user's default state, their launcher, captures), and the state each uses.
import path from 'node:path';
import { parseCapture } from '../canonical/capture.ts';
import { isWithin } from '../canonical/layout.ts';
import { effectivePaths } from '../canonical/openclaw-paths.ts';
import type { GatewayLockInfo } from '../canonical/sources.ts';
import type { Env } from '../canonical/types.ts';
import { fsProbe } from '../canonical/gather.ts';
import { readProcessEnv } from '../launch/parent-env.ts';
import { capturePathOf } from '../layout/codex-home.ts';
import { passwdUsers } from '../lib/owner.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { readConfigFacts } from '../store/config.ts';
import { discoverCodexHomes } from '../store/discover.ts';
import type { ReadEnv } from './launcher-env.ts';

/** A live or dead gateway as doctor judges it against the examined state. */
export interface GatewayView {
  lock: GatewayLockInfo;
  /** The state it really uses: its environment resolved as OpenClaw does, else its config's dir. */
  stateDir: string;
  /** Why it concerns the examined state, in words; undefined when nothing relates the two. */
  relation?: string;
}

const same = (a: string, b: string): boolean => path.resolve(a) === path.resolve(b);

/** The state dir a capture file names, when it is a valid capture. */
function capturedState(codexHome: string): string | undefined {
  try {
    const read = parseCapture(readRegularFile(capturePathOf(codexHome), { noFollow: true }));
    return read.ok ? read.capture.stateDir.value : undefined;
  } catch {
    return undefined;
  }
}

const readProcEnv: ReadEnv = (pid) => {
  const r = readProcessEnv(pid);
  return r.ok ? r.env : undefined;
};

/**
 * What ties gateway `l` (on `gwState`) to the examined state `examined`: the examined state is its user's default
 * (`<passwd home>/.openclaw`, what that user's shell resolves without variables), its launcher lies in the examined
 * state, or a capture of either side's codex homes names the other.
 */
function relationOf(
  examined: string,
  examinedHomes: readonly string[],
  l: GatewayLockInfo,
  gwState: string,
  env: Env | undefined,
  home: string | undefined,
): string | undefined {
  if (home && same(path.join(home, '.openclaw'), examined))
    return `${examined} is the default state of its user${l.user ? ` ${l.user}` : ''}, which a shell without OpenClaw variables uses`;
  const config = readConfigFacts(l.configPath, home ?? path.dirname(gwState), gwState);
  const launchers = [env?.OPENCLAW_CODEX_APP_SERVER_BIN?.trim(), config.codexCommand].filter((b): b is string => !!b);
  const launcher = launchers.find((b) => path.isAbsolute(b) && isWithin(b, examined));
  if (launcher) return `its Codex command ${launcher} lies in ${examined}`;
  const mine = examinedHomes.find((h) => {
    const s = capturedState(h);
    return s !== undefined && same(s, gwState);
  });
  if (mine) return `the capture in ${mine} names ${gwState}`;
  const theirs = discoverCodexHomes(gwState, config.agents).find((h) => {
    const s = capturedState(h.path);
    return s !== undefined && same(s, examined);
  });
  return theirs ? `the capture in its codex home ${theirs.path} names ${examined}` : undefined;
}

/**
 * The state a gateway uses: its environment (`env`, from /proc) resolved as OpenClaw does, else its config's dir.
 * /proc shows the environment it started with: trusted only where it resolves the config the lock names
 * (`--profile` sets its variables inside the process, and then the lock's config dir is the better word).
 */
export function gatewayStateDir(l: GatewayLockInfo, env: Env | undefined, home: string | undefined): string {
  const fromEnv = env && effectivePaths(env, { cwd: '/', probe: fsProbe, ...(home ? { osHome: home } : {}) });
  return fromEnv && same(fromEnv.configPath, l.configPath) ? fromEnv.stateDir : path.dirname(l.configPath);
}

/** `gatewayStateDir` of a lock, reading its live gateway's environment (doctor's JSON `gateways[].stateDir`). */
export function stateDirOfLock(l: GatewayLockInfo, readEnv: ReadEnv = readProcEnv, users = passwdUsers()): string {
  const home = l.uid === undefined ? undefined : users.get(l.uid)?.home;
  return gatewayStateDir(l, l.alive ? readEnv(l.pid) : undefined, home);
}

/** Each gateway lock with the state its gateway uses and, for those on another state, what ties it to `examined`. */
export function gatewayViews(
  examined: string,
  examinedHomes: readonly string[],
  locks: readonly GatewayLockInfo[],
  readEnv: ReadEnv = readProcEnv,
  users = passwdUsers(),
): GatewayView[] {
  return locks.map((l) => {
    const home = l.uid === undefined ? undefined : users.get(l.uid)?.home;
    const env = l.alive ? readEnv(l.pid) : undefined;
    const stateDir = gatewayStateDir(l, env, home);
    if (!l.alive || same(stateDir, examined)) return { lock: l, stateDir };
    const relation = relationOf(examined, examinedHomes, l, stateDir, env, home);
    return { lock: l, stateDir, ...(relation ? { relation } : {}) };
  });
}
