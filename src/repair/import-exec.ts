// Imports one plan into a 2026.8+ agent database: record, back up the database, stage a legacy store of only
// shadow-only keys, run OpenClaw's importer, and take our staged files out again if it did not consume them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { forFile, fsyncDir, tempPathFor, writeFileAtomic } from '../lib/atomic-write.ts';
import { readAgentRows } from '../store/agent-sqlite-rows.ts';
import { copyWithHash, sha256File } from './hash.ts';
import type { EntryToImport, ImportPlan } from './import-plan.ts';
import { importRecordPath, readImportRecord, writeImportRecord, type ImportRecord } from './import-record.ts';
import type { Conflict } from './merge.ts';
import { killNow, onHardStop } from './hard-stop.ts';
import { runImporter, type Importer, type ImportRun } from './openclaw-import.ts';
import { stepDone } from './steps.ts';
import { stagedStorePath, transcriptBytes } from './survey-import.ts';
import { FILES } from '../store/backup-manifest.ts';

const sha256 = (b: Uint8Array): string => crypto.createHash('sha256').update(b).digest('hex');

export type ImportOutcome =
  | {
      kind: 'imported';
      keys: string[];
      transcripts: number;
      alreadyThere: string[];
      conflicts: Conflict[];
      run: ImportRun;
    }
  | { kind: 'nothing'; alreadyThere: string[]; conflicts: Conflict[] }
  | { kind: 'failed'; why: string; conflicts: Conflict[] };

/** Our staged files still there with the bytes we wrote are removed (the importer did not take them); returns what went. */
export function takeBackStaged(staged: ImportRecord['staged']): string[] {
  const gone: string[] = [];
  for (const s of staged) {
    const st = fs.lstatSync(s.path, { throwIfNoEntry: false });
    if (!st?.isFile() || sha256File(s.path) !== s.sha256) continue;
    fs.rmSync(s.path);
    gone.push(s.path);
  }
  if (gone.length) fsyncDir(path.dirname(gone[0]!));
  return gone;
}

/**
 * After an import that did not happen (failed, timed out, interrupted, no importer): the record keeps only the
 * keys the database holds (an earlier run's), so verify judges what was imported, not what was only staged.
 */
export function forgetNotImported(file: string, record: ImportRecord): void {
  const rows = fs.existsSync(record.sqlitePath)
    ? readAgentRows(record.sqlitePath)
    : { ok: true as const, rows: new Map() };
  if (!rows.ok) return;
  record.entries = record.entries.filter((e) => rows.rows.has(e.key));
  record.staged = record.staged.filter((s) => fs.existsSync(s.path));
  writeImportRecord(file, record);
}

