// Opens an SQLite file read-only with node:sqlite when this Node has it (22.13+), without its warning.
import type { DatabaseSync } from 'node:sqlite';

type SqliteModule = typeof import('node:sqlite');

let cached: SqliteModule | null | undefined;

/** node:sqlite, or null where this Node lacks it (then doctor reports size and time only). */
function sqliteModule(): SqliteModule | null {
  if (cached !== undefined) return cached;
  const original = process.emitWarning;
  // Node 22/23 flag node:sqlite as experimental on first load; doctor's stderr is not the place for that.
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite/i.test(text)) return;
    (original as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    cached = (process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined) ?? null;
  } catch {
    cached = null;
  } finally {
    process.emitWarning = original;
  }
  return cached;
}

export type SqliteOpen = { ok: true; db: DatabaseSync } | { ok: false; error: string };

/** Read-only: never creates, checkpoints or truncates anything. */
export function openSqliteReadOnly(file: string): SqliteOpen {
  const mod = sqliteModule();
  if (!mod) return { ok: false, error: 'this Node has no node:sqlite; size and time only' };
  try {
    return { ok: true, db: new mod.DatabaseSync(file, { readOnly: true }) };
  } catch (error) {
    return { ok: false, error: `cannot open read-only: ${(error as Error).message}` };
  }
}

/** `read(db)` on a database opened read-only, closed after; undefined when it cannot be opened or read. */
export function readOnlyQuery<T>(file: string, read: (db: DatabaseSync) => T): T | undefined {
  const opened = openSqliteReadOnly(file);
  if (!opened.ok) return undefined;
  try {
    return read(opened.db);
  } catch {
    return undefined;
  } finally {
    opened.db.close();
  }
}

/** How many tables a database has (the shared state database's summary). */
export const countTables = (file: string): number | undefined =>
  readOnlyQuery(file, (db) => {
    const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as
      | { n: number }
      | undefined;
    return row ? Number(row.n) : undefined;
  });

/** Whether a database has the named table (2026.7.x agent databases exist but hold no `session_nodes`). */
export const hasTable = (file: string, table: string): boolean | undefined =>
  readOnlyQuery(file, (db) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
