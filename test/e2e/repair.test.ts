// repair --apply / --undo through the built CLI: nothing lost, canonical entries untouched, real CLI sees the merge.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { BASE_PATH } from '../helpers/paths.ts';
import { faultAt } from '../helpers/faults.ts';
import { walkTree } from '../../src/store/walk.ts';
import {
  CANONICAL_TARGET,
  MAIN_KEYS,
  SHADOW_TARGET,
  canonicalLinkedGateway,
  cli,
  divergingGateway,
  entry,
  hashes,
  listFiles,
  mainOnlyGateway,
  makeHealthy,
  otherStateDir,
  readJson,
  sha256File,
  shadowOf,
  writeStore,
} from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));
const track = (g: Gateway): Gateway => (gateways.push(g), g);

type Result = {
  backupDir: string | null;
  resumed: boolean;
  nothingToDo: boolean;
  actions: Array<{ step: string; status: string; path: string; target?: string; detail: string }>;
};
const parse = (stdout: unknown): Result => JSON.parse(String(stdout)) as Result;
const canonicalStore = (gw: Gateway) => path.join(gw.stateDir, 'agents/target/sessions/sessions.json');
const NEW_KEYS = ['agent:target:telegram:direct:new1', 'agent:target:telegram:direct:new2'];

/** Every file of the shadow, by content, is somewhere in the backup's trees. */
function expectAllInBackup(before: Map<string, string>, backupDir: string): void {
  const inBackup = new Set([...hashes(path.join(backupDir, 'trees')).values()]);
  for (const [rel, h] of before) expect(inBackup.has(h), rel).toBe(true);
  const manifest = readJson(path.join(backupDir, 'manifest.json')) as {
    trees: Array<{ files: Array<{ path: string; sha256: string }> }>;
  };
  expect(new Map(manifest.trees.flatMap((t) => t.files.map((f) => [f.path, f.sha256])))).toEqual(before);
}

function expectMerged(gw: Gateway): void {
  const store = readJson(canonicalStore(gw));
  for (const [k, v] of Object.entries(CANONICAL_TARGET)) expect(store[k]).toEqual(v);
  for (const k of NEW_KEYS) expect(store[k]).toEqual(SHADOW_TARGET[k as keyof typeof SHADOW_TARGET]);
  for (const k of NEW_KEYS) {
    const id = (SHADOW_TARGET[k as keyof typeof SHADOW_TARGET] as { sessionId: string }).sessionId;
    expect(fs.existsSync(path.join(gw.stateDir, 'agents/target/sessions', `${id}.jsonl`))).toBe(true);
  }
}

