// A repair run's files in its backup dir: create, start, close, and its merge records.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import {
  BACKUP_VERSION,
  FILES,
  RUN_SCHEMA,
  backupsRoot,
  parseMergeRecord,
  stamp,
  type MergeRecord,
  type RunFile,
} from '../store/backup-manifest.ts';
import type { Survey } from './survey.ts';
import { readRegularFile } from '../lib/read-regular.ts';

const writeJson = (file: string, value: unknown): void =>
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });

/** A fresh, unused `<state>/backups/openclaw-shim/<time>` path. */
export function newBackupDir(stateDir: string, now: number): string {
  const base = path.join(backupsRoot(stateDir), stamp(now));
  let dir = base;
  for (let n = 1; fs.existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}

export function runFileFor(stateDir: string, s: Survey, link: boolean): RunFile {
  return {
    schema: RUN_SCHEMA,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    stateDir,
    link,
    trees: s.trees.map((t, i) => ({
      source: t.ref.path,
      ownerAgent: t.ref.ownerAgent,
      dir: `trees/${i}`,
      sessionDirs: t.sessionDirs,
    })),
  };
}

export function startRun(dir: string, run: RunFile): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeJson(path.join(dir, FILES.run), run);
}

export function closeRun(dir: string, status: 'done' | 'superseded', note?: string): void {
  writeJson(path.join(dir, FILES.done), { status, finishedAt: new Date().toISOString(), ...(note ? { note } : {}) });
}

/** `merges/<agent>-<hash of shadow and canonical store paths>.json`: one file per merge, stable across re-runs. */
export function mergeRecordPath(
  dir: string,
  shadowStorePath: string,
  canonicalStorePath: string,
  agent: string,
): string {
  const name = crypto
    .createHash('sha256')
    .update(`${shadowStorePath}\0${canonicalStorePath}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(dir, FILES.merges, `${agent}-${name}.json`);
}

/** A merge record, undefined when the file does not exist; a damaged one is an error naming the file (exit 65). */
export function readMergeRecordFile(file: string): MergeRecord | undefined {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ExitError(EXIT.DATA, `cannot read merge record ${file}: ${(error as Error).message}`, { cause: error });
  }
  const read = parseMergeRecord(text);
  if (!read.ok) throw new ExitError(EXIT.DATA, `merge record ${file} is damaged: ${read.reason}`);
  return read.record;
}

export function writeMergeRecord(file: string, record: MergeRecord): void {
  writeJson(file, record);
}

/**
 * Before repair or undo rewrites a store, its bytes as they are go into `<run>/stores/<agent>-<path hash>-<content hash>.json`
 * (written whole and verified): the rewrite itself can be taken back. The same bytes are kept once.
 */
export function backupStoreBefore(runDir: string, storePath: string, agent: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(storePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const where = crypto.createHash('sha256').update(storePath).digest('hex').slice(0, 16);
  const what = crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const file = path.join(runDir, FILES.stores, `${agent}-${where}-${what}.json`);
  if (!fs.existsSync(file)) writeFileAtomic(file, bytes, { mode: 0o600 });
  return file;
}
