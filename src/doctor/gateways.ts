// Finds running OpenClaw gateways of every user and both lock generations, for doctor (never the shim).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readGatewayLocks } from '../canonical/gather.ts';
import type { GatewayLockInfo } from '../canonical/sources.ts';
import { parsePasswd } from '../lib/owner.ts';
import { processStateDir } from '../store/process-state.ts';
import { everyUserLockDir, stateLockDirs, uidOfLockDir as uidOfDir } from '../store/gateway-lock-dirs.ts';
import { heldGatewayLock, isAlive, isGatewayProcess, procEntries } from '../lib/process-identity.ts';

/**
 * Where gateways leave locks. 2026.5.x: `${os.tmpdir()}/openclaw-<uid>/gateway.<hash>.lock`.
 * 2026.9.x (`resolveGatewayLockDir` in dist/paths-*.mjs): inside the state it serves,
 * `<state>/tmp/openclaw-<uid>/gateway.<hash>.lock` (plus `gateway.state.lock` and `*.lock.sqlite`
 * coordinators); both hold JSON `{pid, configPath, ...}`, 2026.9 adds `stateDir` and `port`.
 */
export interface GatewaySources {
  /** 2026.5-style lock dirs to read as they are, instead of every user's (`OPENCLAW_SHIM_GATEWAY_LOCK_DIRS`). */
  lockDirs?: string[];
  /** Tmp roots whose `openclaw-<uid>` dirs are read for every uid (default: os.tmpdir() and /tmp). */
  tmpRoots?: string[];
  /** State dirs whose 2026.9 lock dirs are read (the one examined, plus any found in /proc). */
  stateDirs: string[];
  /** `/proc`, or undefined to not look at processes. */
  procRoot?: string;
}

/** A live gateway process seen in /proc whose state this process could not learn. */
export interface UnknownGateway {
  pid: number;
  uid: number;
  user?: string;
  reason: string;
}

export interface Gateways {
  locks: GatewayLockInfo[];
  unknown: UnknownGateway[];
}

interface ProcGateway {
  pid: number;
  uid: number;
  stateDir?: string;
  tmpDir?: string;
  /** The dir of the lock it holds open (a 2026.5 gateway's), wherever its TMPDIR was. */
  heldLockDir?: string;
  reason?: string;
}

function procGateways(procRoot: string, homes: ReturnType<typeof parsePasswd>): ProcGateway[] {
  const out: ProcGateway[] = [];
  for (const { pid, cmdline, uid } of procEntries(procRoot)) {
    if (!isGatewayProcess(pid, cmdline, procRoot)) continue;
    const held = heldGatewayLock(pid, procRoot);
    const lockDir = held ? { heldLockDir: path.dirname(held) } : {};
    const state = processStateDir(pid, procRoot, homes.get(uid)?.home);
    if (!state.ok) {
      out.push({ pid, uid, reason: state.reason, ...lockDir });
      continue;
    }
    out.push({ pid, uid, stateDir: state.stateDir, tmpDir: state.env.TMPDIR?.trim() || '/tmp', ...lockDir });
  }
  return out;
}

const userOf = (uid: number | undefined, homes: ReturnType<typeof parsePasswd>): { uid?: number; user?: string } =>
  uid === undefined ? {} : { uid, ...(homes.get(uid) ? { user: homes.get(uid)!.name } : {}) };

function readPasswd(): ReturnType<typeof parsePasswd> {
  try {
    return parsePasswd(fs.readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return new Map();
  }
}

/** Every gateway lock of every user in every place either release keeps it, and gateways seen only in /proc. */
export function findGateways(src: GatewaySources): Gateways {
  const homes = readPasswd();
  const procs = src.procRoot ? procGateways(src.procRoot, homes) : [];
  const dirs = [
    ...(src.lockDirs ?? everyUserLockDir(src.tmpRoots ?? [os.tmpdir(), '/tmp'])),
    ...stateLockDirs([...src.stateDirs, ...procs.flatMap((g) => (g.stateDir ? [g.stateDir] : []))]),
    ...procs.flatMap((g) => (g.tmpDir && !src.lockDirs ? [path.join(g.tmpDir, `openclaw-${g.uid}`)] : [])),
    // The lock a gateway process holds open is its own, not a guessed dir: read even where lockDirs replaces those.
    ...procs.flatMap((g) => (g.heldLockDir ? [g.heldLockDir] : [])),
  ];
  const seen = new Set<string>();
  const locks: GatewayLockInfo[] = [];
  for (const l of readGatewayLocks([...new Set(dirs.map((d) => path.resolve(d)))])) {
    const key = `${l.pid}\0${l.configPath}`;
    if (seen.has(key)) continue;
    seen.add(key);
    locks.push({ ...l, ...userOf(uidOfDir(path.basename(path.dirname(l.file))), homes) });
  }
  const known = new Set(locks.filter((l) => l.alive).map((l) => l.pid));
  const unknown: UnknownGateway[] = procs
    .filter((g) => !known.has(g.pid) && isAlive(g.pid))
    .map((g) => ({
      pid: g.pid,
      ...userOf(g.uid, homes),
      uid: g.uid,
      reason: g.reason ?? `no lock naming pid ${g.pid} under ${g.stateDir ?? 'its state'}`,
    }));
  return { locks, unknown };
}
