// A killed run's staged store that OpenClaw imported itself (a 2026.9 gateway started before the resume): found, said, never imported again.
import fs from 'node:fs';
import path from 'node:path';
import { readAgentRows } from '../store/agent-sqlite-rows.ts';
import { findOpenRun } from '../store/backups.ts';
import { takeBackStaged } from './import-exec.ts';
import { readImportRecords, writeImportRecord, type ImportRecord } from './import-record.ts';
import type { Action } from './plan.ts';
import { stepDone } from './steps.ts';
import { verifyImports } from './verify-import.ts';

export interface OutsideImport {
  /** The keys the staged store held. */
  keys: string[];
  /** Those the agent database holds now. */
  there: string[];
}

/**
 * The staged store went (OpenClaw archives what it imports) though no importer of ours consumed it (the record
 * still lists it), and its keys are in the agent database: OpenClaw imported it without this repair. A gateway
 * started before the resume does so on its start; so does the killed run's importer when it outlived the run.
 * Reads only; undefined when it was not so.
 */
export function findOutsideImport(record: ImportRecord): OutsideImport | undefined {
  const store = record.staged.find((s) => path.basename(s.path) === 'sessions.json');
  if (!store || fs.lstatSync(store.path, { throwIfNoEntry: false }) || !fs.existsSync(record.sqlitePath))
    return undefined;
  const rows = readAgentRows(record.sqlitePath);
  if (!rows.ok) throw new Error(`cannot read ${record.sqlitePath}: ${rows.error}`);
  const keys = record.stagedKeys ?? record.entries.map((e) => e.key);
  const there = keys.filter((k) => rows.rows.has(k));
  return there.length ? { keys, there } : undefined;
}

const saidOf = (found: OutsideImport, tookBack: string): string =>
  `OpenClaw imported the unfinished run's staged store itself after that run was stopped (a gateway started before this resume does so, as does the killed run's importer when it outlived the run; ${found.there.length} of its ${found.keys.length} session(s) are in the agent database: ${found.there.join(', ')})${tookBack}`;

/**
 * Never imported again: whatever staged file of ours OpenClaw left is taken back out, and the record says
 * so (`importedOutside`), for verify to judge what OpenClaw imported against what was staged.
 */
export function takeOverOutsideImport(
  file: string,
  record: ImportRecord,
  found: OutsideImport,
): Pick<Action, 'detail' | 'status'> {
  const left = takeBackStaged(record.staged);
  record.importedOutside = true;
  writeImportRecord(file, { ...record, staged: [] });
  stepDone(`import:outside:${record.agent}`);
  const tookBack = left.length
    ? `; the ${left.length} staged file(s) it left were taken back out (${left.join(', ')})`
    : '';
  return {
    detail: `not imported again: ${saidOf(found, tookBack)}; verify compares them with what was staged`,
    status: 'skipped',
  };
}

/**
 * What the dry run says of an unfinished run's imports OpenClaw did itself: that --apply will not import
 * them again, and, when what OpenClaw holds is not what was staged, the `diverged` verify --apply gives.
 */
export function plannedOutsideImports(stateDir: string): Action[] {
  const open = findOpenRun(stateDir);
  if (!open) return [];
  return readImportRecords(open.dir, stateDir).flatMap(({ record }): Action[] => {
    const found = record.importedOutside ? undefined : findOutsideImport(record);
    if (!record.importedOutside && !found) return [];
    const said: Action[] = found
      ? [
          {
            step: 'import',
            agent: record.agent,
            path: record.source,
            target: record.sqlitePath,
            detail: `${saidOf(found, '')}: --apply does not import it again and verifies what OpenClaw imported`,
            status: 'planned',
          },
        ]
      : [];
    const verify = verifyImports([{ ...record, importedOutside: true }], open.dir);
    return [...said, ...verify.filter((a) => a.status === 'diverged')];
  });
}
