// The backup manifest and run files of a repair: shapes, names and validation (pure).
import path from 'node:path';
import { readJsonText } from '../canonical/json-text.ts';
import type { SpecialFile } from './special.ts';

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
export function accumulate(record: MergeRecord, added: MergeRecord['added'], transcripts: MergeRecord['transcripts']): MergeRecord {
  const out: MergeRecord = { ...record, added: [...record.added], transcripts: [...record.transcripts] };
  for (const a of added) if (!out.added.some((b) => b.key === a.key && JSON.stringify(b.entry) === JSON.stringify(a.entry))) out.added.push(a);
  for (const t of transcripts) if (!out.transcripts.some((u) => u.path === t.path && u.sha256 === t.sha256)) out.transcripts.push(t);
  return out;
}

export function parseMergeRecord(text: string): { ok: true; record: MergeRecord } | { ok: false; reason: string } {
  const json = readJsonText(text);
  if (!json.ok) return json;
  const data = json.data;
  if (!isObj(data) || typeof data.storePath !== 'string' || !path.isAbsolute(data.storePath) || typeof data.agent !== 'string' || !Array.isArray(data.added) || !Array.isArray(data.transcripts)) {
    return { ok: false, reason: 'not an openclaw-shim merge record (storePath, agent, added, transcripts)' };
  }
  if (!data.added.every((a) => isObj(a) && typeof a.key === 'string')) return { ok: false, reason: 'merge record has a malformed added entry' };
  if (!data.transcripts.every((t) => isObj(t) && typeof t.path === 'string' && path.isAbsolute(t.path) && typeof t.sha256 === 'string')) return { ok: false, reason: 'merge record has a malformed transcript entry' };
  return { ok: true, record: data as unknown as MergeRecord };
}

export const FILES = { run: 'run.json', manifest: 'manifest.json', done: 'done.json', merges: 'merges' } as const;

export const backupsRoot = (stateDir: string): string => path.join(stateDir, 'backups', 'openclaw-shim');

/** `2026-05-14T08-16-00-873Z`: sortable, no colons. */
export const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-');

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function parseManifest(text: string): { ok: true; manifest: Manifest } | { ok: false; reason: string } {
  const json = readJsonText(text);
  if (!json.ok) return json;
  const data = json.data;
  if (!isObj(data) || data.schema !== MANIFEST_SCHEMA) return { ok: false, reason: 'not an openclaw-shim backup manifest' };
  if (typeof data.version !== 'number' || data.version > BACKUP_VERSION) return { ok: false, reason: `manifest version ${String(data.version)} is newer than this openclaw-shim` };
  if (typeof data.stateDir !== 'string' || !Array.isArray(data.trees)) return { ok: false, reason: 'manifest lacks stateDir or trees' };
  for (const t of data.trees) {
    if (!isObj(t) || typeof t.source !== 'string' || !path.isAbsolute(t.source) || typeof t.dir !== 'string' || !Array.isArray(t.files) || !Array.isArray(t.links) || !Array.isArray(t.dirs)) {
      return { ok: false, reason: 'manifest has a malformed tree' };
    }
    for (const f of t.files as unknown[]) {
      if (!isObj(f) || typeof f.path !== 'string' || f.path.split('/').includes('..') || typeof f.sha256 !== 'string') return { ok: false, reason: 'manifest has a malformed file entry' };
    }
  }
  return { ok: true, manifest: data as unknown as Manifest };
}

export function parseRun(text: string): RunFile | undefined {
  const json = readJsonText(text);
  if (!json.ok) return undefined;
  const data = json.data;
  return isObj(data) && data.schema === RUN_SCHEMA && Array.isArray(data.trees) ? (data as unknown as RunFile) : undefined;
}
