// Reads the redirect log: the newest records, across rotated files, and new ones as they come.
import fs from 'node:fs';
import { KEEP_ROTATED, type LogRecord } from '../shim/log.ts';
import path from 'node:path';
import { openRegular } from '../lib/read-regular.ts';

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isRedirect = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { name?: unknown }).name === 'string' &&
  typeof (v as { to?: unknown }).to === 'string';

/** Whether parsed JSON has the fields `log` prints: anything else in the file is not a record of ours. */
export function isLogRecord(v: unknown): v is LogRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.time === 'string' &&
    typeof r.decision === 'string' &&
    isStrings(r.argv) &&
    Array.isArray(r.redirects) &&
    r.redirects.every(isRedirect)
  );
}

/** Parses JSON lines, skipping any that are not whole records (a line being written, or a foreign line). */
function parseLines(text: string): LogRecord[] {
  const out: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isLogRecord(parsed)) out.push(parsed);
    } catch {
      // Partial or foreign line: skip.
    }
  }
  return out;
}

/** Only `uid` may have written it: a regular file (no link) of `uid`, closed to others (0o022). */
const ownedBy = (st: fs.Stats, uid: number): boolean => st.uid === uid && (st.mode & 0o022) === 0;

/**
 * A private temp log (`$TMPDIR/openclaw-shim-<uid>/`) is someone else's word unless its dir is a real
 * dir of `uid` closed to everyone else, as the shim made it: anyone can create that dir in /tmp first.
 */
export function privateLogDirOk(file: string, uid: number): boolean {
  const st = fs.lstatSync(path.dirname(file), { throwIfNoEntry: false });
  return !!st && st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
}

/** The text, never blocking on a FIFO; with `ownerUid`, only a file that user alone could have written. */
function readLogText(file: string, ownerUid?: number): string | undefined {
  let fd: number;
  try {
    fd = openRegular(file, { noFollow: ownerUid !== undefined });
  } catch {
    return undefined;
  }
  try {
    if (ownerUid !== undefined && !ownedBy(fs.fstatSync(fd), ownerUid)) return undefined;
    return fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The last `limit` records of `file` and its rotations (`file.1` is older than `file`). `ownerUid`: a log
 * in a shared temp dir, read only where that user alone could have written it.
 */
export function readRecords(file: string, limit: number, ownerUid?: number): LogRecord[] {
  const records: LogRecord[] = [];
  if (ownerUid !== undefined && !privateLogDirOk(file, ownerUid)) return records;
  const rotated = Array.from({ length: KEEP_ROTATED }, (_, i) => `${file}.${i + 1}`);
  for (const f of [file, ...rotated]) {
    const text = readLogText(f, ownerUid);
    if (text === undefined) continue;
    records.unshift(...parseLines(text));
    if (records.length >= limit) break;
  }
  return records.slice(-limit);
}

/** Calls `onRecord` for each record appended after now; returns a stop function. */
export function followRecords(file: string, onRecord: (r: LogRecord) => void, intervalMs = 250): () => void {
  let offset = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  let carry = '';
  const timer = setInterval(() => {
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    if (size < offset) offset = 0; // rotated
    if (size === offset) return;
    const buf = Buffer.alloc(size - offset);
    try {
      const fd = openRegular(file);
      try {
        fs.readSync(fd, buf, 0, buf.length, offset);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return; // replaced by something that is not a log file: wait for the next tick
    }
    offset = size;
    const text = carry + buf.toString('utf8');
    const cut = text.lastIndexOf('\n');
    carry = text.slice(cut + 1);
    for (const r of parseLines(text.slice(0, cut + 1))) onRecord(r);
  }, intervalMs);
  return () => clearInterval(timer);
}

export function formatRecord(r: LogRecord): string {
  const head = `${r.time} pid ${r.pid} ${r.decision.padEnd(10)} openclaw ${r.argv.join(' ')}`;
  const lines = r.redirects.map((w) => `    ${w.name}: ${w.from ?? '(unset)'} -> ${w.to} (${w.source})`);
  if (r.reason) lines.push(`    reason: ${r.reason}`);
  return [head, ...lines].join('\n');
}
