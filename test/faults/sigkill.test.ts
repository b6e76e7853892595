// SIGKILL at every repair step and at random points: after each kill nothing committed and no shadow byte is lost (by hash), and a re-run completes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { AGENTS, baseline, buildState, problems } from './fault-state.mjs';
import { ageDeadLocks, runCli } from './run-cli.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function fresh() {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-fault-')));
  roots.push(root);
  const s = buildState(root);
  return { s, base: baseline(s) };
}

const locks = (stateDir: string): string[] =>
  AGENTS.map((a) => path.join(stateDir, 'agents', a, 'sessions', 'sessions.json.lock'));

const figures = faultFigures(import.meta.url);
const failures: string[] = [];
const count = (kind: string, label: string, found: string[]): void => {
  failures.push(...figures.count(kind, label, found).map((f) => `${label}: ${f}`));
};

/** One trial: a repair killed by `extra`/`killAfterMs`, checked; then re-runs until done, checked complete. */
async function trial(kind: string, label: string, extra: Record<string, string>, killAfterMs?: number): Promise<void> {
  const { s, base } = fresh();
  const killed = await runCli(
    s,
    ['repair', '--state-dir', s.stateDir, '--apply', '--link', '--json'],
    extra,
    killAfterMs,
  );
  const afterKill = problems(s, base);
  let last = killed;
  for (let i = 0; i < 3; i += 1) {
    ageDeadLocks(locks(s.stateDir));
    last = await runCli(s, ['repair', '--state-dir', s.stateDir, '--apply', '--json']);
    if (last.code === 0 && (JSON.parse(last.stdout) as { nothingToDo: boolean }).nothingToDo) break;
  }
  const afterResume = problems(s, base, { complete: true });
  const found = [...afterKill.map((p) => `after the kill: ${p}`), ...afterResume.map((p) => `after resuming: ${p}`)];
  if (last.code !== 0) found.push(`the last re-run exited ${last.code}: ${last.stderr.trim().split('\n').pop()}`);
  count(kind, label, found);
}

/** The step events one whole repair publishes, in order (a traced run). */
async function tracedSteps(): Promise<string[]> {
  const { s } = fresh();
  const trace = path.join(s.root, 'trace');
  const r = await runCli(
    s,
    ['repair', '--state-dir', s.stateDir, '--apply', '--link'],
    faultAt('', { OCSHIM_TEST_TRACE: trace }),
  );
  expect(r.code, r.stderr).toBe(0);
  return fs.readFileSync(trace, 'utf8').trim().split('\n');
}

async function inBatches<T>(items: T[], size: number, fn: (t: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

describe('SIGKILL during repair --apply (fault injection)', () => {
  it('at every step, at random step events and at random times: nothing committed or shadowed is lost, and a re-run completes', async () => {
    const steps = await tracedSteps();
    expect(steps).toEqual(
      expect.arrayContaining([
        'survey',
        'backup:file',
        'backup',
        'merge:record:main',
        'copied:main',
        'merge:store-backup:main',
        'merge:main',
        'remove:tree',
        'remove',
      ]),
    );
    const distinct = [...new Set(steps)];
    await inBatches(distinct, 3, (step) => trial('SIGKILL at a named step', step, faultAt(`kill@${step}`)));
    // Random points: the Nth event of any kind (so every kind of place is hit in proportion), and wall-clock kills.
    const nth = Array.from({ length: 6 }, () => 1 + Math.floor(Math.random() * steps.length));
    await inBatches(nth, 3, (n) =>
      trial('SIGKILL at a random step event', `#${n} (${steps[n - 1]})`, faultAt(`kill@#${n}`)),
    );
    const times = Array.from({ length: 4 }, () => 150 + Math.floor(Math.random() * 900));
    await inBatches(times, 3, (ms) => trial('SIGKILL at a random time', `${ms} ms`, {}, ms));
    expect(failures).toEqual([]);
  }, 300_000);
});
