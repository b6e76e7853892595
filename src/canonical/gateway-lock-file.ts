// Which gateway lock to believe: in a dir only its uid (or root) can write, and naming the live gateway it says it is.
import fs from 'node:fs';
import path from 'node:path';
import { isGatewayCmdline, isOpenclawTitle, procCmdline, procStartTime } from '../lib/process-identity.ts';
import { openRegular } from '../lib/read-regular.ts';

/** The uid a lock dir belongs to by its name (`openclaw-<uid>`), else `fallback` (a dir named by the operator). */
export const expectedUidOf = (dir: string, fallback: number): number => {
  const m = /^openclaw-(\d+)$/.exec(path.basename(dir));
  return m ? Number(m[1]) : fallback;
};

/** Owned by `uid` or root, and no one else may write it (pure). */
export const ownedAndClosed = (st: { uid: number; mode: number }, uid: number): boolean =>
  (st.uid === uid || st.uid === 0) && (st.mode & 0o022) === 0;

/**
 * A real directory (not a link) that only `uid` or root could have filled (anyone can create a dir in
 * /tmp first): its owner's uid, else undefined.
 */
export function trustedLockDir(dir: string, uid: number): number | undefined {
  try {
    const st = fs.lstatSync(dir);
    return st.isDirectory() && ownedAndClosed(st, uid) ? st.uid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The lock's text when it is a regular file (no link, no FIFO) of the dir's owner `uid` that no one else may
 * write (a root file hard-linked into a user's dir is not that user's lock).
 */
export function readTrustedLock(file: string, uid: number): string | undefined {
  let fd: number;
  try {
    fd = openRegular(file, { noFollow: true });
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.uid !== uid || (st.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Whether the lock's holder is the gateway it claims to be, as OpenClaw judges it (resolveGatewayOwnerStatus):
 * the pid exists, its start time equals the lock's `startTime` when the lock has one, and its command is
 * a gateway's when /proc shows it. Pid 1, a recycled pid or a shell never pass. Off Linux: the pid alone.
 */
export function holderIsGateway(
  pid: number,
  startTime: unknown,
  alive: (pid: number) => boolean,
  procRoot = '/proc',
): boolean {
  if (!alive(pid)) return false;
  if (process.platform !== 'linux') return true;
  const recorded = typeof startTime === 'number' && Number.isFinite(startTime) ? startTime : undefined;
  if (recorded !== undefined && procStartTime(pid, procRoot) !== recorded) return false;
  const cmdline = procCmdline(pid, procRoot);
  if (cmdline === undefined) return recorded !== undefined;
  // A 2026.5 gateway retitles itself plain `openclaw`: with its start time matched, an OpenClaw title is enough.
  return isGatewayCmdline(cmdline) || (recorded !== undefined && isOpenclawTitle(cmdline));
}
