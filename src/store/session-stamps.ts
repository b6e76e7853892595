// What OpenClaw 2026.9.6 writes into a session's rows on its own (no one asked): split from the rest, and judged (pure).
import { createHash } from 'node:crypto';

/**
 * A gateway's start stamps sessions it did not create, seen on the real 2026.9.6 and read in its dist:
 * - doctor maintenance (`repairLegacySessionTitles`, run by every gateway start) gives a session without a
 *   name one from its first user message: `displayName` in `entry_json` and `session_nodes.display_name`;
 * - that write goes through the one session-entry writer, which re-projects the `session_windows` row:
 *   `display_name`, `transcript_observed_at` (its transcript watermark, re-read) and `updated_at` (set to the
 *   entry's `updatedAt`, where OpenClaw's importer had put the last transcript event's time).
 * Nothing else of the two rows moves (entry_valid ends as it was: the writer re-validates what it wrote).
 */
export interface RowStamps {
  /** `entry_json.displayName` (null: none). */
  entryName: string | null;
  /** `session_nodes.display_name`. */
  nodeName: string | null;
  /** Per `session_windows` row (by session id): its stamped columns. */
  windows: Record<string, { name: string | null; observedAt: number | null; updatedAt: number | null }>;
}

type Row = Record<string, unknown>;

/** JSON with bigints as text, Uint8Arrays as base64 and object keys sorted at every depth (pure). */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return String(x);
    if (x instanceof Uint8Array) return Buffer.from(x).toString('base64');
    if (x && typeof x === 'object' && !Array.isArray(x))
      return Object.fromEntries(
        Object.keys(x)
          .sort()
          .map((k) => [k, (x as Row)[k]]),
      );
    return x;
  });
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : null);

function parse(json: unknown): unknown {
  try {
    return typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  } catch {
    return json;
  }
}

/**
 * A session's node row and window rows, split: `core` hashes every column but the stamped ones (the entry
 * compared as parsed JSON without `displayName`), `stamps` holds those (pure).
 */
export function splitStamps(node: Row, windows: Row[]): { core: string; stamps: RowStamps } {
  const entry = parse(node.entry_json);
  const isObj = entry !== null && typeof entry === 'object' && !Array.isArray(entry);
  const { displayName, ...restEntry } = isObj ? (entry as Row) : { displayName: undefined };
  const { display_name: nodeName, entry_json: _entry, ...restNode } = node;
  const hash = createHash('sha256').update(stableJson({ ...restNode, entry: isObj ? restEntry : entry }));
  const stamps: RowStamps = { entryName: text(displayName), nodeName: text(nodeName), windows: {} };
  for (const w of windows) {
    const { display_name: name, transcript_observed_at: observedAt, updated_at: updatedAt, ...restWindow } = w;
    hash.update('\n').update(stableJson(restWindow));
    stamps.windows[String(w.session_id)] = { name: text(name), observedAt: num(observedAt), updatedAt: num(updatedAt) };
  }
  return { core: hash.digest('hex'), stamps };
}

/** A name OpenClaw gave where there was none is its stamp; a name changed or taken away is not (pure). */
const named = (before: string | null, after: string | null): boolean => before === after || before === null;

/**
 * Whether `after` differs from `before` only as OpenClaw stamps a session (see RowStamps): names given where
 * none was, any transcript watermark, a window's `updated_at` moved to the entry's `updatedAt` (pure).
 */
export function onlyStamped(before: RowStamps, after: RowStamps, entryUpdatedAt: number): boolean {
  if (!named(before.entryName, after.entryName) || !named(before.nodeName, after.nodeName)) return false;
  const ids = Object.keys(before.windows);
  if (ids.length !== Object.keys(after.windows).length) return false;
  return ids.every((id) => {
    const b = before.windows[id]!;
    const a = after.windows[id];
    return !!a && named(b.name, a.name) && (a.updatedAt === b.updatedAt || a.updatedAt === entryUpdatedAt);
  });
}
