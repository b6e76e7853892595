// Records are claims, not instructions: a damaged backup after a crash, a planted unfinished run, `..` and outside paths in a
// manifest or merge record, 0777 modes, too-deep JSON; and repair stopped by SIGINT mid-copy of a large shadow.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { baseline, buildState, cliEnv, problems } from './fault-state.mjs';
import { runCli } from './run-cli.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const figures = faultFigures(import.meta.url);
const HOSTILE = 'hostile records (planted or damaged run, manifest, merge record, store)';
const SIGNALS = 'SIGINT/SIGTERM (once, twice, mid-copy)';
const unless = (ok: boolean, what: string): string[] => (ok ? [] : [what]);

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function fresh(opts: { bigBytes?: number } = {}) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-records-')));
  roots.push(root);
  const s = buildState(root, opts);
  return { s, base: baseline(s) };
}

const runDirs = (stateDir: string): string[] =>
  fs
    .readdirSync(path.join(stateDir, 'backups/openclaw-shim'))
    .filter((n) => !n.endsWith('.lock'))
    .map((n) => path.join(stateDir, 'backups/openclaw-shim', n));
const repair = (s: ReturnType<typeof fresh>['s'], extra: Record<string, string> = {}) =>
  runCli(s, ['repair', '--state-dir', s.stateDir, '--apply', '--json'], extra);

