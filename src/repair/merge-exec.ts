// Step 2 of repair: writes one merge into a canonical store under OpenClaw's lock, record first, then transcripts, then the store.
import fs from 'node:fs';
import path from 'node:path';
import { forFile, fsyncDir, removeStaleTemps, tempPathFor, writeFileAtomic } from '../lib/atomic-write.ts';
import { withSessionStoreLock } from '../lib/session-lock.ts';
import { stepDone } from './steps.ts';
import { copyWithHashInterruptible, sha256FileInterruptible } from './hash.ts';
import { backupStoreBefore, mergeRecordPath, readMergeRecordFile, writeMergeRecord } from './journal.ts';
import { accumulate, type MergeRecord } from '../store/backup-manifest.ts';
import { applyMerge, clashWithTaken, type Conflict, type EntryToAdd, type MergePlan, type Store } from './merge.ts';
import { compareFiles, readStoreObject } from './survey.ts';

export interface MergeOutcome {
  added: string[];
  transcripts: string[];
  /** Planned keys now in the canonical store with identical content (another tree merged them first). */
  alreadyThere: string[];
  conflicts: Conflict[];
}

interface Copy {
  from: string;
  to: string;
  sha256: string;
}

interface Sorted {
  ready: EntryToAdd[];
  copies: Copy[];
  alreadyThere: string[];
  conflicts: Conflict[];
}

/** Checks one entry's transcripts against the canonical dir: the copies it needs, or why it cannot be merged. */
async function transcriptCopies(plan: MergePlan, a: EntryToAdd, between: () => void): Promise<Copy[] | Conflict> {
  const copies: Copy[] = [];
  for (const name of a.transcripts) {
    const from = path.join(plan.shadowSessionsDir, name);
    const to = path.join(plan.canonicalSessionsDir, name);
    const cmp = compareFiles(from, to);
    if (cmp === 'different')
      return {
        agent: plan.agent,
        key: a.key,
        path: to,
        reason: `a different ${name} appeared in the canonical sessions dir; entry not merged (it is in the backup)`,
      };
    if (cmp === 'missing') copies.push({ from, to, sha256: await sha256FileInterruptible(from, between) });
  }
  return copies;
}

/** Re-checks the plan inside the lock, against the canonical store and dir as they are now; copies nothing. */
async function sortOut(plan: MergePlan, canonical: Store, between: () => void): Promise<Sorted> {
  const out: Sorted = { ready: [], copies: [], alreadyThere: [], conflicts: [] };
  for (const a of plan.add) {
    if (Object.hasOwn(canonical, a.key)) {
      const clash = clashWithTaken(
        plan.agent,
        plan.canonicalStorePath,
        a.key,
        a.entry,
        canonical[a.key],
        'now in the canonical store (merged from another shadow tree, or written since the plan)',
      );
      if (clash === 'same') out.alreadyThere.push(a.key);
      else out.conflicts.push(clash);
      continue;
    }
    const copies = await transcriptCopies(plan, a, between);
    if (!Array.isArray(copies)) {
      out.conflicts.push(copies);
      continue;
    }
    out.ready.push(a);
    out.copies.push(...copies);
  }
  return out;
}

/**
 * Copies one transcript via a temp file (re-read and verified) and a hard link; an existing file is never
 * replaced. Returns the copied bytes' sha256. Chunked: a signal stops it within a chunk, the temp file removed.
 */
async function copyTranscript(from: string, to: string, between: () => void): Promise<string> {
  const st = fs.statSync(from);
  const tmp = tempPathFor(to);
  try {
    const { sha256 } = await copyWithHashInterruptible(from, tmp, st.mode, st.mtimeMs, between);
    if ((await sha256FileInterruptible(tmp, between)) !== sha256)
      throw Object.assign(new Error(`EIO: the copy of ${from} reads back different bytes`), {
        code: 'EIO',
        syscall: 'write',
        target: to,
      });
    fs.linkSync(tmp, to);
    return sha256;
  } catch (error) {
    throw forFile(error, to);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The merge record so far (cumulative over re-runs), with what this run is about to add. */
function recordWith(
  file: string,
  plan: MergePlan,
  ready: EntryToAdd[],
  copies: Array<{ to: string; sha256: string }>,
): MergeRecord {
  const base = readMergeRecordFile(file) ?? {
    storePath: plan.canonicalStorePath,
    agent: plan.agent,
    added: [],
    transcripts: [],
  };
  return accumulate(
    base,
    ready.map((a) => ({ key: a.key, entry: a.entry })),
    copies.map((c) => ({ path: c.to, sha256: c.sha256 })),
  );
}

/**
 * Never touches an existing canonical entry; throws LockBusyError when a live writer holds the lock.
 * The merge record is written before any transcript is copied and only ever grows, so `--undo` can take
 * out everything repair added even when it was killed half-way and re-run.
 */
export async function executeMerge(
  plan: MergePlan,
  backupDir: string,
  signal?: AbortSignal,
  between: () => void = () => {},
): Promise<MergeOutcome> {
  return withSessionStoreLock(
    plan.canonicalStorePath,
    async () => {
      fs.mkdirSync(plan.canonicalSessionsDir, { recursive: true, mode: 0o700 });
      // Temp files of ours a killed run left (under this lock no live run of ours writes here).
      removeStaleTemps(plan.canonicalSessionsDir);
      const canonical = readStoreObject(plan.canonicalStorePath);
      const sorted = await sortOut(plan, canonical, between);
      const file = mergeRecordPath(backupDir, plan.shadowStorePath, plan.canonicalStorePath, plan.agent);
      if (sorted.ready.length > 0) writeMergeRecord(file, recordWith(file, plan, sorted.ready, sorted.copies));
      stepDone(`merge:record:${plan.agent}`);
      // One by one, each whole or absent: a signal stops between chunks; the record already names every copy.
      const copied: Array<{ to: string; sha256: string }> = [];
      for (const c of sorted.copies) {
        copied.push({ to: c.to, sha256: await copyTranscript(c.from, c.to, between) });
        stepDone('merge:transcript');
      }
      // A shadow file that changed between hashing and copying: record the bytes actually copied, too.
      const changed = copied.filter((c, i) => c.sha256 !== sorted.copies[i]!.sha256);
      if (changed.length > 0) writeMergeRecord(file, recordWith(file, plan, [], changed));
      if (copied.length > 0) fsyncDir(plan.canonicalSessionsDir);
      stepDone(`copied:${plan.agent}`);
      const { store, added } = applyMerge(canonical, sorted.ready);
      // OpenClaw writes JSON.stringify(store, null, 2), mode 0600 for a new store; an existing store keeps its mode.
      if (added.length > 0) {
        backupStoreBefore(backupDir, plan.canonicalStorePath, plan.agent);
        stepDone(`merge:store-backup:${plan.agent}`);
        writeFileAtomic(plan.canonicalStorePath, JSON.stringify(store, null, 2));
      }
      return {
        added: added.map((a) => a.key),
        transcripts: copied.map((c) => c.to),
        alreadyThere: sorted.alreadyThere,
        conflicts: sorted.conflicts,
      };
    },
    signal ? { signal } : {},
  );
}