describe('repair (built CLI)', () => {
  it('dry run prints the plan and changes nothing', async () => {
    const gw = track(divergingGateway());
    const before = hashes(gw.stateDir);
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
    expect(r.exitCode).toBe(1); // as --apply: the differing entry is a conflict (docs/doctor-json.md)
    expect(r.stdout).toContain(
      `merge    ${path.join(shadowOf(gw), 'agents/target/sessions/sessions.json')} -> ${canonicalStore(gw)}`,
    );
    expect(r.stdout).toContain('dry run');
    expect(hashes(gw.stateDir)).toEqual(before);
  });

  it('--apply: backup by content, merge visible to the real 2026.5.12 CLI, doctor clean, second run a no-op, --undo restores', async () => {
    const gw = track(divergingGateway());
    expect(
      (await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup', '--enforce', '--json'], gw.isolatedEnv())).exitCode,
    ).toBe(0);
    await makeHealthy(gw);
    const shadowBefore = hashes(shadowOf(gw));
    const canonicalBytes = fs.readFileSync(canonicalStore(gw));
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode).toBe(1); // the differing entry is a reported conflict
    const result = parse(r.stdout);
    expect(result.actions.filter((a) => a.status === 'conflict').map((a) => a.detail)).toEqual([
      expect.stringContaining('agent:target:diff'),
    ]);
    expectAllInBackup(shadowBefore, result.backupDir!);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    expectMerged(gw);
    expect(fs.statSync(canonicalStore(gw)).mode & 0o777).toBe(0o600);

    const real = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], {
      PATH: `${gw.realBinDir}:${BASE_PATH}`,
      HOME: gw.home,
    });
    const listed = JSON.parse(String(real.stdout)) as { path: string; sessions: Array<{ key: string }> };
    expect(listed.path).toBe(canonicalStore(gw));
    expect(listed.sessions.map((s) => s.key)).toEqual(
      expect.arrayContaining([...NEW_KEYS, ...Object.keys(CANONICAL_TARGET)]),
    );

    expect((await cli(gw, ['doctor', '--state-dir', gw.stateDir])).exitCode).toBe(0);
    const afterFirst = hashes(gw.stateDir);
    const again = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(again.exitCode).toBe(0);
    expect(parse(again.stdout)).toMatchObject({ nothingToDo: true, backupDir: null });
    expect(hashes(gw.stateDir)).toEqual(afterFirst);

    const undo = await cli(gw, ['repair', '--undo', result.backupDir!, '--apply', '--json']);
    expect(undo.exitCode).toBe(0);
    expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
    expect(readJson(canonicalStore(gw))).toEqual(JSON.parse(canonicalBytes.toString()));
  });

  // The re-run's exit: 1 while the shadow is still there to report its conflicting entry; 0 once the crashed run had removed it.
  const rerunExit: Record<string, number> = { backup: 1, 'merge:target': 1, remove: 0 };
  for (const step of Object.keys(rerunExit)) {
    it(`killed right after ${step}: a re-run completes and nothing is lost`, async () => {
      const gw = track(divergingGateway());
      const shadowBefore = hashes(shadowOf(gw));
      const killed = await cli(
        gw,
        ['repair', '--state-dir', gw.stateDir, '--apply', '--link', '--json'],
        faultAt(`kill@${step}`),
      );
      expect(killed.signal).toBe('SIGKILL');
      const rerun = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
      expect(rerun.exitCode, String(rerun.stderr)).toBe(rerunExit[step]);
      const result = parse(rerun.stdout);
      expect(result.resumed).toBe(true);
      const runs = fs.readdirSync(path.join(gw.stateDir, 'backups/openclaw-shim')).filter((n) => !n.endsWith('.lock'));
      expect(runs).toHaveLength(1);
      expect(fs.existsSync(path.join(result.backupDir!, 'done.json'))).toBe(true);
      expectAllInBackup(shadowBefore, result.backupDir!);
      expectMerged(gw);
      // --link survives the crash: the shadow sessions dirs now point at the canonical ones.
      expect(fs.realpathSync(path.join(shadowOf(gw), 'agents/target/sessions'))).toBe(
        path.join(gw.stateDir, 'agents/target/sessions'),
      );
      expect([...walkTree(shadowOf(gw))].filter((e) => e.stat.isFile())).toEqual([]);
      expect(
        parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json'])).stdout).nothingToDo,
      ).toBe(true);
    });
  }

  it('a live lock on the canonical store: that store is not written, the shadow is kept, exit 75', async () => {
    const gw = track(divergingGateway());
    const lock = `${canonicalStore(gw)}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, startedAt: Date.now() }));
    const before = sha256File(canonicalStore(gw));
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json'], {
      OPENCLAW_SHIM_LOCK_WAIT_MS: '300',
    });
    expect(r.exitCode).toBe(75);
    expect(parse(r.stdout).actions.find((a) => a.step === 'merge')?.status).toBe('locked');
    expect(sha256File(canonicalStore(gw))).toBe(before);
    expect(fs.existsSync(path.join(shadowOf(gw), 'agents/target/sessions/sessions.json'))).toBe(true);
    expect(fs.readFileSync(lock, 'utf8')).toContain(String(process.pid));
    fs.rmSync(lock);
    const rerun = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(rerun.exitCode).toBe(1);
    expectMerged(gw);
  });

  it('two shadow trees with one key, different content: the second is a conflict in the plan and in --apply, nothing lost', async () => {
    const gw = track(makeGateway('json', { agents: ['main', 'target'] }));
    writeStore(canonicalStore(gw), CANONICAL_TARGET);
    const first = shadowOf(gw); // main's codex home
    const second = path.join(gw.stateDir, 'agents/target/agent/codex-home/home/.openclaw');
    const twin = 'agent:target:telegram:direct:twin';
    const same = 'agent:target:telegram:direct:same-in-both';
    writeStore(path.join(first, 'agents/target/sessions/sessions.json'), {
      [twin]: entry(6, { status: 'done' }),
      [same]: entry(8),
    });
    const secondDir = path.join(second, 'agents/target/sessions');
    writeStore(path.join(secondDir, 'sessions.json'), { [twin]: entry(7, { status: 'done' }), [same]: entry(8) });
    const secondTranscript = `${entry(7).sessionId}.jsonl`;
    fs.writeFileSync(path.join(secondDir, secondTranscript), '{"type":"session","id":"7"}\n');
    const before = new Map([...hashes(first)].map(([k, v]) => [`first/${k}`, v]));
    for (const [k, v] of hashes(second)) before.set(`second/${k}`, v);

    const dry = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json'])).stdout);
    const conflictsOf = (r: Result) => r.actions.filter((a) => a.status === 'conflict').map((a) => a.detail);
    expect(conflictsOf(dry)).toEqual([expect.stringContaining(twin)]);
    expect(dry.actions.filter((a) => a.step === 'merge').map((a) => a.path)).toEqual([
      path.join(first, 'agents/target/sessions/sessions.json'),
    ]);

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode).toBe(1);
    const result = parse(r.stdout);
    expect(conflictsOf(result)).toEqual([expect.stringContaining(twin)]);
    const store = readJson(canonicalStore(gw));
    expect(store[twin]).toEqual(entry(6, { status: 'done' }));
    expect(store[same]).toEqual(entry(8));
    expect(fs.existsSync(path.join(gw.stateDir, 'agents/target/sessions', secondTranscript))).toBe(false);
    // Like a canonical-vs-shadow conflict: both trees removed, the unmerged entry is in the verified backup.
    expect(fs.existsSync(first) || fs.existsSync(second)).toBe(false);
    const inBackup = new Set(hashes(path.join(result.backupDir!, 'trees')).values());
    for (const [rel, h] of before) expect(inBackup.has(h), rel).toBe(true);
  });

  it('--undo after --apply --link: the dry run plans exactly what --apply then does', async () => {
    const gw = track(divergingGateway());
    const shadowBefore = hashes(shadowOf(gw));
    const canonicalBefore = readJson(canonicalStore(gw));
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--link', '--json']);
    expect(r.exitCode).toBe(1);
    const dir = parse(r.stdout).backupDir!;
    expect(fs.lstatSync(path.join(shadowOf(gw), 'agents/target/sessions')).isSymbolicLink()).toBe(true);
    const dry = await cli(gw, ['repair', '--undo', dir, '--json']);
    const planned = parse(dry.stdout).actions;
    expect(planned.filter((a) => a.status === 'conflict')).toEqual([]);
    expect(dry.exitCode).toBe(0);
    const undo = await cli(gw, ['repair', '--undo', dir, '--apply', '--json']);
    expect(undo.exitCode, String(undo.stdout)).toBe(0);
    const key = (a: Result['actions'][number]) => `${a.step} ${a.path}`;
    expect(parse(undo.stdout).actions.map(key)).toEqual(planned.map(key));
    expect(parse(undo.stdout).actions.every((a) => a.status === 'done')).toBe(true);
    expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
    expect(readJson(canonicalStore(gw))).toEqual(canonicalBefore);
  });

  it('a damaged merge record stops --undo with exit 65 naming the file, before anything changes', async () => {
    const gw = track(divergingGateway());
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    const dir = parse(r.stdout).backupDir!;
    const [name] = fs.readdirSync(path.join(dir, 'merges'));
    const record = path.join(dir, 'merges', name!);
    fs.writeFileSync(record, '{ not json');
    const before = hashes(gw.stateDir);
    for (const args of [[], ['--apply']]) {
      const undo = await cli(gw, ['repair', '--undo', dir, ...args]);
      expect(undo.exitCode).toBe(65);
      expect(String(undo.stderr)).toContain(record);
      expect(String(undo.stderr)).not.toMatch(/internal error|\n\s+at /);
    }
    expect(hashes(gw.stateDir)).toEqual(before);
  });

  it('killed after copying transcripts, before writing the store: after the re-run, --undo still takes every copied transcript out', async () => {
    const gw = track(divergingGateway());
    const canonicalDir = path.dirname(canonicalStore(gw));
    const filesBefore = fs.readdirSync(canonicalDir).sort();
    const killed = await cli(
      gw,
      ['repair', '--state-dir', gw.stateDir, '--apply', '--json'],
      faultAt('kill@copied:target'),
    );
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.readdirSync(canonicalDir).filter((n) => n.endsWith('.jsonl'))).toHaveLength(2);
    // The killed repair still "holds" the store lock; OpenClaw's protocol takes a dead holder's lock over once it is stale.
    const lock = `${canonicalStore(gw)}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ ...readJson(lock), startedAt: Date.now() - 60_000 }));
    const rerun = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(rerun.exitCode, String(rerun.stderr)).toBe(1);
    expectMerged(gw);
    const undo = await cli(gw, ['repair', '--undo', parse(rerun.stdout).backupDir!, '--apply', '--json']);
    expect(undo.exitCode, String(undo.stdout)).toBe(0);
    expect(fs.readdirSync(canonicalDir).sort()).toEqual(filesBefore);
    expect(readJson(canonicalStore(gw))).toEqual(CANONICAL_TARGET);
  });

  it('SQLite shadows (real 2026.9.6) are backed up and removed, not merged; --undo rejects a non-backup', async () => {
    const gw = track(makeGateway('sqlite', { agents: ['main', 'target'] }));
    await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup'], gw.isolatedEnv());
    const before = hashes(shadowOf(gw));
    expect([...before.keys()]).toContain('state/openclaw.sqlite');
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode).toBe(0);
    const result = parse(r.stdout);
    expect(result.actions.find((a) => a.step === 'sqlite')?.detail).toContain('shared state SQLite');
    expectAllInBackup(before, result.backupDir!);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    const bogus = path.join(gw.dir, 'not-a-backup');
    fs.mkdirSync(bogus);
    expect((await cli(gw, ['repair', '--undo', bogus])).exitCode).toBe(65);
    expect((await cli(gw, ['repair', '--undo', path.join(gw.dir, 'missing')])).exitCode).toBe(66);
  });
});

