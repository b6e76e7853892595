// `repair --undo <backupDir>`: puts the shadow trees back byte for byte and takes merged sessions back out.
import fs from 'node:fs';
import path from 'node:path';
import { readImportRecords, type ImportRecord } from './import-record.ts';
import { fsProbe } from '../canonical/gather.ts';
import { fsyncDir, tempPathFor, writeFileAtomic } from '../lib/atomic-write.ts';
import { isWithin } from '../canonical/layout.ts';
import { clampMode, mergeRecordProblem, recordPathProblem } from '../store/record-paths.ts';
import { guardInterrupts } from './interrupt.ts';
import { stepDone } from './steps.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { LockBusyError, releaseAfter, withSessionStoreLock } from '../lib/session-lock.ts';
import { copyWithHashInterruptible, sha256File, yieldToSignals } from './hash.ts';
import { acquireRepairLock } from './apply.ts';
import { backupsRoot, FILES, type Manifest, type ManifestTree, type MergeRecord } from '../store/backup-manifest.ts';
import { readManifestIn } from '../store/backups.ts';
import { backupStoreBefore, readMergeRecordFile } from './journal.ts';
import { sessionsDirOf, type Action } from './plan.ts';
import { readStoreObject } from './survey.ts';
import { assertNoLiveWriter, liveWriterActions, resumeUndo } from './live-guard.ts';

function loadBackup(dir: string): Manifest {
  if (!fsProbe.isDir(dir)) throw new ExitError(EXIT.NO_INPUT, `backup dir ${dir} does not exist`);
  if (!fs.existsSync(path.join(dir, FILES.manifest)))
    throw new ExitError(EXIT.DATA, `${dir} has no ${FILES.manifest}: not a complete openclaw-shim backup`);
  const manifest = readManifestIn(dir);
  if (!manifest)
    throw new ExitError(EXIT.DATA, `${path.join(dir, FILES.manifest)} is not a valid openclaw-shim backup manifest`);
  // A backup lies in <state>/backups/openclaw-shim/<time>: the state it may write is that one, whatever the manifest says.
  const home = path.resolve(dir, '..', '..', '..');
  if (path.resolve(dir, '..') !== backupsRoot(home) || realOr(manifest.stateDir) !== realOr(home)) {
    throw new ExitError(
      EXIT.DATA,
      `${path.join(dir, FILES.manifest)} names the state dir ${manifest.stateDir}, but the backup lies in ${dir}, not in that state's backups/openclaw-shim/: not acted on`,
    );
  }
  return manifest;
}

const realOr = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

