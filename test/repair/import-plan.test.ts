// The pure parts of repair's import into a 2026.8+ agent database: what is handed to OpenClaw's importer, what is a
// conflict, how a record is checked, how the importer's answer is read, how the re-read is judged.
import { describe, expect, it } from 'vitest';
import { importableKey, planImport, stagedEntry, type ImportInput } from '../../src/repair/import-plan.ts';
import { importRecordProblem, type ImportRecord } from '../../src/repair/import-record.ts';
import { readImportOutput } from '../../src/repair/openclaw-import.ts';
import { checkImport } from '../../src/repair/verify-import.ts';
import type { AgentRow } from '../../src/store/agent-sqlite-rows.ts';

const STATE = '/srv/gw/.openclaw';
const STAGE = `${STATE}/agents/target/sessions`;
const SHADOW_DIR = `${STATE}/agents/main/agent/codex-home/home/.openclaw/agents/target/sessions`;

function input(over: Partial<ImportInput>): ImportInput {
  return {
    agent: 'target',
    source: `${SHADOW_DIR}/sessions.json`,
    sourceKind: 'sessions-json',
    sqlitePath: `${STATE}/agents/target/agent/openclaw-agent.sqlite`,
    stageDir: STAGE,
    shadow: {},
    canonical: { rows: new Map() },
    planned: {},
    transcriptOf: () => undefined,
    compare: () => 'missing',
    ...over,
  };
}

describe('planImport', () => {
  it('hands the importer only keys the database lacks; a clash is a conflict and the canonical row is kept', () => {
    const plan = planImport(
      input({
        shadow: {
          'agent:target:new': { sessionId: 's-new', updatedAt: 5 },
          'agent:target:clash': { sessionId: 's-other', updatedAt: 6 },
          'agent:target:same': { sessionId: 's-same', updatedAt: 7, status: 'done' },
        },
        canonical: {
          rows: new Map([
            ['agent:target:clash', { sessionId: 's-canon', updatedAt: 1 }],
            ['agent:target:same', { sessionId: 's-same', updatedAt: 7, status: 'done' }],
          ]),
        },
      }),
    );
    expect(plan.add.map((a) => a.key)).toEqual(['agent:target:new']);
    expect(plan.conflicts.map((c) => c.key)).toEqual(['agent:target:clash']);
    expect(plan.conflicts[0]!.reason).toContain('canonical one is kept');
  });

  it('a key that differs only in case from a canonical one is a conflict (the importer folds keys)', () => {
    const plan = planImport(
      input({
        shadow: { 'agent:target:Telegram:direct:X': { sessionId: 's1', updatedAt: 1 } },
        canonical: { rows: new Map([['agent:target:telegram:direct:x', { sessionId: 's0', updatedAt: 1 }]]) },
      }),
    );
    expect(plan.add).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
  });

  it('keys the importer would rewrite, entries without a sessionId and a session another key owns are not imported', () => {
    const plan = planImport(
      input({
        shadow: {
          main: { sessionId: 's1', updatedAt: 1 },
          'agent:other:x': { sessionId: 's2', updatedAt: 1 },
          'agent:target:noid': { updatedAt: 1 },
          'agent:target:reused': { sessionId: 's-canon', updatedAt: 1 },
        },
        canonical: { rows: new Map([['agent:target:main', { sessionId: 's-canon', updatedAt: 1 }]]) },
      }),
    );
    expect(plan.add).toEqual([]);
    expect(plan.conflicts.map((c) => c.key).sort()).toEqual([
      'agent:other:x',
      'agent:target:noid',
      'agent:target:reused',
      'main',
    ]);
  });

  it('a key an earlier tree imports: the same session once, another session a conflict', () => {
    const planned = { 'agent:target:a': { sessionId: 's1', updatedAt: 1 } };
    const plan = planImport(
      input({
        planned,
        shadow: {
          'agent:target:a': { sessionId: 's1', updatedAt: 1 },
          'agent:target:A': { sessionId: 's9', updatedAt: 1 },
        },
      }),
    );
    expect(plan.add).toEqual([]);
    expect(plan.conflicts.map((c) => c.key)).toEqual(['agent:target:A']);
  });

  it('a different transcript of the same name in the staging dir is a conflict; the same bytes are not', () => {
    const t = { name: 's1.jsonl', file: `${SHADOW_DIR}/s1.jsonl` };
    const shadow = { 'agent:target:a': { sessionId: 's1', updatedAt: 1 } };
    const different = planImport(input({ shadow, transcriptOf: () => t, compare: () => 'different' }));
    expect(different.conflicts).toHaveLength(1);
    const same = planImport(input({ shadow, transcriptOf: () => t, compare: () => 'same' }));
    expect(same.add[0]!.transcript).toEqual(t);
  });

  it('importableKey: agent:<this agent>:… only, lower-case and trimmed (2026.9.6 refuses to list a mixed-case row)', () => {
    expect(importableKey('agent:target:main', 'target')).toBe(true);
    expect(importableKey('agent:target:ünï', 'target')).toBe(true);
    expect(importableKey('agent:Target:main', 'target')).toBe(false);
    expect(importableKey('agent:target:MiXed', 'target')).toBe(false);
    expect(importableKey(' agent:target:main', 'target')).toBe(false);
    expect(importableKey('agent:targetx:main', 'target')).toBe(false);
  });
});

