// The backup manifest and run files of a repair: shapes, names and validation (pure).
import path from 'node:path';
import { readJsonText } from '../canonical/json-text.ts';
import type { SpecialFile } from './special.ts';
import { safeRelative } from './record-paths.ts';

export const MANIFEST_SCHEMA = 'openclaw-shim/backup-manifest';
export const RUN_SCHEMA = 'openclaw-shim/repair-run';
export const BACKUP_VERSION = 1;

export interface ManifestFile {
  path: string;
  size: number;
  mode: number;
  mtimeMs: number;
  sha256: string;
}

export interface ManifestTree {
  /** The shadow `.openclaw` dir, absolute. */
  source: string;
  ownerAgent: string;
  /** Relative to the backup dir: `trees/<n>`, or `../<earlier run>/trees/<n>` for a reused copy. */
  dir: string;
  dirs: Array<{ path: string; mode: number }>;
  files: ManifestFile[];
  links: Array<{ path: string; target: string }>;
  /** FIFOs, sockets, devices: recorded by type, not copied (no data). Absent in older manifests. */
  specials?: SpecialFile[];
  /** The earlier complete backup dir whose identical copy this run uses instead of copying the tree again. */
  reusedFrom?: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  version: number;
  createdAt: string;
  stateDir: string;
  trees: ManifestTree[];
}

/** Written first: what the run is for. Its manifest is written last; `done.json` closes it. */
export interface RunFile {
  schema: typeof RUN_SCHEMA;
  version: number;
  createdAt: string;
  stateDir: string;
  link: boolean;
  trees: Array<{ source: string; ownerAgent: string; dir: string; sessionDirs: string[] }>;
}

/**
 * One merge (one shadow store into one canonical store), written before any transcript is copied and
 * only ever added to by re-runs, so `--undo` can take back out everything repair added.
 */
export interface MergeRecord {
  storePath: string;
  agent: string;
  added: Array<{ key: string; entry: unknown }>;
  transcripts: Array<{ path: string; sha256: string }>;
}

/** A merge record with more entries and transcripts added; nothing already listed is repeated or dropped (pure). */
export function accumulate(
  record: MergeRecord,
  added: MergeRecord['added'],
  transcripts: MergeRecord['transcripts'],
): MergeRecord {
  const out: MergeRecord = { ...record, added: [...record.added], transcripts: [...record.transcripts] };
  for (const a of added)
    if (!out.added.some((b) => b.key === a.key && JSON.stringify(b.entry) === JSON.stringify(a.entry)))
      out.added.push(a);
  for (const t of transcripts)
    if (!out.transcripts.some((u) => u.path === t.path && u.sha256 === t.sha256)) out.transcripts.push(t);
  return out;
}

export function parseMergeRecord(text: string): { ok: true; record: MergeRecord } | { ok: false; reason: string } {
  const json = readJsonText(text);
  if (!json.ok) return json;
  const data = json.data;
  if (
    !isObj(data) ||
    typeof data.storePath !== 'string' ||
    !path.isAbsolute(data.storePath) ||
    typeof data.agent !== 'string' ||
    !Array.isArray(data.added) ||
    !Array.isArray(data.transcripts)
  ) {
    return { ok: false, reason: 'not an openclaw-shim merge record (storePath, agent, added, transcripts)' };
  }
  if (!data.added.every((a) => isObj(a) && typeof a.key === 'string'))
    return { ok: false, reason: 'merge record has a malformed added entry' };
  if (data.storePath.split('/').includes('..'))
    return { ok: false, reason: `merge record names a store path with '..' (${data.storePath})` };
  if (
    !data.transcripts.every(
      (t) => isObj(t) && typeof t.path === 'string' && path.isAbsolute(t.path) && typeof t.sha256 === 'string',
    )
  )
    return { ok: false, reason: 'merge record has a malformed transcript entry' };
  return { ok: true, record: data as unknown as MergeRecord };
}

