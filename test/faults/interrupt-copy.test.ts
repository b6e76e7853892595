// Signals inside a copy: a second SIGINT mid-backup or mid-merge, SIGKILL mid-backup, SIGINT during a long merge: nothing left passes for complete, nothing is lost (by hash), a re-run completes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { AGENTS, baseline, buildState, cliEnv, problems } from './fault-state.mjs';
import { ageDeadLocks, runCli } from './run-cli.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const figures = faultFigures(import.meta.url);
const SIGNALS = 'SIGINT/SIGTERM (once, twice, mid-copy)';

const MiB = 1 << 20;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function fresh(bigBytes: number) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-intcopy-')));
  roots.push(root);
  const s = buildState(root, { bigBytes });
  return { s, base: baseline(s) };
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** The 1 MiB chunks the backup of the shadow writes (a copy publishes one per chunk read; an empty file none). */
const backupChunks = (shadow: string): number =>
  walk(shadow).reduce((n, f) => n + Math.ceil(fs.statSync(f).size / MiB), 0);

const backupDirOf = (stateDir: string): string | undefined => {
  const root = path.join(stateDir, 'backups', 'openclaw-shim');
  const name = fs.existsSync(root) ? fs.readdirSync(root).find((n) => !n.endsWith('.lock')) : undefined;
  return name && path.join(root, name);
};

/** Locks of ours or OpenClaw's that outlived the run. */
const leftLocks = (stateDir: string): string[] => walk(stateDir).filter((f) => f.endsWith('.lock'));

const ourTemps = (stateDir: string): string[] =>
  AGENTS.flatMap((a) => walk(path.join(stateDir, 'agents', a, 'sessions'))).filter((f) =>
    /\.openclaw-shim\.\d+\.[0-9a-f]{8}\.tmp$/.test(f),
  );

/** Re-runs repair until it has nothing to do (at most 3 times); the last run. */
async function resume(s: ReturnType<typeof fresh>['s']) {
  let last = await runCli(s, ['repair', '--state-dir', s.stateDir, '--apply', '--json']);
  for (let i = 0; i < 2 && !(last.code === 0 && JSON.parse(last.stdout).nothingToDo); i += 1) {
    ageDeadLocks(AGENTS.map((a) => path.join(s.stateDir, 'agents', a, 'sessions', 'sessions.json.lock')));
    last = await runCli(s, ['repair', '--state-dir', s.stateDir, '--apply', '--json']);
  }
  return last;
}

describe('a second SIGINT inside a copy (fake-slow copy via the repair-faults preload)', { timeout: 180_000 }, () => {
  it('mid-backup: exit 130 at once, the copy under way discarded, no manifest, no lock, the resume command; the re-run redoes the copy and completes', async () => {
    const { s, base } = fresh(12 * MiB);
    const resumeCmd = `Resume with: openclaw-shim repair --state-dir ${s.stateDir} --apply`;
    const r = await runCli(
      s,
      ['repair', '--state-dir', s.stateDir, '--apply'],
      faultAt('int2@chunk:4', { OCSHIM_TEST_SLOW_COPY_MS: '100' }),
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(
      /stopped at once by a second SIGINT: the copy under way was discarded \(.*copy\.partial\)/,
    );
    expect(r.stderr).toContain(resumeCmd);
    const dir = backupDirOf(s.stateDir)!;
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'copy.partial'))).toBe(false);
    expect(leftLocks(s.stateDir)).toEqual([]);
    // Every file in the backup is a whole copy of a shadow file (by hash): none is cut short under its final name.
    const shadowHashes = new Set(base.shadowFiles.map((f: { sha256: string }) => f.sha256));
    const { createHash } = await import('node:crypto');
    for (const f of walk(path.join(dir, 'trees')))
      expect(shadowHashes.has(createHash('sha256').update(fs.readFileSync(f)).digest('hex')), f).toBe(true);
    const afterSignal = problems(s, base);
    const again = await resume(s);
    figures.count(SIGNALS, 'second SIGINT mid-backup copy', [...afterSignal, ...problems(s, base, { complete: true })]);
    expect(afterSignal).toEqual([]);
    expect(again.code, again.stderr).toBe(0);
    expect(problems(s, base, { complete: true })).toEqual([]);
  });

  it('mid-merge (a transcript being copied into the canonical sessions dir): exit 130, its temp file and the store lock gone; the re-run completes', async () => {
    const { s, base } = fresh(12 * MiB);
    // Past the backup's chunks, into main's transcript copies (main-s1 alone is 13 chunks).
    const at = backupChunks(s.shadow) + 5;
    const r = await runCli(
      s,
      ['repair', '--state-dir', s.stateDir, '--apply'],
      faultAt(`int2@chunk:${at}`, { OCSHIM_TEST_SLOW_COPY_MS: '50' }),
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/repair: Merging 3 session\(s\) of main/);
    expect(r.stderr).toMatch(/stopped at once by a second SIGINT: the copy under way was discarded \(.*\.tmp\)/);
    expect(r.stderr).toContain(`Resume with: openclaw-shim repair --state-dir ${s.stateDir} --apply`);
    expect(ourTemps(s.stateDir)).toEqual([]);
    expect(leftLocks(s.stateDir)).toEqual([]);
    const afterSignal = problems(s, base);
    const again = await resume(s);
    figures.count(SIGNALS, 'second SIGINT mid-merge transcript copy', [
      ...afterSignal,
      ...problems(s, base, { complete: true }),
    ]);
    expect(afterSignal).toEqual([]);
    expect(again.code, again.stderr).toBe(0);
    expect(problems(s, base, { complete: true })).toEqual([]);
  });
});