describe('stagedEntry', () => {
  it('re-points a sessionFile inside the shadow sessions dir at the staging dir, drops any other', () => {
    expect(stagedEntry({ sessionId: 'a', sessionFile: `${SHADOW_DIR}/a.jsonl` }, STAGE, SHADOW_DIR)).toEqual({
      sessionId: 'a',
      sessionFile: `${STAGE}/a.jsonl`,
    });
    expect(stagedEntry({ sessionId: 'a', sessionFile: 'sqlite:agent/target/a' }, STAGE)).toEqual({ sessionId: 'a' });
    expect(stagedEntry({ sessionId: 'a', sessionFile: '/etc/passwd' }, STAGE, SHADOW_DIR)).toEqual({ sessionId: 'a' });
    expect(stagedEntry({ sessionId: 'a' }, STAGE, SHADOW_DIR)).toEqual({ sessionId: 'a' });
  });
});

describe('import records', () => {
  const good: ImportRecord = {
    agent: 'target',
    source: `${SHADOW_DIR}/sessions.json`,
    sqlitePath: `${STATE}/agents/target/agent/openclaw-agent.sqlite`,
    stageDir: STAGE,
    staged: [{ path: `${STAGE}/sessions.json`, sha256: 'x' }],
    entries: [{ key: 'agent:target:a', sessionId: 's1', events: 2 }],
    canonicalRows: { 'agent:target:b': 'h' },
    storeBackup: [],
  };

  it('a planted record naming files outside its agent sessions dir is never acted on', () => {
    expect(
      importRecordProblem('/nonexistent-state', { ...good, stageDir: '/nonexistent-state/agents/target/sessions' }),
    ).toContain('is not');
    const state = '/nonexistent-state';
    const ok = {
      ...good,
      stageDir: `${state}/agents/target/sessions`,
      staged: [{ path: `${state}/agents/target/sessions/sessions.json`, sha256: 'x' }],
    };
    expect(importRecordProblem(state, ok)).toBeUndefined();
    expect(importRecordProblem(state, { ...ok, staged: [{ path: '/etc/passwd', sha256: 'x' }] })).toContain('not in');
    expect(
      importRecordProblem(state, { ...ok, staged: [{ path: `${state}/agents/target/sessions/../../x`, sha256: 'x' }] }),
    ).toBeDefined();
    expect(importRecordProblem(state, { ...ok, agent: '../x' })).toContain('agent');
    expect(importRecordProblem(state, { ...ok, stageDir: `${state}/agents/other/sessions` })).toContain('stageDir');
    expect(importRecordProblem(state, { ...ok, entries: 'x' })).toContain('entries');
    expect(importRecordProblem(state, [])).toBe('not an object');
  });
});

describe('readImportOutput', () => {
  it('reads the totals of a successful import, and one clear line of a failed one', () => {
    const ok = readImportOutput(0, JSON.stringify({ totals: { importedEntries: 2, importedTranscriptEvents: 5 } }), '');
    expect(ok).toEqual({ ok: true, imported: 2, transcriptEvents: 5 });
    const bad = readImportOutput(1, '', "error: unknown option '--session-sqlite'\n");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.why).toContain("unknown option '--session-sqlite'");
    expect(readImportOutput(0, 'not json', '').ok).toBe(false);
  });
});

describe('checkImport', () => {
  const row = (key: string, sessionId: string, updatedAt: number, hash: string): AgentRow => ({
    key,
    sessionId,
    updatedAt,
    entry: {},
    hash,
    core: hash,
    stamps: { entryName: null, nodeName: null, windows: {} },
  });
  const record: ImportRecord = {
    agent: 'target',
    source: '/s',
    sqlitePath: '/db',
    stageDir: STAGE,
    staged: [],
    entries: [{ key: 'agent:target:a', sessionId: 's1', updatedAt: 5, events: 2 }],
    canonicalRows: { 'agent:target:b': 'hb' },
    storeBackup: [],
  };

  it('all there and nothing canonical moved', () => {
    const rows = new Map([
      ['agent:target:a', row('agent:target:a', 's1', 5, 'ha')],
      ['agent:target:b', row('agent:target:b', 's0', 1, 'hb')],
    ]);
    expect(checkImport(record, rows, () => 2)).toEqual({ missing: [], changed: [], stamped: [] });
  });

  it('an imported key gone, with another session or fewer events is missing; a changed canonical row is said', () => {
    const other = new Map([
      ['agent:target:a', row('agent:target:a', 's2', 5, 'ha')],
      ['agent:target:b', row('agent:target:b', 's0', 1, 'CHANGED')],
    ]);
    expect(checkImport(record, other, () => 2)).toEqual({
      missing: ['agent:target:a'],
      changed: ['agent:target:b'],
      stamped: [],
    });
    const short = new Map([
      ['agent:target:a', row('agent:target:a', 's1', 5, 'ha')],
      ['agent:target:b', row('agent:target:b', 's0', 1, 'hb')],
    ]);
    expect(checkImport(record, short, () => 1).missing).toEqual(['agent:target:a']);
    expect(checkImport(record, new Map(), () => 0)).toEqual({
      missing: ['agent:target:a'],
      changed: ['agent:target:b'],
      stamped: [],
    });
  });
});
