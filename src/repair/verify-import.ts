// After the import: re-read the agent database and check every imported key is there as staged, and no canonical row changed.
import { countTranscriptEvents, readAgentRows, type AgentRow } from '../store/agent-sqlite-rows.ts';
import type { ImportRecord } from './import-record.ts';
import type { Action } from './plan.ts';

export interface ImportCheck {
  /** Imported keys not there as staged (absent, another session, fewer transcript events). */
  missing: string[];
  /** Canonical rows (there before the import) now absent or different. */
  changed: string[];
}

/** Compares the database's rows with a record (pure). */
export function checkImport(
  record: ImportRecord,
  rows: Map<string, AgentRow>,
  events: (sessionId: string) => number | undefined,
): ImportCheck {
  const missing = record.entries
    .filter((e) => {
      const row = rows.get(e.key);
      if (!row || row.sessionId !== e.sessionId) return true;
      if (e.updatedAt !== undefined && row.updatedAt !== e.updatedAt) return true;
      return (events(e.sessionId) ?? 0) < e.events;
    })
    .map((e) => e.key);
  const changed = Object.entries(record.canonicalRows)
    .filter(([key, hash]) => rows.get(key)?.hash !== hash)
    .map(([key]) => key);
  return { missing, changed };
}

/** One `verify` action per import record: `done` when all is as staged and no canonical row moved, else `failed` (exit 1). */
export function verifyImports(records: ImportRecord[], backupDir: string): Action[] {
  return records
    .filter((r) => r.entries.length > 0)
    .map((r): Action => {
      const base = { step: 'verify' as const, agent: r.agent, path: r.sqlitePath };
      const read = readAgentRows(r.sqlitePath);
      if (!read.ok)
        return {
          ...base,
          detail: `NOT VERIFIED: the agent database could not be re-read after the import (${read.error}); the shadow sessions are in the backup ${backupDir}; nothing was removed`,
          status: 'failed',
        };
      const { missing, changed } = checkImport(r, read.rows, (id) => countTranscriptEvents(r.sqlitePath, id));
      if (missing.length === 0 && changed.length === 0)
        return {
          ...base,
          detail: `verified: re-read the agent database, all ${r.entries.length} imported session(s) are there with their session ids and transcript events, and all ${Object.keys(r.canonicalRows).length} canonical row(s) are unchanged (sha256 of each row)`,
          status: 'done',
        };
      const parts = [
        missing.length
          ? `${missing.length} of ${r.entries.length} imported session(s) are not there as staged (${missing.join(', ')})`
          : '',
        changed.length
          ? `${changed.length} canonical row(s) changed or went (${changed.join(', ')}); the database as it was is in ${r.storeBackup.join(', ') || 'no copy (it did not exist)'}`
          : '',
      ].filter(Boolean);
      return {
        ...base,
        detail: `NOT AS IMPORTED: ${parts.join('; ')}; the shadow sessions are in the backup ${backupDir}; the shadow trees are kept. Stop OpenClaw and re-run repair --apply`,
        status: 'failed',
      };
    });
}
