// OpenClaw's `sessions.json.lock` protocol: exclusive create, JSON {pid, startedAt}, 10 s wait, never break a live lock.
import fs from 'node:fs';
import { openRegular } from './read-regular.ts';
import { isAlive as defaultIsAlive } from './process-identity.ts';
import { describeHolder, describeNotALock, inspectLock, notALock, type NotALock } from './lock-holder.ts';
import { writeAll } from './write-all.ts';

/** OpenClaw's `withSessionStoreLock` defaults (src/config/sessions/store.ts). */
const LOCK_TIMEOUT_MS = 10_000;
const LOCK_STALE_MS = 30_000;
const LOCK_POLL_MS = 25;

export interface LockPayload {
  pid: number;
  /** Epoch milliseconds, as OpenClaw writes it (`Date.now()`). */
  startedAt: number;
}

export interface LockOptions {
  /** At most LOCK_TIMEOUT_MS; `OPENCLAW_SHIM_LOCK_WAIT_MS` may shorten it. */
  timeoutMs?: number;
  staleMs?: number;
  pollMs?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  /** Stops the wait (the AbortSignal's reason is thrown): repair interrupted by SIGINT. */
  signal?: AbortSignal;
}

export interface HeldLock {
  lockPath: string;
  payload: LockPayload;
  release(): void;
}

/** Thrown when a live process (or a fresh lock) keeps the lock past the wait. */
export class LockBusyError extends Error {
  readonly lockPath: string;
  readonly holder: Partial<LockPayload> | undefined;

  constructor(lockPath: string, holder: Partial<LockPayload> | undefined) {
    // Age, holder command and the safe way out (lock-holder.ts); the bare pid when the lock is gone meanwhile.
    const seen = inspectLock(lockPath);
    const who = seen
      ? describeHolder(seen)
      : `${lockPath} is held by ${holder?.pid ? `process ${holder.pid}` : 'another writer'}`;
    super(`${who}; nothing was written to that store`);
    this.name = 'LockBusyError';
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

/** A link, directory or FIFO where the lock goes: said at once, never waited on (and never removed: it may be an operator's). */
export class LockNotAFileError extends LockBusyError {
  readonly found: NotALock;

  constructor(found: NotALock) {
    super(found.lockPath, undefined);
    this.name = 'LockNotAFileError';
    this.message = `${describeNotALock(found)}; nothing was written to that store`;
    this.found = found;
  }
}

export const lockPathOf = (storePath: string): string => `${storePath}.lock`;

/** The wait: the caller's, capped at OpenClaw's 10 s; the env knob can only shorten it. */
export function effectiveTimeout(requested: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.OPENCLAW_SHIM_LOCK_WAIT_MS);
  const wanted = requested ?? (Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : LOCK_TIMEOUT_MS);
  return Math.min(Math.max(0, wanted), LOCK_TIMEOUT_MS);
}

/** Parses a lock file's text; undefined when it is not OpenClaw's JSON (e.g. being written). */
function parseLockPayload(text: string): Partial<LockPayload> | undefined {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    if (!data || typeof data !== 'object') return undefined;
    const out: Partial<LockPayload> = {};
    if (typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0) out.pid = data.pid;
    if (typeof data.startedAt === 'number' && Number.isFinite(data.startedAt)) out.startedAt = data.startedAt;
    return out;
  } catch {
    return undefined;
  }
}

interface Snapshot {
  text: string;
  ino: number;
  mtimeMs: number;
}