/** Every merge record, read before anything is changed: a damaged one stops the undo (exit 65, naming the file). */
function mergeRecords(dir: string): MergeRecord[] {
  let names: string[];
  try {
    names = fs
      .readdirSync(path.join(dir, FILES.merges))
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.flatMap((n) => readMergeRecordFile(path.join(dir, FILES.merges, n)) ?? []);
}

/**
 * Keys repair added that are still in the store: `removable` when exactly as it added them, `changed` when
 * no longer so (kept by undo). Keys already gone are in neither (pure).
 */
export function splitAdded(
  store: Record<string, unknown>,
  record: MergeRecord,
): { removable: string[]; changed: string[] } {
  const out = { removable: [] as string[], changed: [] as string[] };
  for (const a of record.added) {
    if (a.key in store)
      (JSON.stringify(store[a.key]) === JSON.stringify(a.entry) ? out.removable : out.changed).push(a.key);
  }
  return out;
}

/** Entries already gone (an earlier undo, or removed by hand) are neither removed nor "changed": nothing to undo. */
function unmergeAction(
  base: Pick<Action, 'step' | 'agent' | 'path'>,
  keys: number,
  files: number,
  changed: number,
  apply: boolean,
): Action {
  const kept = changed ? `; ${changed} changed since the merge are kept` : '';
  if (keys + files === 0)
    return {
      ...base,
      detail: changed
        ? `nothing to remove${kept}`
        : 'nothing to undo: the merged sessions and transcripts are no longer there',
      status: 'skipped',
    };
  return {
    ...base,
    detail: `remove ${keys} merged session(s) and ${files} transcript file(s)${kept}`,
    status: apply ? 'done' : 'planned',
  };
}

async function unmerge(dir: string, stateDir: string, record: MergeRecord, apply: boolean): Promise<Action[]> {
  const base = { step: 'unmerge' as const, agent: record.agent, path: record.storePath };
  const bad = mergeRecordProblem(stateDir, record);
  if (bad)
    return [
      {
        ...base,
        detail: `not undone: the merge record is not one repair writes (${bad}); a record is never taken as an instruction`,
        status: 'failed',
      },
    ];
  const work = (): Action[] => {
    const store = readStoreObject(record.storePath);
    const { removable: keys, changed } = splitAdded(store, record);
    const files = record.transcripts.filter((t) => fs.existsSync(t.path) && sha256File(t.path) === t.sha256);
    const out: Action[] = [unmergeAction(base, keys.length, files.length, changed.length, apply)];
    if (!apply) return out;
    for (const k of keys) delete store[k];
    if (keys.length) {
      // The store as it is now (with whatever OpenClaw wrote since) goes into the backup before the rewrite.
      backupStoreBefore(dir, record.storePath, record.agent);
      writeFileAtomic(record.storePath, JSON.stringify(store, null, 2));
    }
    for (const f of files) fs.rmSync(f.path, { force: true });
    stepDone('undo:unmerge');
    return out;
  };
  if (!apply) return work();
  try {
    return await withSessionStoreLock(record.storePath, work);
  } catch (error) {
    if (error instanceof LockBusyError) return [{ ...base, detail: error.message, status: 'locked' }];
    throw error;
  }
}

/** The `--link` symlinks repair left: `agents/<id>/sessions` in the tree, pointing at that agent's canonical sessions dir (tree-relative). */
function repairLinks(tree: ManifestTree, stateDir: string): Set<string> {
  const out = new Set<string>();
  for (const d of tree.dirs) {
    const parts = d.path.split(path.sep);
    if (parts.length !== 3 || parts[0] !== 'agents' || parts[2] !== 'sessions') continue;
    const p = path.join(tree.source, d.path);
    if (!fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) continue;
    if (path.resolve(path.dirname(p), fs.readlinkSync(p)) === sessionsDirOf(stateDir, parts[1]!)) out.add(d.path);
  }
  return out;
}

type Ancestors = 'present' | 'absent' | { blocked: string };

/**
 * What stands where `rel`'s parent dirs go, without following symlinks: real dirs (`present`), something
 * missing or a repair `--link` symlink that the restore replaces (`absent`), or anything else in the way.
 */
function ancestorsOf(root: string, rel: string, links: Set<string>): Ancestors {
  const parts = path
    .dirname(rel)
    .split(path.sep)
    .filter((p) => p && p !== '.');
  for (let i = 0; i <= parts.length; i += 1) {
    const sub = parts.slice(0, i).join(path.sep);
    if (links.has(sub)) return 'absent';
    const p = path.join(root, sub);
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return 'absent';
    if (!st.isDirectory()) return { blocked: p };
  }
  return 'present';
}

/** Removes (or, in a dry run, plans removing) the `--link` symlinks standing where the backup's dirs go. */
function unlinkRepairLinks(tree: ManifestTree, links: Set<string>, apply: boolean): Action[] {
  return [...links].map((rel): Action => {
    const p = path.join(tree.source, rel);
    if (apply) fs.unlinkSync(p);
    return {
      step: 'restore',
      path: p,
      detail: "remove the --link symlink (the backup's dir goes there)",
      status: apply ? 'done' : 'planned',
    };
  });
}

const inTheWay = (base: Omit<Action, 'detail' | 'status'>, blocked: string): Action => ({
  ...base,
  detail: `${blocked} is in the way (not a directory); not restored`,
  status: 'conflict',
});

async function restoreFile(
  dir: string,
  tree: ManifestTree,
  f: ManifestTree['files'][number],
  apply: boolean,
  links: Set<string>,
  between: () => void,
): Promise<Action> {
  const dest = path.join(tree.source, f.path);
  const base = { step: 'restore' as const, path: dest, target: path.join(dir, tree.dir, f.path) };
  const ancestors = ancestorsOf(tree.source, f.path, links);
  if (typeof ancestors === 'object') return inTheWay(base, ancestors.blocked);
  const st = ancestors === 'present' ? fs.lstatSync(dest, { throwIfNoEntry: false }) : undefined;
  if (st) {
    const same = st.isFile() && sha256File(dest) === f.sha256;
    return same
      ? { ...base, detail: 'already there', status: 'skipped' }
      : { ...base, detail: 'a different file is there; not overwritten', status: 'conflict' };
  }
  if (!fs.existsSync(base.target))
    return { ...base, detail: 'the backup copy is missing; not restored', status: 'failed' };
  if (!apply) return { ...base, detail: `restore ${f.size} bytes`, status: 'planned' };
  const tmp = tempPathFor(dest);
  const { sha256 } = await copyWithHashInterruptible(base.target, tmp, clampMode(f.mode, 0o600), f.mtimeMs, between);
  if (sha256 !== f.sha256 || sha256File(tmp) !== f.sha256) {
    fs.rmSync(tmp, { force: true });
    return { ...base, detail: 'the backup copy does not match its manifest hash; not restored', status: 'failed' };
  }
  fs.renameSync(tmp, dest);
  fsyncDir(path.dirname(dest));
  stepDone('undo:restore');
  return { ...base, detail: `restored ${f.size} bytes`, status: 'done' };
}

function restoreLink(
  tree: ManifestTree,
  l: ManifestTree['links'][number],
  apply: boolean,
  links: Set<string>,
): Action | undefined {
  const p = path.join(tree.source, l.path);
  const base = { step: 'restore' as const, path: p, target: l.target };
  const ancestors = ancestorsOf(tree.source, l.path, links);
  if (typeof ancestors === 'object') return inTheWay(base, ancestors.blocked);
  if (ancestors === 'present' && fs.lstatSync(p, { throwIfNoEntry: false })) return undefined;
  if (apply) fs.symlinkSync(l.target, p);
  return { ...base, detail: 'restore symlink', status: apply ? 'done' : 'planned' };
}

/** Dirs of the backup, parents first, never through a symlink or over a file. */
function makeDirs(tree: ManifestTree): void {
  fs.mkdirSync(tree.source, { recursive: true, mode: 0o700 });
  for (const d of tree.dirs) {
    if (ancestorsOf(tree.source, path.join(d.path, '_'), new Set()) === 'absent')
      fs.mkdirSync(path.join(tree.source, d.path), { recursive: true, mode: clampMode(d.mode, 0o700) });
  }
}

/** Appends to `actions` as it goes, so an interrupt can say what was restored. */
async function restoreTree(
  dir: string,
  tree: ManifestTree,
  stateDir: string,
  apply: boolean,
  between: () => void,
  actions: Action[],
): Promise<void> {
  const outside = recordPathProblem(tree.source, [stateDir]);
  if (outside)
    return void actions.push({
      step: 'restore',
      path: tree.source,
      detail: `not restored: ${outside}; a manifest is never taken as an instruction to write there`,
      status: 'failed',
    });
  const copyDir = path.resolve(dir, tree.dir);
  if (!isWithin(copyDir, backupsRoot(stateDir)))
    return void actions.push({
      step: 'restore',
      path: tree.source,
      detail: `not restored: its backup copy ${copyDir} lies outside ${backupsRoot(stateDir)}`,
      status: 'failed',
    });
  const links = repairLinks(tree, stateDir);
  actions.push(...unlinkRepairLinks(tree, links, apply));
  if (apply) {
    links.clear();
    makeDirs(tree);
  }
  for (const f of tree.files) {
    between();
    actions.push(await restoreFile(dir, tree, f, apply, links, between));
  }
  for (const l of tree.links) {
    const a = restoreLink(tree, l, apply, links);
    if (a) actions.push(a);
  }
  for (const sp of tree.specials ?? [])
    actions.push({
      step: 'restore',
      path: path.join(tree.source, sp.path),
      detail: `a ${sp.type} holds no data; not re-created`,
      status: 'skipped',
    });
  if (apply) {
    for (const d of tree.dirs) {
      const p = path.join(tree.source, d.path);
      if (fs.lstatSync(p, { throwIfNoEntry: false })?.isDirectory()) fs.chmodSync(p, clampMode(d.mode, 0o700));
    }
  }
}

/** Thrown when a signal stops `--undo --apply` (between files, or between 1 MiB chunks of a file). */
export class UndoInterrupted extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    readonly dir: string,
    readonly actions: Action[],
  ) {
    super(`undo interrupted (${signal})`);
    this.name = 'UndoInterrupted';
  }
}

