// `repair --undo <backupDir>`: puts the shadow trees back byte for byte and takes merged sessions back out.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { LockBusyError, withSessionStoreLock } from '../lib/session-lock.ts';
import { copyWithHash, sha256File } from './hash.ts';
import { FILES, type Manifest, type ManifestTree, type MergeRecord } from './manifest.ts';
import { readManifestIn } from './journal.ts';
import type { Action } from './plan.ts';
import { readStoreObject } from './survey.ts';

export function loadBackup(dir: string): Manifest {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new ExitError(EXIT.NO_INPUT, `backup dir ${dir} does not exist`);
  if (!fs.existsSync(path.join(dir, FILES.manifest))) throw new ExitError(EXIT.DATA, `${dir} has no ${FILES.manifest}: not a complete openclaw-shim backup`);
  const manifest = readManifestIn(dir);
  if (!manifest) throw new ExitError(EXIT.DATA, `${path.join(dir, FILES.manifest)} is not a valid openclaw-shim backup manifest`);
  return manifest;
}

function mergeRecords(dir: string): MergeRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(path.join(dir, FILES.merges)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return names.map((n) => JSON.parse(fs.readFileSync(path.join(dir, FILES.merges, n), 'utf8')) as MergeRecord);
}

/** Keys repair added that are still exactly as it added them (pure). */
export function removableKeys(store: Record<string, unknown>, record: MergeRecord): string[] {
  return record.added.filter((a) => a.key in store && JSON.stringify(store[a.key]) === JSON.stringify(a.entry)).map((a) => a.key);
}

async function unmerge(record: MergeRecord, apply: boolean): Promise<Action[]> {
  const base = { step: 'unmerge' as const, agent: record.agent, path: record.storePath };
  const work = (): Action[] => {
    const store = readStoreObject(record.storePath);
    const keys = removableKeys(store, record);
    const files = record.transcripts.filter((t) => fs.existsSync(t.path) && sha256File(t.path) === t.sha256);
    const changed = record.added.length - keys.length;
    const out: Action[] = [{ ...base, detail: `remove ${keys.length} merged session(s) and ${files.length} transcript file(s)${changed ? `; ${changed} changed since the merge are kept` : ''}`, status: apply ? (keys.length + files.length ? 'done' : 'skipped') : 'planned' }];
    if (!apply) return out;
    for (const k of keys) delete store[k];
    if (keys.length) writeFileAtomic(record.storePath, JSON.stringify(store, null, 2));
    for (const f of files) fs.rmSync(f.path, { force: true });
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

/** A `--link` symlink in the way of a directory the backup restores. */
function unlinkPlaceholders(tree: ManifestTree, stateDir: string, apply: boolean): Action[] {
  const out: Action[] = [];
  for (const d of tree.dirs) {
    const p = path.join(tree.source, d.path);
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink() || !isWithin(path.resolve(path.dirname(p), fs.readlinkSync(p)), stateDir)) continue;
    if (apply) fs.unlinkSync(p);
    out.push({ step: 'restore', path: p, detail: 'remove the --link symlink', status: apply ? 'done' : 'planned' });
  }
  return out;
}

function restoreFile(dir: string, tree: ManifestTree, f: ManifestTree['files'][number], apply: boolean): Action {
  const dest = path.join(tree.source, f.path);
  const base = { step: 'restore' as const, path: dest, target: path.join(dir, tree.dir, f.path) };
  if (fs.lstatSync(dest, { throwIfNoEntry: false })) {
    const same = fs.statSync(dest, { throwIfNoEntry: false })?.isFile() && sha256File(dest) === f.sha256;
    return same ? { ...base, detail: 'already there', status: 'skipped' } : { ...base, detail: 'a different file is there; not overwritten', status: 'conflict' };
  }
  if (!apply) return { ...base, detail: `restore ${f.size} bytes`, status: 'planned' };
  const tmp = `${dest}.openclaw-shim-restore.tmp`;
  fs.rmSync(tmp, { force: true });
  const { sha256 } = copyWithHash(base.target, tmp, f.mode, f.mtimeMs);
  if (sha256 !== f.sha256) {
    fs.rmSync(tmp, { force: true });
    return { ...base, detail: 'the backup copy does not match its manifest hash; not restored', status: 'failed' };
  }
  fs.renameSync(tmp, dest);
  return { ...base, detail: `restored ${f.size} bytes`, status: 'done' };
}

function restoreTree(dir: string, tree: ManifestTree, stateDir: string, apply: boolean): Action[] {
  const actions = unlinkPlaceholders(tree, stateDir, apply);
  if (apply) {
    fs.mkdirSync(tree.source, { recursive: true, mode: 0o700 });
    for (const d of tree.dirs) fs.mkdirSync(path.join(tree.source, d.path), { recursive: true, mode: d.mode });
  }
  for (const f of tree.files) actions.push(restoreFile(dir, tree, f, apply));
  for (const l of tree.links) {
    const p = path.join(tree.source, l.path);
    if (fs.lstatSync(p, { throwIfNoEntry: false })) continue;
    if (apply) fs.symlinkSync(l.target, p);
    actions.push({ step: 'restore', path: p, target: l.target, detail: 'restore symlink', status: apply ? 'done' : 'planned' });
  }
  if (apply) for (const d of tree.dirs) fs.chmodSync(path.join(tree.source, d.path), d.mode);
  return actions;
}

export async function undoRepair(dir: string, apply: boolean): Promise<{ stateDir: string; actions: Action[]; exitCode: number }> {
  const manifest = loadBackup(dir);
  const actions: Action[] = [];
  for (const r of mergeRecords(dir)) actions.push(...(await unmerge(r, apply)));
  for (const t of manifest.trees) actions.push(...restoreTree(dir, t, manifest.stateDir, apply));
  const exitCode = actions.some((a) => a.status === 'locked') ? EXIT.LOCKED : actions.some((a) => a.status === 'conflict' || a.status === 'failed') ? EXIT.FINDINGS : EXIT.OK;
  return { stateDir: manifest.stateDir, actions, exitCode };
}