function snapshot(lockPath: string): Snapshot | undefined {
  try {
    const fd = openRegular(lockPath, { noFollow: true });
    try {
      const st = fs.fstatSync(fd);
      return { text: fs.readFileSync(fd, 'utf8'), ino: st.ino, mtimeMs: st.mtimeMs };
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Whether a lock may be taken over: older than `staleMs` AND its holder is not alive. A lock
 * without a pid (unreadable, half-written) is judged by age alone; a live holder never is.
 */
export function isStaleLock(
  snap: { text: string; mtimeMs: number },
  now: number,
  staleMs: number,
  alive: (pid: number) => boolean,
): boolean {
  const payload = parseLockPayload(snap.text);
  const started = payload?.startedAt ?? snap.mtimeMs;
  if (now - started <= staleMs) return false;
  return payload?.pid === undefined ? true : !alive(payload.pid);
}

/** Removes a stale lock only if it is still the very file we judged (same inode and bytes). */
function removeIfUnchanged(lockPath: string, snap: Snapshot): void {
  const again = snapshot(lockPath);
  if (again && again.ino === snap.ino && again.text === snap.text) fs.rmSync(lockPath, { force: true });
}

function tryCreate(lockPath: string, payload: LockPayload): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeAll(fd, JSON.stringify(payload));
  } catch (error) {
    // A lock cut short by a full disk is no lock: take it back, then say why.
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true });
    throw Object.assign(error as Error, { target: lockPath });
  }
  fs.closeSync(fd);
  return true;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Takes `<storePath>.lock` the way OpenClaw does; throws LockBusyError after the wait. */
export async function acquireSessionStoreLock(storePath: string, opts: LockOptions = {}): Promise<HeldLock> {
  const lockPath = lockPathOf(storePath);
  const now = opts.now ?? Date.now;
  const alive = opts.isAlive ?? defaultIsAlive;
  const timeoutMs = effectiveTimeout(opts.timeoutMs);
  const staleMs = opts.staleMs ?? LOCK_STALE_MS;
  const start = now();
  for (;;) {
    const payload: LockPayload = { pid: process.pid, startedAt: now() };
    if (tryCreate(lockPath, payload)) return held(lockPath, payload);
    const odd = notALock(lockPath);
    if (odd) throw new LockNotAFileError(odd);
    const snap = snapshot(lockPath);
    if (snap && isStaleLock(snap, now(), staleMs, alive)) {
      removeIfUnchanged(lockPath, snap);
      continue;
    }
    if (now() - start >= timeoutMs) throw new LockBusyError(lockPath, snap ? parseLockPayload(snap.text) : undefined);
    opts.signal?.throwIfAborted();
    await sleep(opts.pollMs ?? LOCK_POLL_MS);
    opts.signal?.throwIfAborted();
  }
}

/** Every lock this process holds now: a process that must exit at once (a second SIGINT) releases them all. */
const heldNow = new Set<HeldLock>();

function held(lockPath: string, payload: LockPayload): HeldLock {
  const mine = JSON.stringify(payload);
  const lock: HeldLock = {
    lockPath,
    payload,
    release: () => {
      heldNow.delete(lock);
      // Remove only our own lock: never one a stale-lock breaker handed to someone else.
      const snap = snapshot(lockPath);
      if (snap?.text === mine) fs.rmSync(lockPath, { force: true });
    },
  };
  heldNow.add(lock);
  return lock;
}

/** Releases every lock this process holds (OpenClaw's store locks and repair's), quietly: the process exits next. */
export function releaseAllHeld(): void {
  for (const lock of [...heldNow]) releaseAfter(lock, true);
}

/**
 * Releases a lock after `failed` without hiding it: on a read-only remount the release fails too, and the
 * first error (the one that names the real fault) is what the operator must read. A clean run's release error stands.
 */
export function releaseAfter(lock: HeldLock | undefined, failed: boolean): void {
  try {
    lock?.release();
  } catch (error) {
    if (!failed) throw error;
  }
}

/** Runs `fn` while holding the store's lock; the lock is released even when `fn` throws. */
export async function withSessionStoreLock<T>(
  storePath: string,
  fn: () => T | Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const lock = await acquireSessionStoreLock(storePath, opts);
  let failed = true;
  try {
    const out = await fn();
    failed = false;
    return out;
  } finally {
    releaseAfter(lock, failed);
  }
}