describe('repair trusts no record it finds', () => {
  it('a backup copy damaged after a crash: the resumed run keeps the shadow and says so (exit 1); the next run backs it up afresh; nothing lost', async () => {
    const { s, base } = fresh();
    expect((await repair(s, faultAt('kill@backup'))).signal).toBe('SIGKILL');
    const [run] = runDirs(s.stateDir);
    const copy = path.join(run!, 'trees/0/agents/main/sessions/main-s2.jsonl');
    fs.writeFileSync(copy, 'damaged');
    const resumed = await repair(s);
    expect(resumed.code, resumed.stderr).toBe(1);
    const out = JSON.parse(resumed.stdout) as {
      resumed: boolean;
      actions: Array<{ step: string; status: string; detail: string; path: string }>;
    };
    expect(out.resumed).toBe(true);
    expect(out.actions).toContainEqual(
      expect.objectContaining({
        step: 'remove',
        path: s.shadow,
        status: 'failed',
        detail: expect.stringContaining(`the backup copy ${copy} no longer matches`),
      }),
    );
    expect(fs.existsSync(path.join(s.shadow, 'agents/main/sessions/main-s2.jsonl'))).toBe(true);
    const resumedLost = problems(s, base);
    const next = await repair(s);
    figures.count(HOSTILE, 'backup copy damaged after a crash', [
      ...resumedLost,
      ...problems(s, base, { complete: true }),
      ...unless(next.code === 0, `the next run exited ${next.code}`),
    ]);
    expect(resumedLost).toEqual([]);
    expect(next.code, next.stderr).toBe(0);
    expect(problems(s, base, { complete: true })).toEqual([]);
  });

  it('an unfinished run whose manifest was made to name a dir outside the state (hashes and copy right): nothing outside is deleted, a finding', async () => {
    const { s, base } = fresh();
    expect((await repair(s, faultAt('kill@backup'))).signal).toBe('SIGKILL');
    const [run] = runDirs(s.stateDir);
    const victim = path.join(s.root, 'victim');
    fs.mkdirSync(victim);
    fs.writeFileSync(path.join(victim, 'precious'), 'keep me');
    fs.mkdirSync(path.join(run!, 'trees/9'), { recursive: true });
    fs.writeFileSync(path.join(run!, 'trees/9/precious'), 'keep me');
    const sha256 = crypto.createHash('sha256').update('keep me').digest('hex');
    const manifest = path.join(run!, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    m.trees.push({
      source: victim,
      ownerAgent: 'main',
      dir: 'trees/9',
      dirs: [],
      files: [{ path: 'precious', size: 7, mode: 0o644, mtimeMs: 0, sha256 }],
      links: [],
    });
    fs.writeFileSync(manifest, JSON.stringify(m));
    const r = await repair(s);
    figures.count(HOSTILE, 'planted unfinished run naming a dir outside the state', [
      ...unless(fs.existsSync(path.join(victim, 'precious')), `${victim}/precious deleted`),
      ...problems(s, base),
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(fs.readFileSync(path.join(victim, 'precious'), 'utf8')).toBe('keep me');
    expect(JSON.parse(r.stdout).actions).toContainEqual(
      expect.objectContaining({
        step: 'remove',
        path: victim,
        status: 'failed',
        detail: expect.stringContaining('not a shadow tree this run found'),
      }),
    );
    expect(problems(s, base)).toEqual([]);
  });
});

describe('what a merge must not change', () => {
  it('a canonical store holding bytes that are not UTF-8 is not rewritten (no U+FFFD): kept byte for byte, the shadow kept, exit 1', async () => {
    const { s } = fresh();
    const store = path.join(s.stateDir, 'agents/main/sessions/sessions.json');
    const raw = Buffer.concat([
      Buffer.from('{"agent:main:c1":{"sessionId":"main-c1","label":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}}'),
    ]);
    fs.writeFileSync(store, raw);
    const r = await repair(s);
    figures.count(HOSTILE, 'canonical store with non-UTF-8 bytes', [
      ...unless(fs.readFileSync(store).equals(raw), 'the canonical store was rewritten'),
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(fs.readFileSync(store).equals(raw)).toBe(true);
    expect(r.stdout).toContain('not valid UTF-8');
    expect(fs.existsSync(path.join(s.shadow, 'agents/main/sessions/sessions.json'))).toBe(true);
  });

  it("temp files a killed run of ours left in a canonical sessions dir are removed by the next merge; anyone else's stay", async () => {
    const { s, base } = fresh();
    const dir = path.join(s.stateDir, 'agents/main/sessions');
    const ours = '.sessions.json.openclaw-shim.999999.deadbeef.tmp';
    const theirs = '.sessions.json.4242.tmp';
    fs.writeFileSync(path.join(dir, ours), '{"half":');
    fs.writeFileSync(path.join(dir, theirs), 'not ours');
    const d = await runCli(s, ['doctor', '--state-dir', s.stateDir, '--json']);
    const stale = (JSON.parse(d.stdout) as { findings: Array<{ code: string; fix: string }> }).findings.find(
      (x) => x.code === 'STALE_TEMP_FILES',
    );
    expect(stale?.fix).toBe(`rm -f -- ${path.join(dir, ours)}`);
    const r = await repair(s);
    expect(r.code, r.stderr).toBe(0);
    figures.count(HOSTILE, "temp files, ours and another's, in a canonical sessions dir", [
      ...unless(fs.existsSync(path.join(dir, theirs)), `${theirs} (not ours) removed`),
      ...problems(s, base, { complete: true }),
    ]);
    expect(fs.existsSync(path.join(dir, ours))).toBe(false);
    expect(fs.readFileSync(path.join(dir, theirs), 'utf8')).toBe('not ours');
    expect(problems(s, base, { complete: true })).toEqual([]);
  });
});

describe('repair --undo trusts no manifest or merge record', () => {
  async function repaired() {
    const f = fresh();
    const r = await repair(f.s);
    expect(r.code, r.stderr).toBe(0);
    return { ...f, dir: (JSON.parse(r.stdout) as { backupDir: string }).backupDir };
  }
  const undo = (s: ReturnType<typeof fresh>['s'], dir: string) =>
    runCli(s, ['repair', '--undo', dir, '--apply', '--json']);
  const editJson = (file: string, edit: (d: any) => void): void => {
    const d = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(d);
    fs.writeFileSync(file, JSON.stringify(d));
  };

  it('`..` in a manifest link or dir entry: rejected as bad data (65), nothing created outside the state', async () => {
    const { s, dir } = await repaired();
    editJson(path.join(dir, 'manifest.json'), (m) =>
      m.trees[0].links.push({ path: '../../../../../../../../escape-link', target: '/etc' }),
    );
    const r = await undo(s, dir);
    figures.count(HOSTILE, '`..` in a manifest link', [
      ...unless(!fs.existsSync(path.join(s.root, 'escape-link')), 'a link was created outside the state'),
    ]);
    expect(r.code, r.stderr).toBe(65);
    expect(r.stderr).toMatch(/manifest\.json is not a valid openclaw-shim backup manifest/);
    expect(fs.existsSync(path.join(s.root, 'escape-link'))).toBe(false);
  });

  it('a manifest tree whose source lies outside the state: not restored (a finding), nothing created there; modes are clamped', async () => {
    const { s, dir } = await repaired();
    const outside = path.join(s.root, 'outside', '.openclaw');
    editJson(path.join(dir, 'manifest.json'), (m) => {
      m.trees.push({ ...m.trees[0], source: outside });
      m.trees[0].dirs = m.trees[0].dirs.map((d: { path: string }) => ({ ...d, mode: 0o777 }));
    });
    const r = await undo(s, dir);
    figures.count(HOSTILE, 'manifest tree whose source lies outside the state', [
      ...unless(!fs.existsSync(path.join(s.root, 'outside')), 'a dir was created outside the state'),
    ]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { actions: Array<{ path: string; status: string; detail: string }> };
    expect(out.actions).toContainEqual(
      expect.objectContaining({ path: outside, status: 'failed', detail: expect.stringContaining('lies outside') }),
    );
    expect(fs.existsSync(path.join(s.root, 'outside'))).toBe(false);
    const restoredDir = path.join(s.shadow, 'agents/main/sessions');
    expect(fs.statSync(restoredDir).mode & 0o777).toBe(0o755);
  });

  it('a merge record naming a store outside the state: not acted on (a finding), that file untouched', async () => {
    const { s, dir } = await repaired();
    const foreign = path.join(s.root, 'foreign.json');
    fs.writeFileSync(foreign, JSON.stringify({ 'agent:main:s1': { sessionId: 'main-s1', updatedAt: 11 } }));
    const records = fs.readdirSync(path.join(dir, 'merges'));
    editJson(path.join(dir, 'merges', records[0]!), (r) => (r.storePath = foreign));
    const r = await undo(s, dir);
    figures.count(HOSTILE, 'merge record naming a store outside the state', [
      ...unless(fs.readFileSync(foreign, 'utf8').includes('agent:main:s1'), `${foreign} was changed`),
    ]);
    expect(JSON.parse(r.stdout).actions).toContainEqual(
      expect.objectContaining({
        step: 'unmerge',
        status: 'failed',
        detail: expect.stringContaining('not one repair writes'),
      }),
    );
    expect(JSON.parse(fs.readFileSync(foreign, 'utf8'))).toHaveProperty(['agent:main:s1']);
  });

  it('wrong types in a manifest and 50,000-deep JSON: exit 65 naming the file, never 70', async () => {
    const { s, dir } = await repaired();
    const manifest = path.join(dir, 'manifest.json');
    editJson(manifest, (m) => (m.trees[0].files[0].size = 'big'));
    const typed = await undo(s, dir);
    expect(typed.code, typed.stderr).toBe(65);
    expect(typed.stderr).toContain(manifest);
    fs.writeFileSync(manifest, `${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    const deep = await undo(s, dir);
    figures.count(HOSTILE, 'wrong types and 50,000-deep JSON in a manifest', [
      ...unless(typed.code === 65 && deep.code === 65, `exits ${typed.code}, ${deep.code} (not 65)`),
    ]);
    expect(deep.code, deep.stderr).toBe(65);
    expect(deep.stderr).not.toMatch(/internal error/);
  });

  it('undo backs up the store it rewrites first (verified), so the undo itself can be taken back', async () => {
    const { s, dir } = await repaired();
    const store = path.join(s.stateDir, 'agents/main/sessions/sessions.json');
    const before = fs.readFileSync(store);
    const r = await undo(s, dir);
    expect(r.code, r.stderr).toBe(0);
    const kept = fs.readdirSync(path.join(dir, 'stores')).map((n) => fs.readFileSync(path.join(dir, 'stores', n)));
    expect(kept.some((b) => b.equals(before))).toBe(true);
  });
});

describe('repair --undo --apply never loses what it takes out (found by an operator trial)', () => {
  async function repaired() {
    const f = fresh();
    const r = await repair(f.s);
    expect(r.code, r.stderr).toBe(0);
    return { ...f, dir: (JSON.parse(r.stdout) as { backupDir: string }).backupDir };
  }
  const snapshot = (dir: string): Map<string, string> => {
    const out = new Map<string, string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) out.set(p, crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
      }
    };
    walk(dir);
    return out;
  };

  it('a backup copy damaged after the repair: undo refuses (65) before it takes anything out; the canonical state is unchanged', async () => {
    const { s, dir } = await repaired();
    const copy = path.join(dir, 'trees/0/agents/main/sessions/main-s2.jsonl');
    fs.appendFileSync(copy, 'tampered\n');
    const agents = path.join(s.stateDir, 'agents');
    const before = snapshot(agents);
    for (const args of [[], ['--apply']]) {
      const r = await runCli(s, ['repair', '--undo', dir, ...args]);
      expect(r.code, r.stderr).toBe(65);
      expect(r.stderr).toContain(`${copy} does not match its manifest hash`);
      expect(r.stderr).toContain('undo changed nothing');
    }
    figures.count(HOSTILE, 'backup copy damaged after the repair, then undo', [
      ...unless(JSON.stringify([...snapshot(agents)]) === JSON.stringify([...before]), 'the canonical state changed'),
    ]);
    expect(snapshot(agents)).toEqual(before);
  });

  it('undo while a repair holds the state: exit 75, nothing taken out', async () => {
    const { s, dir } = await repaired();
    const lock = path.join(s.stateDir, 'backups/openclaw-shim/repair.lock');
    // A live holder: this test's own pid, as a running repair would write it.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, startedAt: Date.now() }));
    const agents = path.join(s.stateDir, 'agents');
    const before = snapshot(agents);
    const r = await runCli(s, ['repair', '--undo', dir, '--apply']);
    fs.rmSync(lock);
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toMatch(/another repair or undo is running/);
    expect(snapshot(agents)).toEqual(before);
  });
});

describe('signals at chosen steps', () => {
  it('SIGINT twice during the backup: exit 130 at once, nothing removed or lost; the re-run completes', async () => {
    const { s, base } = fresh();
    const r = await repair(s, faultAt('int2@backup:file'));
    const afterSignal = problems(s, base);
    const again = await repair(s);
    figures.count(SIGNALS, 'SIGINT twice at backup:file', [
      ...afterSignal,
      ...problems(s, base, { complete: true }),
      ...unless(r.code === 130 && again.code === 0, `exits ${r.code}, then ${again.code}`),
    ]);
    expect(r.code, r.stderr).toBe(130);
    expect(afterSignal).toEqual([]);
    expect(again.code, again.stderr).toBe(0);
    expect(problems(s, base, { complete: true })).toEqual([]);
  });

  it('SIGINT during repair --undo --apply: exit 130 after the file under way, what was done and the resume command; resuming finishes the undo', async () => {
    const { s, base } = fresh();
    const done = await repair(s);
    const dir = (JSON.parse(done.stdout) as { backupDir: string }).backupDir;
    const r = await runCli(s, ['repair', '--undo', dir, '--apply'], faultAt('int@undo:restore'));
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(
      /undo of .* interrupted by SIGINT: 2 store\(s\) unmerged, 1 file\(s\) or link\(s\) restored; nothing was half-written/,
    );
    expect(r.stderr).toContain(`Resume with: openclaw-shim repair --undo ${dir} --apply`);
    const again = await runCli(s, ['repair', '--undo', dir, '--apply', '--json']);
    figures.count(SIGNALS, 'SIGINT during undo --apply', [
      ...unless(JSON.stringify(baseline(s)) === JSON.stringify(base), 'not back to the start after the resumed undo'),
    ]);
    expect(again.code, again.stderr).toBe(0);
    // Back to the start: every shadow file in place, canonical stores as they were.
    expect(baseline(s)).toEqual(base);
  });
});

describe('repair --apply stopped by a signal mid-copy of a large shadow', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during the backup of a 300 MB shadow: exit 130 within 2 s, nothing removed, what was done and how to resume; the re-run completes`, async () => {
      const { s, base } = fresh({ bigBytes: 300 * 1024 * 1024 });
      const child = spawn(NODE, [CLI_JS, 'repair', '--state-dir', s.stateDir, '--apply'], {
        cwd: s.root,
        env: cliEnv(s, { PATH: BASE_PATH }),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let sentAt = 0;
      child.stderr.on('data', (b: Buffer) => {
        stderr += b;
        if (!sentAt && /Backing up/.test(stderr)) setTimeout(() => ((sentAt = Date.now()), child.kill(sig)), 300);
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const took = Date.now() - sentAt;
      expect(sentAt).toBeGreaterThan(0);
      expect(code, stderr).toBe(130);
      expect(took).toBeLessThan(2000);
      expect(stderr).toMatch(new RegExp(`interrupted by ${sig}`));
      expect(stderr).toContain(`Resume with: openclaw-shim repair --state-dir ${s.stateDir} --apply`);
      const afterSignal = problems(s, base);
      expect(afterSignal).toEqual([]);
      expect(fs.existsSync(path.join(s.shadow, 'agents/main/sessions/main-s1.jsonl'))).toBe(true);
      const again = await repair(s);
      figures.count(SIGNALS, `${sig} mid-copy of a 300 MB shadow`, [
        ...afterSignal,
        ...problems(s, base, { complete: true }),
      ]);
      expect(again.code, again.stderr).toBe(0);
      expect(problems(s, base, { complete: true })).toEqual([]);
      process.stderr.write(`fault figures: ${sig} mid-copy of 300 MB: stopped ${took} ms after the signal\n`);
    }, 240_000);
  }
});
