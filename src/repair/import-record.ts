// A repair run's import records (`<run>/imports/*.json`): what was staged for OpenClaw's importer, read back with every path checked.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { sessionsDirPath } from '../releases/layout.ts';
import type { RowStamps } from '../store/session-stamps.ts';
import { linkOnTheWay, safeRelative } from '../store/record-paths.ts';

export const IMPORTS_DIR = 'imports';

/**
 * One import (one shadow store into one agent database). Written before anything is staged; a re-run adds
 * to `entries` and keeps the first `canonicalRows` (the rows as they were before repair touched anything).
 */
export interface ImportRecord {
  agent: string;
  source: string;
  sqlitePath: string;
  /** `<state>/agents/<agent>/sessions`, where the staged files lie. */
  stageDir: string;
  /** The staged transcripts, then the staged store: removed again only while their bytes still match. */
  staged: Array<{ path: string; sha256: string }>;
  entries: Array<{ key: string; sessionId: string; updatedAt?: number; events: number }>;
  /** Each canonical row's hash (node and window rows) before the first import of this record. */
  canonicalRows: Record<string, string>;
  /**
   * The same rows without what OpenClaw stamps on its own, and those stamps (session-stamps.ts): a row that
   * differs only there is not "changed". Absent in records of earlier versions (then every column counts).
   */
  canonicalCore?: Record<string, { core: string; stamps: RowStamps }>;
  /** The keys in the staged legacy store (the last staging). */
  stagedKeys?: string[];
  /**
   * OpenClaw consumed the staged store without this repair (a gateway started before the resume imports it
   * itself): verify then judges what it imported against what was staged.
   */
  importedOutside?: boolean;
  /** The copies of the agent database taken before the first import. */
  storeBackup: string[];
}

export const importRecordPath = (runDir: string, source: string, sqlitePath: string, agent: string): string =>
  path.join(
    runDir,
    IMPORTS_DIR,
    `${agent}-${crypto.createHash('sha256').update(`${source}\0${sqlitePath}`).digest('hex').slice(0, 16)}.json`,
  );

export const writeImportRecord = (file: string, r: ImportRecord): void =>
  writeFileAtomic(file, `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const coreShape = (c: unknown): boolean =>
  isObj(c) && typeof c.core === 'string' && isObj(c.stamps) && isObj(c.stamps.windows);

/** Why a record may not be acted on: wrong types, or a staged path outside its agent's sessions dir (pure but for lstat). */
export function importRecordProblem(stateDir: string, r: unknown): string | undefined {
  if (!isObj(r)) return 'not an object';
  const { agent, staged, entries, canonicalRows, source, sqlitePath, stageDir, storeBackup } = r;
  if (typeof agent !== 'string' || !safeRelative(agent) || agent.includes('/')) return 'agent is not an agent id';
  if (typeof source !== 'string' || typeof sqlitePath !== 'string') return 'source or sqlitePath is not a path';
  const dir = sessionsDirPath(stateDir, agent);
  if (stageDir !== dir) return `stageDir ${String(stageDir)} is not ${dir}`;
  if (
    !Array.isArray(staged) ||
    !staged.every((s) => isObj(s) && typeof s.path === 'string' && typeof s.sha256 === 'string')
  )
    return 'staged is not a list of {path, sha256}';
  const bad = (staged as Array<{ path: string }>).find(
    (s) => path.dirname(s.path) !== dir || !safeRelative(path.basename(s.path)),
  );
  if (bad) return `staged file ${bad.path} is not in ${dir}`;
  if (
    !Array.isArray(entries) ||
    !entries.every((e) => isObj(e) && typeof e.key === 'string' && typeof e.sessionId === 'string')
  )
    return 'entries is not a list of {key, sessionId}';
  if (!isObj(canonicalRows) || !Object.values(canonicalRows).every((h) => typeof h === 'string'))
    return 'canonicalRows is not an object of hashes';
  if (!Array.isArray(storeBackup) || !storeBackup.every((p) => typeof p === 'string'))
    return 'storeBackup is not a list';
  const { canonicalCore, stagedKeys, importedOutside } = r;
  if (canonicalCore !== undefined && (!isObj(canonicalCore) || !Object.values(canonicalCore).every(coreShape)))
    return 'canonicalCore is not an object of {core, stamps}';
  if (stagedKeys !== undefined && (!Array.isArray(stagedKeys) || !stagedKeys.every((k) => typeof k === 'string')))
    return 'stagedKeys is not a list of keys';
  if (importedOutside !== undefined && typeof importedOutside !== 'boolean') return 'importedOutside is not a boolean';
  return linkOnTheWay(stateDir, dir, true);
}

/** Every import record of a run; a damaged or planted one is an error naming it (65), never acted on. */
export function readImportRecords(runDir: string, stateDir: string): Array<{ file: string; record: ImportRecord }> {
  const dir = path.join(runDir, IMPORTS_DIR);
  let names: string[];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return names.map((n) => {
    const file = path.join(dir, n);
    let data: unknown;
    try {
      data = JSON.parse(readRegularFile(file));
    } catch (error) {
      throw new ExitError(EXIT.DATA, `import record ${file} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const problem = importRecordProblem(stateDir, data);
    if (problem) throw new ExitError(EXIT.DATA, `import record ${file} is damaged: ${problem}; not acted on`);
    return { file, record: data as ImportRecord };
  });
}

/** Reads one record when it exists (undefined otherwise), checked like the rest. */
export function readImportRecord(file: string, stateDir: string): ImportRecord | undefined {
  if (!fs.existsSync(file)) return undefined;
  return readImportRecords(path.dirname(path.dirname(file)), stateDir).find((r) => r.file === file)?.record;
}
