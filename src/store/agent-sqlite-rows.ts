// Reads (never writes) a 2026.8+ agent database's sessions as repair needs them: entries, row hashes, transcripts.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { splitStamps, type RowStamps } from './session-stamps.ts';
import { openSqliteReadOnly, readOnlyQuery } from './sqlite.ts';

/** One `session_nodes` row: its key, entry and a hash of the row with its `session_windows` rows. */
export interface AgentRow {
  key: string;
  sessionId: string;
  updatedAt: number;
  status?: string;
  /** `entry_json` parsed: the SessionEntry OpenClaw wrote. */
  entry: unknown;
  /** sha256 of the node row and its window rows, every column (what "never changed" is judged by). */
  hash: string;
  /** sha256 of the same rows without what OpenClaw stamps on its own (session-stamps.ts), and those stamps. */
  core: string;
  stamps: RowStamps;
}

export type AgentRows = { ok: true; rows: Map<string, AgentRow> } | { ok: false; error: string };

type Row = Record<string, unknown>;

/** JSON of a row with bigints as text, columns sorted: a stable thing to hash (pure). */
const stable = (r: Row): string =>
  JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [
        k,
        typeof r[k] === 'bigint'
          ? String(r[k])
          : r[k] instanceof Uint8Array
            ? Buffer.from(r[k] as Uint8Array).toString('base64')
            : r[k],
      ]),
  );

const parseEntry = (text: unknown): unknown => {
  try {
    return typeof text === 'string' ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Every session of an agent database (2026.8.2 / 2026.9.6 `openclaw-agent.sqlite`: `session_nodes` keyed by
 * `session_key`, `session_windows` by `session_id`); a missing file is the caller's to check.
 */
export function readAgentRows(file: string): AgentRows {
  const opened = openSqliteReadOnly(file);
  if (!opened.ok) return opened;
  const db = opened.db;
  try {
    const windows = db.prepare('SELECT * FROM session_windows WHERE session_key = ? ORDER BY session_id');
    const rows = new Map<string, AgentRow>();
    for (const r of db.prepare('SELECT * FROM session_nodes ORDER BY session_key').all() as Row[]) {
      const key = String(r.session_key);
      const hash = createHash('sha256').update(stable(r));
      const windowRows = windows.all(key) as Row[];
      for (const w of windowRows) hash.update('\n').update(stable(w));
      rows.set(key, {
        ...splitStamps(r, windowRows),
        key,
        sessionId: String(r.current_session_id),
        updatedAt: Number(r.updated_at),
        ...(typeof r.status === 'string' ? { status: r.status } : {}),
        entry: parseEntry(r.entry_json),
        hash: hash.digest('hex'),
      });
    }
    return { ok: true, rows };
  } catch (error) {
    return { ok: false, error: `not an OpenClaw agent store: ${(error as Error).message}` };
  } finally {
    db.close();
  }
}

/** A compressed event (OpenClaw stores large ones with zstd); Node before 22.15 has no zstd. */
function unzstd(blob: unknown): string {
  if (typeof zlib.zstdDecompressSync !== 'function')
    throw new Error('a transcript event is zstd-compressed and this Node cannot decompress it (22.15+ can)');
  return zlib.zstdDecompressSync(Buffer.from(blob as Uint8Array)).toString('utf8');
}

/**
 * A session's transcript as JSONL text, one event a line in `seq` order (`transcript_events.event_json`, or
 * `event_zstd` decompressed): the form OpenClaw's importer reads back. Empty when the session has none.
 */
export function readTranscriptJsonl(file: string, sessionId: string): string {
  const opened = openSqliteReadOnly(file);
  if (!opened.ok) throw new Error(opened.error);
  try {
    const lines: string[] = [];
    const rows = opened.db
      .prepare('SELECT event_json, event_zstd FROM transcript_events WHERE session_id = ? ORDER BY seq')
      .iterate(sessionId) as Iterable<Row>;
    for (const r of rows) lines.push(typeof r.event_json === 'string' ? r.event_json : unzstd(r.event_zstd));
    return lines.length ? `${lines.join('\n')}\n` : '';
  } finally {
    opened.db.close();
  }
}

/** How many transcript events a session has in an agent database (the verification's count). */
export const countTranscriptEvents = (file: string, sessionId: string): number | undefined =>
  readOnlyQuery(file, (db) => {
    const row = db.prepare('SELECT count(*) AS n FROM transcript_events WHERE session_id = ?').get(sessionId) as
      | { n: number | bigint }
      | undefined;
    return row ? Number(row.n) : undefined;
  });
