// Canonical sessions.json.lock files doctor should mention: held by a live process that is not OpenClaw, or left by a dead one.
import path from 'node:path';
import {
  describeHolder,
  describeNotALock,
  inspectLock,
  notALock,
  type LockHolder,
  type NotALock,
} from '../lib/lock-holder.ts';
import { backupsRoot } from '../store/backup-manifest.ts';
import type { ConfigAgent } from '../store/config.ts';
import { knownAgentIds } from '../store/discover.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import type { Finding } from './findings.ts';

/** OpenClaw's stale-lock age: younger dead locks are a writer that just finished. */
const STALE_MS = 30_000;

/** Pure: which lock deserves a word, and how loud. A live OpenClaw writer's lock is normal operation. */
export function lockFinding(h: LockHolder): Finding | undefined {
  if (h.alive && h.openclaw) return undefined;
  if (!h.alive && h.ageMs <= STALE_MS) return undefined;
  const foreign = h.alive && h.openclaw === false;
  return {
    code: 'STORE_LOCK_HELD',
    severity: foreign ? 'warn' : 'info',
    message: `${describeHolder(h)}.${foreign ? ' Until then OpenClaw cannot write this store and repair stops at it.' : ''}`,
    fix: foreign
      ? `ps -o pid,lstart,args -p ${h.pid}   # then, if it does not write this store: rm '${h.lockPath}'`
      : '# nothing to do: the next writer takes it over',
    path: h.lockPath,
  };
}

/** Pure: a lock path holding a link, a directory or a FIFO blocks every writer for good, silently. */
export const notALockFinding = (n: NotALock): Finding => ({
  code: 'STORE_LOCK_NOT_A_FILE',
  severity: 'error',
  message: `${describeNotALock(n)}.`,
  fix: n.clear,
  path: n.lockPath,
});

export function checkStoreLocks(stateDir: string, agents: ConfigAgent[]): Finding[] {
  const out: Finding[] = [];
  const repairLock = notALock(path.join(backupsRoot(stateDir), 'repair.lock'));
  if (repairLock) out.push(notALockFinding(repairLock));
  for (const id of knownAgentIds(stateDir, agents)) {
    const lockPath = `${canonicalStorePaths(stateDir, id).json}.lock`;
    const odd = notALock(lockPath);
    if (odd) {
      out.push(notALockFinding(odd));
      continue;
    }
    const held = inspectLock(lockPath);
    const f = held && lockFinding(held);
    if (f) out.push(f);
  }
  return out;
}