/** What the operator reads on stderr after an interrupted undo (pure). */
export function describeUndoInterrupt(e: UndoInterrupted, resume: string): string {
  const n = (step: Action['step']): number => e.actions.filter((a) => a.step === step && a.status === 'done').length;
  return `undo of ${e.dir} interrupted by ${e.signal}: ${n('unmerge')} store(s) unmerged, ${n('restore')} file(s) or link(s) restored; nothing was half-written and nothing more was changed. Resume with: ${resume}`;
}

/**
 * Each backup copy whose file is not already back in place must be there and match its manifest hash,
 * before anything is written: a damaged or missing copy refuses the whole undo (65), nothing changed.
 */
async function verifyBackupCopies(
  dir: string,
  manifest: Manifest,
  stateDir: string,
  between: () => void,
): Promise<void> {
  const bad: string[] = [];
  for (const tree of manifest.trees) {
    const copyDir = path.resolve(dir, tree.dir);
    // Trees the restore refuses anyway (outside the state or the backups) are reported there.
    if (recordPathProblem(tree.source, [stateDir]) || !isWithin(copyDir, backupsRoot(stateDir))) continue;
    for (const f of tree.files) {
      const dest = path.join(tree.source, f.path);
      const copy = path.join(copyDir, f.path);
      if (sameFile(dest, f.sha256)) continue;
      if (!fs.existsSync(copy)) bad.push(`${copy} is missing`);
      else if (sha256File(copy, between) !== f.sha256) bad.push(`${copy} does not match its manifest hash`);
      await yieldToSignals();
      between();
    }
  }
  if (bad.length === 0) return;
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more)` : '';
  throw new ExitError(
    EXIT.DATA,
    `the backup ${dir} is damaged: ${bad[0]}${more}; undo changed nothing (it would have taken merged sessions ` +
      'out of the canonical stores that this copy must replace). Keep the state as it is; look for another backup ' +
      `under ${backupsRoot(stateDir)}`,
  );
}

const sameFile = (file: string, sha256: string): boolean => {
  try {
    return fs.lstatSync(file).isFile() && sha256File(file) === sha256;
  } catch {
    return false;
  }
};

/** Sessions imported into a 2026.8+ agent database stay there: undo says so, it does not take OpenClaw's rows out. */
function importStays(r: ImportRecord): Action {
  const keys = r.entries.map((e) => e.key);
  return {
    step: 'import',
    agent: r.agent,
    path: r.sqlitePath,
    detail: `the ${keys.length} session(s) this repair imported (${keys.join(', ')}) stay in the agent database: undo does not take rows out of OpenClaw's SQLite store (the restored shadow holds them too)${r.storeBackup.length ? `; the database as it was before the import is in ${r.storeBackup.join(', ')}` : ''}`,
    status: 'skipped',
  };
}

