// Verify tells OpenClaw's own stamping of a canonical session (as a real 2026.9.6 gateway did it) from a real change:
// the rows are written to an SQLite file and read back by readAgentRows, as repair's verify reads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../src/repair/import-record.ts';
import { checkImport } from '../../src/repair/verify-import.ts';
import { readAgentRows } from '../../src/store/agent-sqlite-rows.ts';

type Row = Record<string, string | number | null>;
interface Session {
  node: Row;
  windows: Row[];
}
/** canon1's rows before and after a real 2026.9.6 gateway start (dumped from its database; see `source`). */
const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'gateway-stamp.fixture.json'), 'utf8')) as {
  before: Session;
  after: Session;
};
const KEY = 'agent:target:canon1';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-stamps-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** An agent database holding one session's rows (the columns of the fixture's), read back as verify reads it. */
function rowsOf(s: Session) {
  const file = path.join(dir, `${(n += 1)}.sqlite`);
  const db = new DatabaseSync(file);
  try {
    for (const [table, sample] of [
      ['session_nodes', s.node],
      ['session_windows', s.windows[0] ?? fixture.before.windows[0]!],
    ] as const) {
      db.exec(`CREATE TABLE ${table} (${Object.keys(sample).join(', ')})`);
    }
    const insert = (table: string, r: Row): void => {
      const cols = Object.keys(r);
      db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
        ...cols.map((c) => r[c] ?? null),
      );
    };
    insert('session_nodes', s.node);
    for (const w of s.windows) insert('session_windows', w);
  } finally {
    db.close();
  }
  const read = readAgentRows(file);
  if (!read.ok) throw new Error(read.error);
  return read.rows;
}

/** The import record repair writes before staging: hashes, cores and stamps of the canonical rows. */
function recordOf(s: Session, withCore = true): ImportRecord {
  const row = rowsOf(s).get(KEY)!;
  return {
    agent: 'target',
    source: '/shadow/sessions.json',
    sqlitePath: '/db',
    stageDir: '/state/agents/target/sessions',
    staged: [],
    entries: [],
    canonicalRows: { [KEY]: row.hash },
    ...(withCore ? { canonicalCore: { [KEY]: { core: row.core, stamps: row.stamps } } } : {}),
    storeBackup: [],
  };
}

const entryOf = (s: Session): Record<string, unknown> =>
  JSON.parse(String(s.node.entry_json)) as Record<string, unknown>;
const withEntry = (s: Session, patch: Record<string, unknown>): Session => ({
  ...s,
  node: { ...s.node, entry_json: JSON.stringify({ ...entryOf(s), ...patch }) },
});
const withNode = (s: Session, patch: Row): Session => ({ ...s, node: { ...s.node, ...patch } });
const withWindow = (s: Session, patch: Row): Session => ({ ...s, windows: [{ ...s.windows[0]!, ...patch }] });
const judge = (before: Session, after: Session, withCore = true) =>
  checkImport(recordOf(before, withCore), rowsOf(after), () => 0);

describe("verify and OpenClaw's own stamps on a canonical row", () => {
  it('the real gateway changed the row: only its name, its transcript watermark and the window updated_at', () => {
    const { before, after } = fixture;
    expect(rowsOf(after).get(KEY)!.hash).not.toBe(rowsOf(before).get(KEY)!.hash);
    expect(judge(before, after)).toEqual({ missing: [], changed: [], stamped: [KEY] });
    // The same rows untouched are neither.
    expect(judge(before, before)).toEqual({ missing: [], changed: [], stamped: [] });
  });

  it('a record of an earlier version (no cores) still judges every column', () => {
    expect(judge(fixture.before, fixture.after, false).changed).toEqual([KEY]);
  });

  it.each<[string, (s: Session) => Session]>([
    ['the entry status', (s) => withEntry(s, { status: 'running' })],
    ['the entry updatedAt', (s) => withEntry(s, { updatedAt: 1 })],
    ['a new entry field besides displayName', (s) => withEntry(s, { abortedLastRun: true })],
    ['the node status', (s) => withNode(s, { status: 'failed' })],
    ['the node current session id', (s) => withNode(s, { current_session_id: 'other' })],
    ['the node validity', (s) => withNode(s, { entry_valid: 0 })],
    ['the node label', (s) => withNode(s, { label: 'x' })],
    ['the window status', (s) => withWindow(s, { status: 'running' })],
    ['the window transcript_updated_at', (s) => withWindow(s, { transcript_updated_at: 5 })],
    ['the window updated_at to anything but the entry updatedAt', (s) => withWindow(s, { updated_at: 7 })],
    ['a window gone', (s) => ({ ...s, windows: [] })],
  ])('a stamped row whose %s also changed is changed', (_what, change) => {
    expect(judge(fixture.before, change(fixture.after))).toEqual({ missing: [], changed: [KEY], stamped: [] });
  });

  it('a name that was there and now is another, or gone, is a change, not a stamp', () => {
    const named = withNode(withWindow(withEntry(fixture.before, { displayName: 'Mine' }), { display_name: 'Mine' }), {
      display_name: 'Mine',
    });
    expect(judge(named, fixture.after).changed).toEqual([KEY]);
    const unnamed = withNode(withWindow(withEntry(named, { displayName: undefined }), { display_name: null }), {
      display_name: null,
    });
    expect(judge(named, unnamed).changed).toEqual([KEY]);
    // Named before and after, the same name: only the watermark moved.
    expect(judge(named, withWindow(named, { transcript_observed_at: 9 })).stamped).toEqual([KEY]);
  });

  it('a row gone is changed', () => {
    expect(checkImport(recordOf(fixture.before), new Map(), () => 0).changed).toEqual([KEY]);
  });
});
