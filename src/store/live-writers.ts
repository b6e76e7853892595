// Every running OpenClaw process that may write a state dir: gateway locks of both generations, and a /proc scan.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readRegularFile } from '../lib/read-regular.ts';
import { gatewayLockDirs, readGatewayLocks } from '../canonical/gather.ts';
import { isWithin } from '../canonical/layout.ts';
import { passwdUsers } from '../lib/owner.ts';
import {
  isOpenclawArgv,
  lockOwnerStatus,
  procArgv,
  procPids,
  procUid,
  procUnit,
  type SystemdUnit,
} from '../lib/process-identity.ts';
import { everyUserLockDir, stateLockDirs, uidOfLockDir } from './gateway-lock-dirs.ts';
import { processStateDir } from './process-state.ts';

/** A process repair must not write behind: who it is and how we know it may write the state. */
export interface LiveWriter {
  pid: number;
  uid?: number;
  user?: string;
  command: string;
  /** How it was found: its lock, its environment, or a file it holds open. */
  why: string;
  unit?: SystemdUnit;
}

/** An OpenClaw process whose state could not be learnt (another user's, as a non-root user). */
export interface UnknownProcess {
  pid: number;
  uid?: number;
  user?: string;
  command: string;
  reason: string;
}

export interface WriterScan {
  writers: LiveWriter[];
  unknown: UnknownProcess[];
}

export interface WriterScanOptions {
  procRoot?: string;
  /** 2026.5 lock dirs; default `$TMPDIR/openclaw-<uid>` (or OPENCLAW_SHIM_GATEWAY_LOCK_DIRS), and every uid's under the tmp roots. */
  lockDirs?: string[];
  /** This process and any other pid never to count (default: this pid). */
  ignore?: number[];
}

/** The real path where it exists (a state reached through a link is the same state). */
const real = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

function defaultLockDirs(): string[] {
  if (process.env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS) return gatewayLockDirs();
  return [...gatewayLockDirs(), ...everyUserLockDir([os.tmpdir(), '/tmp'])];
}

/** A lock's extra fields OpenClaw judges its owner by (readGatewayLocks keeps pid and configPath only). */
function lockExtras(file: string): { startTime?: number; role?: string; stateDir?: string } {
  try {
    const data = JSON.parse(readRegularFile(file)) as Record<string, unknown>;
    return {
      ...(typeof data.startTime === 'number' ? { startTime: data.startTime } : {}),
      ...(typeof data.role === 'string' ? { role: data.role } : {}),
      ...(typeof data.stateDir === 'string' ? { stateDir: data.stateDir } : {}),
    };
  } catch {
    return {};
  }
}

/** Files under the state this process holds open (`/proc/<pid>/fd`), first one; undefined when none or unreadable. */
function openFileUnder(pid: number, procRoot: string, state: string): string | undefined {
  let fds: string[];
  try {
    fds = fs.readdirSync(`${procRoot}/${pid}/fd`);
  } catch {
    return undefined;
  }
  for (const fd of fds) {
    try {
      const target = fs.readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
      if (target.startsWith('/') && isWithin(target.replace(/ \(deleted\)$/, ''), state)) return target;
    } catch {
      // Closed meanwhile.
    }
  }
  return undefined;
}

const fdsReadable = (pid: number, procRoot: string): boolean => {
  try {
    fs.readdirSync(`${procRoot}/${pid}/fd`);
    return true;
  } catch {
    return false;
  }
};

/**
 * 2026.9's `gateway.state.lock` beside the config lock: the only one a gateway with
 * OPENCLAW_ALLOW_MULTI_GATEWAY=1 keeps. Same JSON; it lies in the state, so it is this state's.
 */
function stateLocks(inState: string[]): Array<{ file: string; pid: number; configPath: string }> {
  return inState.flatMap((d) => {
    const file = path.join(d, 'gateway.state.lock');
    try {
      const data = JSON.parse(readRegularFile(file)) as { pid?: unknown; configPath?: unknown };
      return typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0
        ? [{ file, pid: data.pid, configPath: typeof data.configPath === 'string' ? data.configPath : '' }]
        : [];
    } catch {
      return [];
    }
  });
}