describe('repair never copies, merges or removes what is not a shadow of its codex home', () => {
  const mainSessions = (gw: Gateway) => path.join(gw.stateDir, 'agents/main/sessions');

  it('a codex home whose HOME is linked to the real home: nothing planned, backed up or removed (no self-copy)', async () => {
    const gw = track(mainOnlyGateway());
    fs.rmSync(gw.isolatedHome, { recursive: true });
    fs.symlinkSync(gw.home, gw.isolatedHome);
    const before = hashes(mainSessions(gw));
    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json']);
    expect(parse(dry.stdout)).toMatchObject({ nothingToDo: true, actions: [] });
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(parse(r.stdout)).toMatchObject({ nothingToDo: true, backupDir: null });
    expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
    expect(hashes(mainSessions(gw))).toEqual(before);
    expect(fs.lstatSync(gw.isolatedHome).isSymbolicLink()).toBe(true);
  });

  it('a codex home .openclaw linked to another state dir: not merged, not backed up, not removed', async () => {
    const gw = track(mainOnlyGateway());
    const other = otherStateDir(gw);
    const link = path.join(gw.stateDir, 'agents/a1/agent/codex-home/home/.openclaw');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(other, link);
    const canonicalBefore = hashes(mainSessions(gw));
    const otherBefore = hashes(other);
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(parse(r.stdout)).toMatchObject({ nothingToDo: true, backupDir: null });
    expect(hashes(mainSessions(gw))).toEqual(canonicalBefore);
    expect(hashes(other)).toEqual(otherBefore);
    expect(fs.readlinkSync(link)).toBe(other);
    expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
  });
});