/** Copies the agent database (and its WAL) into the run before the first import: the write can be taken back. */
function backUpDatabase(runDir: string, agent: string, sqlitePath: string): string[] {
  const out: string[] = [];
  const dir = path.join(runDir, FILES.stores, `${agent}-${sha256(Buffer.from(sqlitePath)).slice(0, 16)}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal']) {
    const from = `${sqlitePath}${suffix}`;
    const st = fs.statSync(from, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    const to = path.join(dir, `${path.basename(sqlitePath)}${suffix}`);
    fs.rmSync(to, { force: true });
    const { sha256: copied } = copyWithHash(from, to, 0o600, st.mtimeMs);
    if (sha256File(to) !== copied)
      throw Object.assign(new Error(`EIO: the copy of ${from} reads back different bytes`), { code: 'EIO', path: to });
    out.push(to);
  }
  fsyncDir(dir);
  return out;
}

/** Writes a new file in the staging dir via a verified temp file and a hard link: never replaces anything. */
function stageNew(file: string, bytes: Buffer): void {
  const tmp = tempPathFor(file);
  try {
    writeFileAtomic(tmp, bytes, { mode: 0o600 });
    fs.linkSync(tmp, file);
  } catch (error) {
    throw forFile(error, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Re-checks the plan against the database as it is now: keys there already are never handed to the importer. */
function stillToImport(plan: ImportPlan): { ready: EntryToImport[]; alreadyThere: string[]; conflicts: Conflict[] } {
  const out = { ready: [] as EntryToImport[], alreadyThere: [] as string[], conflicts: [] as Conflict[] };
  const now = fs.existsSync(plan.sqlitePath) ? readAgentRows(plan.sqlitePath) : { ok: true as const, rows: new Map() };
  if (!now.ok) throw new Error(`cannot re-read ${plan.sqlitePath}: ${now.error}`);
  for (const a of plan.add) {
    const row = now.rows.get(a.key);
    if (!row) out.ready.push(a);
    else if (row.sessionId === a.sessionId && row.updatedAt === a.updatedAt) out.alreadyThere.push(a.key);
    else
      out.conflicts.push({
        agent: plan.agent,
        key: a.key,
        path: plan.sqlitePath,
        reason: 'is now in the agent database with another session (written since the plan); the canonical one is kept',
      });
  }
  return out;
}

/** The record as it stands after this run adds `ready` (the first canonical snapshot and backup are kept). */
function recordFor(
  file: string,
  plan: ImportPlan,
  stateDir: string,
  runDir: string,
  ready: EntryToImport[],
): ImportRecord {
  const before = readImportRecord(file, stateDir);
  const rows = fs.existsSync(plan.sqlitePath) ? readAgentRows(plan.sqlitePath) : { ok: true as const, rows: new Map() };
  if (!rows.ok) throw new Error(`cannot read ${plan.sqlitePath}: ${rows.error}`);
  const entries = new Map((before?.entries ?? []).map((e) => [e.key, e]));
  for (const a of ready)
    entries.set(a.key, {
      key: a.key,
      sessionId: a.sessionId,
      ...(a.updatedAt !== undefined ? { updatedAt: a.updatedAt } : {}),
      events: 0,
    });
  return {
    agent: plan.agent,
    source: plan.source,
    sqlitePath: plan.sqlitePath,
    stageDir: plan.stageDir,
    staged: [],
    entries: [...entries.values()],
    canonicalRows: before?.canonicalRows ?? Object.fromEntries([...rows.rows].map(([k, r]) => [k, r.hash])),
    // Taken with canonicalRows, never later: an earlier version's record has none and keeps every column.
    ...(before
      ? before.canonicalCore && { canonicalCore: before.canonicalCore }
      : { canonicalCore: Object.fromEntries([...rows.rows].map(([k, r]) => [k, { core: r.core, stamps: r.stamps }])) }),
    storeBackup: before?.storeBackup.length
      ? before.storeBackup
      : fs.existsSync(plan.sqlitePath)
        ? backUpDatabase(runDir, plan.agent, plan.sqlitePath)
        : [],
  };
}

/** Stages the legacy store and transcripts: transcripts first, the store last (the importer's trigger). */
function stage(plan: ImportPlan, ready: EntryToImport[], record: ImportRecord, file: string): void {
  fs.mkdirSync(plan.stageDir, { recursive: true, mode: 0o700 });
  const entries = new Map(record.entries.map((e) => [e.key, e]));
  for (const a of ready) {
    if (!a.transcript) continue;
    const bytes = transcriptBytes(a.transcript);
    const to = path.join(plan.stageDir, a.transcript.name);
    const events = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim()).length;
    entries.set(a.key, { ...entries.get(a.key)!, events });
    // The same bytes there already (planned as `same`) are not ours: never recorded, so never taken out.
    if (fs.existsSync(to)) continue;
    record.staged.push({ path: to, sha256: sha256(bytes) });
    // Recorded before it is written: a kill between leaves a file a resume recognises as ours.
    writeImportRecord(file, { ...record, entries: [...entries.values()] });
    stageNew(to, bytes);
    stepDone('import:transcript');
  }
  const store = Buffer.from(JSON.stringify(Object.fromEntries(ready.map((a) => [a.key, a.entry])), null, 2));
  const storePath = stagedStorePath(plan.stageDir);
  record.staged.push({ path: storePath, sha256: sha256(store) });
  record.stagedKeys = ready.map((a) => a.key);
  record.entries = [...entries.values()];
  writeImportRecord(file, record);
  stageNew(storePath, store);
  fsyncDir(plan.stageDir);
  stepDone(`import:staged:${plan.agent}`);
}

/**
 * Runs the importer on what is staged; whatever it did not consume is taken back out (a legacy store stops the
 * gateway). Once it imported, the record (`file`) lists nothing staged: a resume never takes this run's own
 * import for OpenClaw's (a gateway started before the resume imports a staged store itself).
 */
export async function importStaged(
  importer: Importer,
  record: ImportRecord,
  file: string,
  signal?: AbortSignal,
): Promise<ImportRun> {
  let run: ImportRun = { ok: false, why: 'interrupted before the importer ran' };
  let pid: number | undefined;
  // A second signal exits at once: the importer must not run on alone, nor the staged store stay (a 2026.9
  // gateway started before the resume would import it itself and change the canonical rows).
  const unregister = onHardStop(() => {
    if (pid !== undefined) killNow(pid);
    const left = takeBackStaged(record.staged);
    return `OpenClaw's importer${pid === undefined ? '' : ` (pid ${pid})`} was killed (its import is one transaction: all or nothing) and ${left.length} staged file(s) were taken back out`;
  });
  try {
    run = await runImporter(importer, record.agent, signal, (p) => (pid = p));
    if (run.ok) writeImportRecord(file, { ...record, staged: [] });
    stepDone(`import:run:${record.agent}`);
  } finally {
    unregister();
    const left = takeBackStaged(record.staged);
    if (run.ok && left.length)
      run = { ok: false, why: `the importer left ${left.join(', ')} where it was staged (taken back out)` };
  }
  return run;
}

/**
 * Never hands the importer a key the agent database holds (OpenClaw's import overwrites such keys). The
 * import record is written before anything is staged and only ever grows, so a resumed run can tell our
 * staged files from anyone else's and verify every key this run imported.
 */
export async function executeImport(
  plan: ImportPlan,
  ctx: { runDir: string; stateDir: string; importer: Importer | undefined; signal?: AbortSignal },
): Promise<ImportOutcome> {
  const { ready, alreadyThere, conflicts } = stillToImport(plan);
  if (ready.length === 0) return { kind: 'nothing', alreadyThere, conflicts };
  if (!ctx.importer)
    return {
      kind: 'failed',
      why: 'no real openclaw CLI was found to run its importer with; put it on PATH or name it: --real-openclaw PATH',
      conflicts,
    };
  const legacy = stagedStorePath(plan.stageDir);
  if (fs.lstatSync(legacy, { throwIfNoEntry: false }))
    return { kind: 'failed', why: `${legacy} appeared since the plan (not ours); nothing staged`, conflicts };
  const file = importRecordPath(ctx.runDir, plan.source, plan.sqlitePath, plan.agent);
  const record = recordFor(file, plan, ctx.stateDir, ctx.runDir, ready);
  writeImportRecord(file, record);
  stepDone(`import:record:${plan.agent}`);
  stage(plan, ready, record, file);
  const run = await importStaged(ctx.importer, record, file, ctx.signal);
  if (!run.ok) {
    forgetNotImported(file, record);
    return { kind: 'failed', why: run.why, conflicts };
  }
  const transcripts = ready.filter((a) => a.transcript).length;
  return { kind: 'imported', keys: ready.map((a) => a.key), transcripts, alreadyThere, conflicts, run };
}