describe('SIGKILL inside a backup copy', { timeout: 180_000 }, () => {
  it('leaves the cut copy named copy.partial and in no manifest; the re-run starts the copy again and completes', async () => {
    const { s, base } = fresh(12 * MiB);
    const r = await runCli(s, ['repair', '--state-dir', s.stateDir, '--apply'], faultAt('kill@chunk:4'));
    expect(r.signal).toBe('SIGKILL');
    const dir = backupDirOf(s.stateDir)!;
    const partial = path.join(dir, 'copy.partial');
    expect(fs.statSync(partial).size).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, 'manifest.json'))).toBe(false);
    const afterKill = problems(s, base);
    const again = await resume(s);
    figures.count('SIGKILL inside a backup copy', 'kill at chunk 4', [
      ...afterKill,
      ...problems(s, base, { complete: true }),
    ]);
    expect(afterKill).toEqual([]);
    expect(again.code, again.stderr).toBe(0);
    expect(fs.existsSync(partial)).toBe(false);
    expect(problems(s, base, { complete: true })).toEqual([]);
  });
});

describe('SIGINT during a long merge (large transcripts)', { timeout: 240_000 }, () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} while a 48 MiB transcript is copied into the canonical dir: exit 130 within 2 s, the store not written, nothing lost; the re-run completes`, async () => {
      const { s, base } = fresh(48 * MiB);
      // Each chunk 40 ms: the backup takes ~2 s, the transcript's copy ~2 s; the signal comes 400 ms into the merge.
      const child = spawn(NODE, [CLI_JS, 'repair', '--state-dir', s.stateDir, '--apply'], {
        cwd: s.root,
        env: cliEnv(s, { PATH: BASE_PATH, ...faultAt('', { OCSHIM_TEST_SLOW_COPY_MS: '40' }) }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let sentAt = 0;
      child.stderr.on('data', (b: Buffer) => {
        stderr += b;
        if (!sentAt && /Merging 3 session\(s\) of main/.test(stderr))
          setTimeout(() => ((sentAt = Date.now()), child.kill(sig)), 400);
      });
      const code = await new Promise<number | null>((done) => child.on('close', done));
      const took = Date.now() - sentAt;
      expect(sentAt, stderr).toBeGreaterThan(0);
      expect(code, stderr).toBe(130);
      expect(took).toBeLessThan(2000);
      expect(stderr).toMatch(new RegExp(`interrupted by ${sig} during the merge into .*main/sessions/sessions\\.json`));
      expect(stderr).toContain(`Resume with: openclaw-shim repair --state-dir ${s.stateDir} --apply`);
      // The step is left consistent: the canonical store as it was, no temp file, no lock; every byte somewhere.
      const store = JSON.parse(fs.readFileSync(path.join(s.stateDir, 'agents/main/sessions/sessions.json'), 'utf8'));
      expect(store).toEqual(base.canonical.main);
      expect(ourTemps(s.stateDir)).toEqual([]);
      expect(leftLocks(s.stateDir)).toEqual([]);
      const afterSignal = problems(s, base);
      const again = await resume(s);
      figures.count(SIGNALS, `${sig} mid-merge of a 48 MiB transcript`, [
        ...afterSignal,
        ...problems(s, base, { complete: true }),
      ]);
      expect(afterSignal).toEqual([]);
      expect(again.code, again.stderr).toBe(0);
      expect(problems(s, base, { complete: true })).toEqual([]);
      process.stderr.write(
        `fault figures: ${sig} mid-merge of a 48 MiB transcript: stopped ${took} ms after the signal\n`,
      );
    });
  }
});
