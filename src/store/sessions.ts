// Session stores reduced to what doctor compares: key → {sessionId, updatedAt, status} (one store at a time).
import { jsonSyntaxProblem } from '../canonical/json-text.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { openSqliteReadOnly } from './sqlite.ts';

export interface SessionSummary {
  sessionId?: string;
  updatedAt?: number;
  status?: string;
}

export type SessionMap = Map<string, SessionSummary>;

export type StoreRead = { ok: true; sessions: SessionMap } | { ok: false; error: string };

type Obj = Record<string, unknown>;

/** The fields that matter, from one SessionEntry (pure). */
export function summarize(entry: unknown): SessionSummary {
  const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Obj;
  const out: SessionSummary = {};
  if (typeof e.sessionId === 'string') out.sessionId = e.sessionId;
  if (typeof e.updatedAt === 'number') out.updatedAt = e.updatedAt;
  if (typeof e.status === 'string') out.status = e.status;
  return out;
}

/** Parses a sessions.json text (pure); a store is an object of SessionEntry by session key. */
export function parseJsonStore(text: string): StoreRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not JSON: ${jsonSyntaxProblem(error)}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return { ok: false, error: 'not a session store (expected an object of entries)' };
  const sessions: SessionMap = new Map();
  for (const [key, entry] of Object.entries(data as Obj)) sessions.set(key, summarize(entry));
  return { ok: true, sessions };
}

function readJsonStore(file: string): StoreRead {
  try {
    return parseJsonStore(readRegularFile(file));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return {
      ok: false,
      error: `cannot read: ${e.code === 'ENOTREG' || e.code === 'EISDIR' ? e.message : (e.code ?? e.message)}`,
    };
  }
}

/** 2026.8+ per-agent store: table `session_nodes` (session_key, current_session_id, updated_at, status). */
export function readSqliteStore(file: string): StoreRead {
  const opened = openSqliteReadOnly(file);
  if (!opened.ok) return opened;
  const db = opened.db;
  try {
    const rows = db.prepare('SELECT session_key, current_session_id, updated_at, status FROM session_nodes').iterate();
    const sessions: SessionMap = new Map();
    for (const r of rows as Iterable<Record<string, unknown>>) {
      const s: SessionSummary = {};
      if (typeof r.current_session_id === 'string') s.sessionId = r.current_session_id;
      if (typeof r.updated_at === 'number' || typeof r.updated_at === 'bigint') s.updatedAt = Number(r.updated_at);
      if (typeof r.status === 'string') s.status = r.status;
      sessions.set(String(r.session_key), s);
    }
    return { ok: true, sessions };
  } catch (error) {
    return { ok: false, error: `not an OpenClaw agent store: ${(error as Error).message}` };
  } finally {
    db.close();
  }
}

export type StoreKind = 'sessions-json' | 'agent-sqlite' | 'state-sqlite';

export function readStore(kind: StoreKind, file: string): StoreRead {
  if (kind === 'sessions-json') return readJsonStore(file);
  if (kind === 'agent-sqlite') return readSqliteStore(file);
  return { ok: false, error: 'the shared state database holds no per-agent sessions' };
}