export const FILES = {
  run: 'run.json',
  manifest: 'manifest.json',
  done: 'done.json',
  merges: 'merges',
  stores: 'stores',
  /** The backup copy being written: renamed into trees/ only once whole (a cut one is named for what it is). */
  partial: 'copy.partial',
} as const;

export const backupsRoot = (stateDir: string): string => path.join(stateDir, 'backups', 'openclaw-shim');

/** `2026-05-14T08-16-00-873Z`: sortable, no colons. */
export const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const num = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const SHA256 = /^[0-9a-f]{64}$/;

/** Every field repair and undo use, with its type; every relative path without `..` (pure). */
function treeProblem(t: unknown): string | undefined {
  if (
    !isObj(t) ||
    typeof t.source !== 'string' ||
    !path.isAbsolute(t.source) ||
    t.source.split('/').includes('..') ||
    typeof t.ownerAgent !== 'string'
  )
    return 'manifest has a malformed tree (source, ownerAgent)';
  if (
    typeof t.dir !== 'string' ||
    path.isAbsolute(t.dir) ||
    !Array.isArray(t.files) ||
    !Array.isArray(t.links) ||
    !Array.isArray(t.dirs)
  )
    return 'manifest has a malformed tree (dir, dirs, files, links)';
  if (t.reusedFrom !== undefined && typeof t.reusedFrom !== 'string')
    return 'manifest has a malformed tree (reusedFrom)';
  for (const f of t.files as unknown[]) {
    if (
      !isObj(f) ||
      !safeRelative(f.path) ||
      typeof f.sha256 !== 'string' ||
      !SHA256.test(f.sha256) ||
      !num(f.size) ||
      !num(f.mode) ||
      !num(f.mtimeMs)
    )
      return 'manifest has a malformed file entry';
  }
  for (const d of t.dirs as unknown[])
    if (!isObj(d) || !safeRelative(d.path) || !num(d.mode)) return 'manifest has a malformed dir entry';
  for (const l of t.links as unknown[])
    if (!isObj(l) || !safeRelative(l.path) || typeof l.target !== 'string')
      return 'manifest has a malformed link entry';
  if (
    t.specials !== undefined &&
    !(
      Array.isArray(t.specials) &&
      t.specials.every((x) => isObj(x) && safeRelative(x.path) && typeof x.type === 'string')
    )
  )
    return 'manifest has a malformed special-file entry';
  return undefined;
}

export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; reason: string } {
  const json = readJsonText(text);
  if (!json.ok) return json;
  const data = json.data;
  if (!isObj(data) || data.schema !== MANIFEST_SCHEMA)
    return { ok: false, reason: 'not an openclaw-shim backup manifest' };
  if (typeof data.version !== 'number' || data.version > BACKUP_VERSION)
    return { ok: false, reason: `manifest version ${String(data.version)} is newer than this openclaw-shim` };
  if (typeof data.stateDir !== 'string' || !Array.isArray(data.trees))
    return { ok: false, reason: 'manifest lacks stateDir or trees' };
  for (const t of data.trees) {
    const bad = treeProblem(t);
    if (bad) return { ok: false, reason: bad };
  }
  return { ok: true, manifest: data as unknown as Manifest };
}

export function parseRun(text: string): RunFile | undefined {
  const json = readJsonText(text);
  if (!json.ok) return undefined;
  const data = json.data;
  if (!isObj(data) || data.schema !== RUN_SCHEMA || typeof data.stateDir !== 'string' || !Array.isArray(data.trees))
    return undefined;
  const treeOk = (t: unknown): boolean =>
    isObj(t) &&
    typeof t.source === 'string' &&
    path.isAbsolute(t.source) &&
    !t.source.split('/').includes('..') &&
    typeof t.ownerAgent === 'string' &&
    safeRelative(t.dir) &&
    Array.isArray(t.sessionDirs) &&
    t.sessionDirs.every((d) => safeRelative(d) && !String(d).includes('/'));
  return typeof data.link === 'boolean' && data.trees.every(treeOk) ? (data as unknown as RunFile) : undefined;
}
