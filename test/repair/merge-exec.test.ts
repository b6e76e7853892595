// Writing one merge: a key taken since the plan is a no-op when identical and a reported conflict when not; the record only grows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeRecordPath, readMergeRecordFile } from '../../src/repair/journal.ts';
import { accumulate, parseMergeRecord } from '../../src/store/backup-manifest.ts';
import { executeMerge } from '../../src/repair/merge-exec.ts';
import type { MergePlan } from '../../src/repair/merge.ts';

let dir: string;
let plan: MergePlan;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-merge-'));
  const shadowSessionsDir = path.join(dir, 'shadow/agents/t/sessions');
  const canonicalSessionsDir = path.join(dir, 'state/agents/t/sessions');
  fs.mkdirSync(shadowSessionsDir, { recursive: true });
  fs.mkdirSync(canonicalSessionsDir, { recursive: true });
  fs.writeFileSync(path.join(shadowSessionsDir, 'b.jsonl'), 'second tree\n');
  plan = {
    agent: 't',
    shadowSessionsDir,
    canonicalSessionsDir,
    shadowStorePath: path.join(shadowSessionsDir, 'sessions.json'),
    canonicalStorePath: path.join(canonicalSessionsDir, 'sessions.json'),
    add: [{ key: 'K', entry: { sessionId: 'b', updatedAt: 2 }, transcripts: ['b.jsonl'] }],
    conflicts: [],
  };
  fs.mkdirSync(path.join(dir, 'backup'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const canonicalWith = (store: object) => fs.writeFileSync(plan.canonicalStorePath, JSON.stringify(store, null, 2));

describe('executeMerge', () => {
  it('a planned key now holding a different entry: conflict, canonical untouched, transcript not copied, no record', async () => {
    canonicalWith({ K: { sessionId: 'a', updatedAt: 1 } });
    const before = fs.readFileSync(plan.canonicalStorePath, 'utf8');
    const out = await executeMerge(plan, path.join(dir, 'backup'));
    expect(out.added).toEqual([]);
    expect(out.conflicts).toEqual([expect.objectContaining({ agent: 't', key: 'K', path: plan.canonicalStorePath })]);
    expect(fs.readFileSync(plan.canonicalStorePath, 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(plan.canonicalSessionsDir, 'b.jsonl'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'backup/merges'))).toBe(false);
  });

  it('a planned key now holding an identical entry: nothing to do, no conflict', async () => {
    canonicalWith({ K: { updatedAt: 2, sessionId: 'b' } });
    const out = await executeMerge(plan, path.join(dir, 'backup'));
    expect(out).toMatchObject({ added: [], transcripts: [], alreadyThere: ['K'], conflicts: [] });
  });

  it('the record keeps what an earlier, killed run listed', async () => {
    const file = mergeRecordPath(path.join(dir, 'backup'), plan.shadowStorePath, plan.canonicalStorePath, 't');
    const earlier = path.join(plan.canonicalSessionsDir, 'a.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        storePath: plan.canonicalStorePath,
        agent: 't',
        added: [],
        transcripts: [{ path: earlier, sha256: 'f'.repeat(64) }],
      }),
    );
    const out = await executeMerge(plan, path.join(dir, 'backup'));
    expect(out.added).toEqual(['K']);
    const record = readMergeRecordFile(file)!;
    expect(record.transcripts.map((t) => t.path)).toEqual([earlier, path.join(plan.canonicalSessionsDir, 'b.jsonl')]);
    expect(record.added.map((a) => a.key)).toEqual(['K']);
  });
});

describe('merge records', () => {
  it('accumulate never repeats or drops', () => {
    const r = {
      storePath: '/s',
      agent: 't',
      added: [{ key: 'A', entry: 1 }],
      transcripts: [{ path: '/s/a', sha256: 'x' }],
    };
    expect(
      accumulate(
        r,
        [
          { key: 'A', entry: 1 },
          { key: 'B', entry: 2 },
        ],
        [
          { path: '/s/a', sha256: 'x' },
          { path: '/s/a', sha256: 'y' },
        ],
      ),
    ).toEqual({
      storePath: '/s',
      agent: 't',
      added: [
        { key: 'A', entry: 1 },
        { key: 'B', entry: 2 },
      ],
      transcripts: [
        { path: '/s/a', sha256: 'x' },
        { path: '/s/a', sha256: 'y' },
      ],
    });
  });
  it('parseMergeRecord rejects what is not one', () => {
    expect(parseMergeRecord('{').ok).toBe(false);
    expect(parseMergeRecord('{"storePath":"rel","agent":"t","added":[],"transcripts":[]}').ok).toBe(false);
    expect(parseMergeRecord('{"storePath":"/s","agent":"t","added":[],"transcripts":[]}').ok).toBe(true);
  });
});
