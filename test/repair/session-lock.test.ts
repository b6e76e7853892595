// OpenClaw's sessions.json.lock protocol: exclusive create, {pid, startedAt}, bounded wait, never break a live lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireSessionStoreLock,
  effectiveTimeout,
  isStaleLock,
  LockBusyError,
  lockPathOf,
  withSessionStoreLock,
} from '../../src/lib/session-lock.ts';

let dir: string;
let store: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-lock-'));
  store = path.join(dir, 'sessions.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const DEAD_PID = 2 ** 22 + 12345;

describe('session store lock', () => {
  it('writes {pid, startedAt} with exclusive create and removes it on release', async () => {
    const lock = await acquireSessionStoreLock(store);
    const payload = JSON.parse(fs.readFileSync(lockPathOf(store), 'utf8'));
    expect(Object.keys(payload).sort()).toEqual(['pid', 'startedAt']);
    expect(payload.pid).toBe(process.pid);
    expect(typeof payload.startedAt).toBe('number');
    lock.release();
    expect(fs.existsSync(lockPathOf(store))).toBe(false);
  });

  it('never breaks a live lock, however old: the caller gets LockBusyError and the lock stays', async () => {
    const text = JSON.stringify({ pid: process.pid, startedAt: Date.now() - 3_600_000 });
    fs.writeFileSync(lockPathOf(store), text);
    await expect(acquireSessionStoreLock(store, { timeoutMs: 100 })).rejects.toBeInstanceOf(LockBusyError);
    expect(fs.readFileSync(lockPathOf(store), 'utf8')).toBe(text);
  });

  it('takes over a lock older than 30 s whose holder is dead', async () => {
    fs.writeFileSync(lockPathOf(store), JSON.stringify({ pid: DEAD_PID, startedAt: Date.now() - 31_000 }));
    const ran = await withSessionStoreLock(store, () => 'ran', { timeoutMs: 100 });
    expect(ran).toBe('ran');
  });

  it('waits on a fresh lock even when its holder is dead (it may be mid-write)', async () => {
    fs.writeFileSync(lockPathOf(store), JSON.stringify({ pid: DEAD_PID, startedAt: Date.now() }));
    await expect(acquireSessionStoreLock(store, { timeoutMs: 80 })).rejects.toBeInstanceOf(LockBusyError);
  });

  it('gets the lock as soon as the holder lets go', async () => {
    fs.writeFileSync(lockPathOf(store), JSON.stringify({ pid: process.pid, startedAt: Date.now() }));
    setTimeout(() => fs.rmSync(lockPathOf(store)), 60);
    const lock = await acquireSessionStoreLock(store, { timeoutMs: 2000 });
    expect(lock.payload.pid).toBe(process.pid);
    expect(JSON.parse(fs.readFileSync(lockPathOf(store), 'utf8'))).toEqual({
      pid: process.pid,
      startedAt: lock.payload.startedAt,
    });
    lock.release();
    expect(fs.existsSync(lockPathOf(store))).toBe(false);
  });

  it('judges staleness by startedAt, else by mtime; a pid-less old lock is stale', () => {
    const alive = () => true;
    const dead = () => false;
    expect(isStaleLock({ text: JSON.stringify({ pid: 1, startedAt: 0 }), mtimeMs: 0 }, 40_000, 30_000, alive)).toBe(
      false,
    );
    expect(isStaleLock({ text: JSON.stringify({ pid: 1, startedAt: 0 }), mtimeMs: 0 }, 40_000, 30_000, dead)).toBe(
      true,
    );
    expect(isStaleLock({ text: '', mtimeMs: 0 }, 40_000, 30_000, alive)).toBe(true);
    expect(isStaleLock({ text: '', mtimeMs: 20_000 }, 40_000, 30_000, dead)).toBe(false);
  });

  it("never waits longer than OpenClaw's 10 s; the env knob only shortens", () => {
    expect(effectiveTimeout(undefined, {})).toBe(10_000);
    expect(effectiveTimeout(60_000, {})).toBe(10_000);
    expect(effectiveTimeout(undefined, { OPENCLAW_SHIM_LOCK_WAIT_MS: '200' })).toBe(200);
    expect(effectiveTimeout(undefined, { OPENCLAW_SHIM_LOCK_WAIT_MS: '99999' })).toBe(10_000);
  });
});