describe('repair: odd files and unreadable stores never make a backup per re-run', () => {
  const backupCopies = (gw: Gateway, name: string) =>
    listFiles(path.join(gw.stateDir, 'backups/openclaw-shim')).filter((f) => path.basename(f) === name);
  type Manifest = { trees: Array<{ source: string; specials?: Array<{ path: string; type: string }> }> };

  it('a FIFO in a shadow is recorded by type, counted as covered and removed with the tree; a re-run has nothing to do', async () => {
    const gw = track(divergingGateway());
    execFileSync('mkfifo', [path.join(shadowOf(gw), 'codex.fifo')]);
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stdout)).toBe(1); // the differing entry is a conflict, nothing else
    const result = parse(r.stdout);
    expect(result.actions.find((a) => a.step === 'backup')?.detail).toContain(
      '1 special file(s) (fifo) recorded by type',
    );
    expect(result.actions.find((a) => a.step === 'remove')).toMatchObject({ status: 'done' });
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    const manifest = readJson(path.join(result.backupDir!, 'manifest.json')) as unknown as Manifest;
    expect(manifest.trees[0]!.specials).toEqual([{ path: 'codex.fifo', type: 'fifo' }]);
    expectMerged(gw);
    const again = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(again.exitCode).toBe(0);
    expect(parse(again.stdout).nothingToDo).toBe(true);
  });

  for (const [name, text] of [
    ['not JSON', 'garbage{'],
    ['0 bytes', ''],
  ] as const) {
    it(`a shadow store that is ${name}, next to a FIFO: reported unreadable (not locked), tree kept, three runs make one backup copy`, async () => {
      const gw = track(mainOnlyGateway());
      const dir = path.join(shadowOf(gw), 'agents/main/sessions');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'sessions.json'), text);
      fs.writeFileSync(path.join(dir, 's2.jsonl'), '{"type":"session","id":"2"}\n');
      execFileSync('mkfifo', [path.join(shadowOf(gw), 'codex.fifo')]);
      const dry = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json'])).stdout);
      expect(dry.actions.find((a) => a.path === path.join(dir, 'sessions.json'))).toMatchObject({
        step: 'merge',
        status: 'unreadable',
      });
      for (let run = 0; run < 3; run++) {
        const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
        expect(r.exitCode, String(r.stderr)).toBe(1);
        const actions = parse(r.stdout).actions;
        expect(actions.find((a) => a.path === path.join(dir, 'sessions.json'))).toMatchObject({
          step: 'merge',
          status: 'unreadable',
        });
        const remove = actions.find((a) => a.step === 'remove')!;
        expect(remove.status).toBe('skipped');
        expect(remove.detail).toMatch(/^kept: .*unreadable/);
        expect(remove.detail).not.toContain('locked');
      }
      expect(backupCopies(gw, 's2.jsonl')).toHaveLength(1);
      expect(backupCopies(gw, 'sessions.json')).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, 'sessions.json'), 'utf8')).toBe(text);
    });
  }

  it('a new run (another shadow appeared) reuses the earlier identical copy of a kept tree and records which one', async () => {
    const gw = track(mainOnlyGateway());
    const dir = path.join(shadowOf(gw), 'agents/main/sessions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'sessions.json'), 'garbage{');
    fs.writeFileSync(path.join(dir, 's2.jsonl'), '{"type":"session","id":"2"}\n');
    const first = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json'])).stdout);
    const a1 = path.join(gw.stateDir, 'agents/a1/agent/codex-home/home/.openclaw');
    writeStore(path.join(a1, 'agents/main/sessions/sessions.json'), { 'agent:main:a1': entry(11, { status: 'done' }) });
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(1);
    const second = parse(r.stdout);
    expect(second.backupDir).not.toBe(first.backupDir);
    const reused = second.actions.find((a) => a.step === 'backup' && a.path === shadowOf(gw))!;
    expect(reused).toMatchObject({ status: 'skipped', target: path.join(first.backupDir!, 'trees/0') });
    expect(reused.detail).toContain(`reused the identical copy in ${first.backupDir}`);
    expect(fs.existsSync(a1)).toBe(false);
    expect(readJson(path.join(gw.stateDir, 'agents/main/sessions/sessions.json'))).toHaveProperty('agent:main:a1');
    const third = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json'])).stdout);
    expect(third.backupDir).toBe(second.backupDir);
    expect(backupCopies(gw, 's2.jsonl')).toHaveLength(1);
    // The dry run shows each restore from its backup copy, the reused earlier one too, to the live path.
    const shown = String((await cli(gw, ['repair', '--undo', second.backupDir!])).stdout);
    const reusedCopy = path.join(first.backupDir!, 'trees/0/agents/main/sessions/s2.jsonl');
    expect(shown).toContain(`restore  ${reusedCopy} -> ${path.join(dir, 's2.jsonl')}  `);
    expect(shown).not.toContain(`-> ${reusedCopy}`);
    // The reusing run's undo puts back what it removed and finds the reused copy where the manifest says.
    const undo = await cli(gw, ['repair', '--undo', second.backupDir!, '--apply', '--json']);
    expect(undo.exitCode, String(undo.stdout)).toBe(0);
    expect(fs.existsSync(path.join(a1, 'agents/main/sessions/sessions.json'))).toBe(true);
  });
});

