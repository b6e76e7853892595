// After the import: re-read the agent database and check every imported key is there as staged, and no canonical row changed.
import { countTranscriptEvents, readAgentRows, type AgentRow } from '../store/agent-sqlite-rows.ts';
import { onlyStamped } from '../store/session-stamps.ts';
import type { ImportRecord } from './import-record.ts';
import type { Action } from './plan.ts';

export interface ImportCheck {
  /** Imported keys not there as staged (absent, another session, fewer transcript events). */
  missing: string[];
  /** Canonical rows (there before the import) now absent or different beyond OpenClaw's own stamps. */
  changed: string[];
  /** Canonical rows that differ only in what OpenClaw stamps on its own (session-stamps.ts): not changed. */
  stamped: string[];
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
  const changed: string[] = [];
  const stamped: string[] = [];
  for (const [key, hash] of Object.entries(record.canonicalRows)) {
    const row = rows.get(key);
    if (row?.hash === hash) continue;
    const before = record.canonicalCore?.[key];
    if (row && before && row.core === before.core && onlyStamped(before.stamps, row.stamps, row.updatedAt))
      stamped.push(key);
    else changed.push(key);
  }
  return { missing, changed, stamped };
}

const stampedNote = (stamped: string[]): string =>
  stamped.length
    ? `; ${stamped.length} of them stamped by OpenClaw on its own (a display name given, its transcript watermark), nothing else`
    : '';

/** The database copy's warning: restoring it also drops whatever OpenClaw wrote since (a gateway's own import too). */
const copyNote = (r: ImportRecord): string =>
  r.storeBackup.length
    ? `the database as it was before the first import is in ${r.storeBackup.join(', ')} (restoring it would also drop every write OpenClaw made since${r.importedOutside ? ', the sessions it imported itself among them' : ''}: do not restore it over the live one)`
    : 'there is no copy of the database (it did not exist)';

/**
 * One `verify` action per import record: `done` when all is as staged and no canonical row moved beyond
 * OpenClaw's own stamps, `diverged` (exit 81) when OpenClaw imported the staged store itself and what it holds
 * differs from what was staged, else `failed` (exit 1).
 */
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
      const { missing, changed, stamped } = checkImport(r, read.rows, (id) => countTranscriptEvents(r.sqlitePath, id));
      const canonical = Object.keys(r.canonicalRows).length;
      if (missing.length === 0 && changed.length === 0)
        return {
          ...base,
          detail: `verified: re-read the agent database, all ${r.entries.length} imported session(s) are there with their session ids and transcript events${r.importedOutside ? ' (OpenClaw imported the staged store itself after the run that staged it was stopped)' : ''}, and all ${canonical} canonical row(s) are unchanged (sha256 of each row${stampedNote(stamped)})`,
          status: 'done',
        };
      const outside = r.importedOutside ? missing.filter((k) => (r.stagedKeys ?? []).includes(k)) : [];
      if (outside.length && changed.length === 0 && outside.length === missing.length)
        return {
          ...base,
          detail: `IMPORTED OTHERWISE: OpenClaw imported the staged store itself after the run that staged it was stopped (a gateway started before this resume, say), and ${outside.length} of its session(s) are not there as repair staged them (${outside.join(', ')}: absent, another session id or updatedAt, or fewer transcript events); the database keeps OpenClaw's version, repair writes nothing more; the sessions as staged are in the backup ${backupDir} and the shadow trees are kept; ${copyNote(r)}`,
          status: 'diverged',
        };
      const parts = [
        missing.length
          ? `${missing.length} of ${r.entries.length} imported session(s) are not there as staged (${missing.join(', ')})`
          : '',
        changed.length ? `${changed.length} canonical row(s) changed or went (${changed.join(', ')})` : '',
      ].filter(Boolean);
      return {
        ...base,
        detail: `NOT AS IMPORTED: ${parts.join('; ')}; ${copyNote(r)}; the shadow sessions are in the backup ${backupDir}; the shadow trees are kept. Stop OpenClaw and re-run repair --apply`,
        status: 'failed',
      };
    });
}
