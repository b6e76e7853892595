// Step 2 of repair: writes one merge into a canonical store under OpenClaw's lock, transcripts first.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, fsyncDir } from '../lib/atomic-write.ts';
import { withSessionStoreLock } from '../lib/session-lock.ts';
import { copyWithHash } from './hash.ts';
import { recordMerge } from './journal.ts';
import type { MergeRecord } from './manifest.ts';
import { applyMerge, type Conflict, type EntryToAdd, type MergePlan } from './merge.ts';
import { compareFiles, readStoreObject } from './survey.ts';

export interface MergeOutcome {
  added: string[];
  transcripts: string[];
  conflicts: Conflict[];
}

/** Copies one transcript via a temp file and rename; an existing file is never replaced. */
function copyTranscript(from: string, to: string): string {
  const st = fs.statSync(from);
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.openclaw-shim.tmp`);
  fs.rmSync(tmp, { force: true });
  const { sha256 } = copyWithHash(from, tmp, st.mode, st.mtimeMs);
  fs.linkSync(tmp, to);
  fs.rmSync(tmp, { force: true });
  return sha256;
}

/** Re-checks, inside the lock, that each transcript is still missing or identical in the canonical dir. */
function placeTranscripts(plan: MergePlan, a: EntryToAdd, record: MergeRecord): Conflict | undefined {
  for (const name of a.transcripts) {
    const from = path.join(plan.shadowSessionsDir, name);
    const to = path.join(plan.canonicalSessionsDir, name);
    const cmp = compareFiles(from, to);
    if (cmp === 'same') continue;
    if (cmp === 'different') return { agent: plan.agent, key: a.key, path: to, reason: `a different ${name} appeared in the canonical sessions dir; entry not merged (it is in the backup)` };
    record.transcripts.push({ path: to, sha256: copyTranscript(from, to) });
  }
  return undefined;
}

const recordName = (p: string): string => crypto.createHash('sha256').update(p).digest('hex').slice(0, 16);

/** Never touches an existing canonical entry; throws LockBusyError when a live writer holds the lock. */
export async function executeMerge(plan: MergePlan, backupDir: string): Promise<MergeOutcome> {
  return withSessionStoreLock(plan.canonicalStorePath, () => {
    fs.mkdirSync(plan.canonicalSessionsDir, { recursive: true, mode: 0o700 });
    const canonical = readStoreObject(plan.canonicalStorePath);
    const pending = plan.add.filter((a) => !(a.key in canonical));
    const record: MergeRecord = { storePath: plan.canonicalStorePath, agent: plan.agent, added: [], transcripts: [] };
    const conflicts: Conflict[] = [];
    const ready: EntryToAdd[] = [];
    for (const a of pending) {
      const clash = placeTranscripts(plan, a, record);
      if (clash) conflicts.push(clash);
      else ready.push(a);
    }
    fsyncDir(plan.canonicalSessionsDir);
    const { store, added } = applyMerge(canonical, ready);
    record.added = added.map((a) => ({ key: a.key, entry: a.entry }));
    if (added.length > 0 || record.transcripts.length > 0) recordMerge(backupDir, `${plan.agent}-${recordName(`${plan.shadowStorePath}\0${plan.canonicalStorePath}`)}`, record);
    // OpenClaw writes JSON.stringify(store, null, 2), mode 0600 for a new store; an existing store keeps its mode.
    if (added.length > 0) writeFileAtomic(plan.canonicalStorePath, JSON.stringify(store, null, 2));
    return { added: added.map((a) => a.key), transcripts: record.transcripts.map((t) => t.path), conflicts };
  });
}