describe('repair --undo twice', () => {
  it('the second undo says there is nothing to undo, not that entries changed', async () => {
    const gw = track(divergingGateway());
    const dir = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json'])).stdout).backupDir!;
    expect((await cli(gw, ['repair', '--undo', dir, '--apply'])).exitCode).toBe(0);
    const again = await cli(gw, ['repair', '--undo', dir, '--apply']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('changed since the merge');
    expect(again.stdout).toContain('Nothing to undo');
    const json = parse((await cli(gw, ['repair', '--undo', dir, '--apply', '--json'])).stdout);
    expect(json.actions.find((a) => a.step === 'unmerge')).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('nothing to undo'),
    });
  });
});

describe('repair never removes or links over a tree the canonical state resolves into', () => {
  const listMain = async (gw: Gateway) => {
    const real = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'main', '--json'], {
      PATH: `${gw.realBinDir}:${BASE_PATH}`,
      HOME: gw.home,
    });
    expect(real.exitCode, String(real.stderr)).toBe(0);
    return (JSON.parse(String(real.stdout)) as { sessions: Array<{ key: string }> }).sessions.map((s) => s.key);
  };

  it('canonical agents/main/sessions symlinked into the shadow: kept and reported (exit 1), the other shadow repaired, --link never crashes, the real CLI still lists main', async () => {
    const gw = track(await canonicalLinkedGateway());
    const canonical = path.join(gw.stateDir, 'agents/main/sessions');
    const second = path.join(gw.stateDir, 'agents/target/agent/codex-home/home/.openclaw');
    const shadowBefore = hashes(shadowOf(gw));
    expect(await listMain(gw)).toEqual(expect.arrayContaining(MAIN_KEYS));
    const held = (r: Result) => r.actions.find((a) => a.step === 'remove' && a.path === shadowOf(gw));

    const dry = parse((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json'])).stdout);
    expect(held(dry)).toMatchObject({
      status: 'skipped',
      detail: expect.stringMatching(/^kept: canonical state resolves into this tree/),
    });
    expect(dry.actions.filter((a) => a.step === 'backup').map((a) => a.path)).toEqual([second]);

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(1);
    const result = parse(r.stdout);
    expect(held(result)).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining(`${canonical} -> ${path.join(shadowOf(gw), 'agents/main/sessions')}`),
    });
    expect(result.actions.find((a) => a.step === 'remove' && a.path === second)).toMatchObject({ status: 'done' });
    expect(readJson(canonicalStore(gw))).toHaveProperty('agent:target:from-second');
    expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
    expect(fs.lstatSync(canonical).isSymbolicLink()).toBe(true);

    for (let run = 0; run < 2; run++) {
      const linked = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--link', '--json']);
      expect(linked.exitCode, String(linked.stderr)).toBe(1);
      expect(String(linked.stderr)).not.toMatch(/ENOENT|internal error/);
      expect(parse(linked.stdout)).toMatchObject({
        backupDir: null,
        actions: [expect.objectContaining({ path: shadowOf(gw), status: 'skipped' })],
      });
    }
    expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
    expect(listFiles(canonical)).toEqual(
      [...shadowBefore.keys()]
        .filter((f) => f.startsWith('agents/main/sessions/'))
        .map((f) => path.relative('agents/main/sessions', f)),
    );
    expect(await listMain(gw)).toEqual(expect.arrayContaining(MAIN_KEYS));
    const doctor = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
    expect(doctor.exitCode).toBe(1);
    expect(String(doctor.stdout)).toContain('CANONICAL_LINKED_INTO_SHADOW');
  });

  it('a dangling canonical sessions dir: the shadow store is not merged into it, the tree is kept, --link does not crash', async () => {
    const gw = track(mainOnlyGateway());
    const canonical = path.join(gw.stateDir, 'agents/main/sessions');
    writeStore(path.join(shadowOf(gw), 'agents/main/sessions/sessions.json'), {
      'agent:main:shadow': entry(31, { status: 'done' }),
    });
    fs.rmSync(canonical, { recursive: true });
    fs.symlinkSync(path.join(gw.dir, 'gone'), canonical);
    const before = hashes(shadowOf(gw));
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--link', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(parse(r.stdout).actions.find((a) => a.step === 'remove')).toMatchObject({
      status: 'skipped',
      detail: expect.stringContaining('dangling'),
    });
    expect(hashes(shadowOf(gw))).toEqual(before);
    expect(fs.readlinkSync(canonical)).toBe(path.join(gw.dir, 'gone'));
  });
});