function lockWriters(
  state: string,
  stateDir: string,
  procRoot: string,
  lockDirs: string[],
  users: ReturnType<typeof passwdUsers>,
): LiveWriter[] {
  const inState = stateLockDirs([stateDir]);
  const out: LiveWriter[] = [];
  for (const l of [
    ...readGatewayLocks([...new Set([...lockDirs, ...inState].map((d) => path.resolve(d)))]),
    ...stateLocks(inState),
  ]) {
    const extras = lockExtras(l.file);
    const owned =
      inState.some((d) => isWithin(l.file, d)) || isWithin(real(extras.stateDir ?? path.dirname(l.configPath)), state);
    if (!owned) continue;
    const status = lockOwnerStatus({ pid: l.pid, ...extras }, procRoot);
    if (status === 'dead') continue;
    const uid = procUid(l.pid, procRoot) ?? uidOfLockDir(path.basename(path.dirname(l.file)));
    const user = uid === undefined ? undefined : users.get(uid)?.name;
    const verified =
      status === 'unknown'
        ? 'alive, its identity unreadable here'
        : extras.startTime !== undefined
          ? 'alive with the start time the lock records'
          : 'alive with an OpenClaw command line';
    out.push({
      pid: l.pid,
      command: procArgv(l.pid, procRoot)?.join(' ') ?? 'command unknown',
      why: `gateway lock ${l.file} (${extras.role ?? 'gateway'}; ${verified})`,
      ...(uid !== undefined ? { uid } : {}),
      ...(user ? { user } : {}),
      ...(() => {
        const unit = procUnit(l.pid, undefined, procRoot);
        return unit ? { unit } : {};
      })(),
    });
  }
  return out;
}

/**
 * Every OpenClaw process that may write `stateDir` (or a shadow tree inside it): a gateway whose lock of
 * either generation names this state and whose pid is verified as OpenClaw verifies it (start time, else
 * argv), and every process whose argv is OpenClaw's and whose environment resolves to a state inside this
 * one, or that holds a file under it open. A process of another user whose environment cannot be read
 * (a non-root caller) is listed as unknown, not as a writer.
 */
export function findLiveWriters(stateDir: string, opts: WriterScanOptions = {}): WriterScan {
  const procRoot = opts.procRoot ?? '/proc';
  const ignore = new Set(opts.ignore ?? [process.pid]);
  const state = real(stateDir);
  const users = passwdUsers();
  const writers = new Map<number, LiveWriter>();
  const unknown: UnknownProcess[] = [];
  const tmpDirs: string[] = [];
  for (const pid of procPids(procRoot)) {
    if (ignore.has(pid)) continue;
    const args = procArgv(pid, procRoot);
    if (!args || !isOpenclawArgv(args)) continue;
    const uid = procUid(pid, procRoot);
    const user = uid === undefined ? undefined : users.get(uid)?.name;
    const who = { pid, command: args.join(' '), ...(uid !== undefined ? { uid } : {}), ...(user ? { user } : {}) };
    const st = processStateDir(pid, procRoot, uid === undefined ? undefined : users.get(uid)?.home);
    if (st.ok && st.env.TMPDIR?.trim() && uid !== undefined)
      tmpDirs.push(path.join(st.env.TMPDIR.trim(), `openclaw-${uid}`));
    const unit = procUnit(pid, st.ok ? st.env : undefined, procRoot);
    const held = openFileUnder(pid, procRoot, state);
    const mine = st.ok && isWithin(real(st.stateDir), state);
    if (mine || held) {
      writers.set(pid, {
        ...who,
        why: mine ? `its environment resolves its state to ${st.stateDir}` : `it holds ${held} open`,
        ...(unit ? { unit } : {}),
      });
    } else if (!st.ok && !fdsReadable(pid, procRoot)) {
      unknown.push({ ...who, reason: st.reason });
    }
  }
  for (const w of lockWriters(
    state,
    stateDir,
    procRoot,
    [...(opts.lockDirs ?? defaultLockDirs()), ...tmpDirs],
    users,
  )) {
    if (!ignore.has(w.pid) && !writers.has(w.pid)) writers.set(w.pid, w);
  }
  return { writers: [...writers.values()], unknown: unknown.filter((u) => !writers.has(u.pid)) };
}
