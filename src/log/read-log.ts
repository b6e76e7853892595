// Reads the redirect log: the newest records, across rotated files, and new ones as they come.
import fs from 'node:fs';
import { KEEP_ROTATED, type LogRecord } from '../shim/log.ts';

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isRedirect = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { to?: unknown }).to === 'string';

/** Whether parsed JSON has the fields `log` prints: anything else in the file is not a record of ours. */
export function isLogRecord(v: unknown): v is LogRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const r = v as Record<string, unknown>;
  return typeof r.time === 'string' && typeof r.decision === 'string' && isStrings(r.argv) && Array.isArray(r.redirects) && r.redirects.every(isRedirect);
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

/** The last `limit` records of `file` and its rotations (`file.1` is older than `file`). */
export function readRecords(file: string, limit: number): LogRecord[] {
  const records: LogRecord[] = [];
  const rotated = Array.from({ length: KEEP_ROTATED }, (_, i) => `${file}.${i + 1}`);
  for (const f of [file, ...rotated]) {
    let text: string;
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
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
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
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
