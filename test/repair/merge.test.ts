// Repair's pure planning: only shadow-only sessions move, with their transcripts; conflicts are reported.
import { describe, expect, it } from 'vitest';
import { applyMerge, planMerge, relatedFiles, repointEntry } from '../../src/repair/merge.ts';
import { splitAdded } from '../../src/repair/undo.ts';

describe('planMerge', () => {
  const base = {
    agent: 't',
    shadowStorePath: '/shadow/agents/t/sessions/sessions.json',
    canonicalStorePath: '/s/agents/t/sessions/sessions.json',
    shadowFiles: ['a.jsonl', 'a.jsonl.reset.1', 'a.jsonl.lock', 'b.jsonl', 'c.jsonl', 'sessions.json'],
  };
  it('adds shadow-only entries with their files, keeps canonical ones, reports differing and clashing ones', () => {
    const plan = planMerge({
      ...base,
      shadowStore: {
        A: { sessionId: 'a', updatedAt: 1, sessionFile: '/shadow/agents/t/sessions/a.jsonl' },
        B: { sessionId: 'b', updatedAt: 2 },
        C: { sessionId: 'c', updatedAt: 3 },
      },
      canonicalStore: { B: { sessionId: 'b', updatedAt: 9 } },
      compare: (n) => (n === 'c.jsonl' ? 'different' : 'missing'),
    });
    expect(plan.add.map((a) => a.key)).toEqual(['A']);
    expect(plan.add[0]!.transcripts).toEqual(['a.jsonl', 'a.jsonl.reset.1']);
    expect((plan.add[0]!.entry as { sessionFile: string }).sessionFile).toBe('/s/agents/t/sessions/a.jsonl');
    expect(plan.conflicts.map((c) => c.key)).toEqual(['B', 'C']);
  });
  it('plans a second tree against what the first will add: identical is nothing to do, different is a conflict', () => {
    const plan = planMerge({
      ...base,
      shadowStore: {
        S: { sessionId: 's', updatedAt: 1, sessionFile: '/shadow/agents/t/sessions/s.jsonl' },
        D: { sessionId: 'd2', updatedAt: 2 },
        N: { sessionId: 'n', updatedAt: 3 },
      },
      canonicalStore: {},
      planned: {
        S: { sessionId: 's', updatedAt: 1, sessionFile: '/s/agents/t/sessions/s.jsonl' },
        D: { sessionId: 'd1', updatedAt: 2 },
      },
      compare: () => 'missing',
    });
    expect(plan.add.map((a) => a.key)).toEqual(['N']);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        key: 'D',
        path: '/s/agents/t/sessions/sessions.json',
        reason: expect.stringContaining('another shadow tree'),
      }),
    ]);
  });
  it('never replaces an existing canonical entry', () => {
    const { store, added } = applyMerge({ X: { sessionId: 'x' } }, [
      { key: 'X', entry: { sessionId: 'other' }, transcripts: [] },
      { key: 'Y', entry: { sessionId: 'y' }, transcripts: [] },
    ]);
    expect(store).toEqual({ X: { sessionId: 'x' }, Y: { sessionId: 'y' } });
    expect(added.map((a) => a.key)).toEqual(['Y']);
  });
  it('relates files by sessionId and sessionFile, never lock files', () => {
    expect(relatedFiles({ sessionId: 'a', sessionFile: 'b.jsonl' }, base.shadowFiles)).toEqual([
      'a.jsonl',
      'a.jsonl.reset.1',
      'b.jsonl',
    ]);
    expect(repointEntry({ sessionFile: 'rel.jsonl' }, '/shadow', '/s')).toEqual({ sessionFile: 'rel.jsonl' });
  });
  it('undo only takes out entries still exactly as merged', () => {
    const record = {
      storePath: 'x',
      agent: 't',
      transcripts: [],
      added: [
        { key: 'A', entry: { sessionId: 'a', updatedAt: 1 } },
        { key: 'B', entry: { sessionId: 'b', updatedAt: 1 } },
      ],
    };
    expect(splitAdded({ A: { sessionId: 'a', updatedAt: 1 }, B: { sessionId: 'b', updatedAt: 2 } }, record)).toEqual({
      removable: ['A'],
      changed: ['B'],
    });
  });
});