export async function undoRepair(
  dir: string,
  apply: boolean,
): Promise<{ stateDir: string; actions: Action[]; exitCode: number }> {
  const manifest = loadBackup(dir);
  const stateDir = path.resolve(dir, '..', '..', '..');
  const actions: Action[] = [];
  const interrupts = apply ? guardInterrupts({ what: `undo of ${dir}`, resume: resumeUndo(dir) }) : undefined;
  const between = (): void => {
    const got = interrupts?.received();
    if (got) throw new UndoInterrupted(got, dir, actions);
  };
  // No write beside a live OpenClaw: before the first, and again before each store and tree (live-guard.ts).
  const live = (before?: string) =>
    apply && assertNoLiveWriter({ stateDir, resume: resumeUndo(dir), ...(before ? { before, backupDir: dir } : {}) });
  live();
  // Never concurrently with a repair or another undo of this state (both rewrite the same stores).
  const lock = apply ? await acquireRepairLock(stateDir) : undefined;
  let failed = true;
  try {
    // Every copy this undo may need is checked first: unmerging removes canonical data the restore must replace.
    await verifyBackupCopies(dir, manifest, stateDir, between);
    for (const r of mergeRecords(dir)) {
      between();
      if (actions.length) live(`before taking merged sessions out of ${r.storePath}`);
      actions.push(...(await unmerge(dir, stateDir, r, apply)));
    }
    actions.push(...readImportRecords(dir, stateDir).map((r) => importStays(r.record)));
    for (const t of manifest.trees) {
      if (actions.length) live(`before restoring ${t.source}`);
      await restoreTree(dir, t, stateDir, apply, between, actions);
    }
    failed = false;
  } finally {
    interrupts?.dispose();
    releaseAfter(lock, failed);
  }
  if (!apply && actions.some((a) => a.status === 'planned')) actions.unshift(...liveWriterActions(stateDir));
  const exitCode = actions.some((a) => a.status === 'locked')
    ? EXIT.LOCKED
    : actions.some((a) => a.status === 'conflict' || a.status === 'failed')
      ? EXIT.FINDINGS
      : EXIT.OK;
  return { stateDir, actions, exitCode };
}
