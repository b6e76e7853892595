// No write behind a live writer's back: OpenClaw 2026.5.12's own store writer and its real gateway running on the
// state make repair --apply refuse (exit 75, nothing written, nothing lost); stale locks do not; once they stop,
// repair merges and re-reads what it merged. Every committed entry and shadow byte is checked by content hash.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasGatewayLock, killGatewayGroup, makeGateway, type Gateway } from '../helpers/sandbox.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { BASE_PATH, NODE, ROOT } from '../helpers/paths.ts';
import { cli, entry, hashes, readJson, shadowOf, writeStore } from '../repair/fixtures.ts';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { procStartTime } from '../../src/lib/process-identity.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const tally = faultFigures(import.meta.url);
const REAL_CLI = 'live real CLI (openclaw gateway run on the state)';

const TRIALS = 5;
const WRITER = path.join(ROOT, 'test', 'faults', 'fixtures', 'openclaw-store-writer.mjs');
const gateways: Gateway[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  gateways.forEach((g) => g.cleanup());
});

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const canonicalStore = (gw: Gateway) => path.join(gw.stateDir, 'agents/target/sessions/sessions.json');
const CANONICAL = { 'agent:target:main': entry(1, { status: 'done' }), 'agent:target:old': entry(2) };
const SHADOW = {
  'agent:target:telegram:direct:s1': entry(11, { status: 'done' }),
  'agent:target:telegram:direct:s2': entry(12),
};

/** A json (2026.5.12) gateway state whose shadow holds two sessions the canonical store lacks (no conflict). */
function shadowedGateway(): Gateway {
  const gw = makeGateway('json', { agents: ['main', 'target'] });
  gateways.push(gw);
  writeStore(canonicalStore(gw), CANONICAL);
  const sdir = path.join(shadowOf(gw), 'agents/target/sessions');
  writeStore(path.join(sdir, 'sessions.json'), SHADOW);
  fs.writeFileSync(
    path.join(sdir, `${entry(11).sessionId}.jsonl`),
    '{"type":"session","id":"11"}\n{"role":"user","text":"hi"}\n',
    { mode: 0o600 },
  );
  return gw;
}

/** `updateSessionStore` in the cached 2026.5.12 dist: the module and the name it is exported under. */
function storeWriterModule(): { file: string; name: string } {
  const cached = cachedOpenclaw(OPENCLAW_VERSIONS.json);
  if (!cached) throw new Error('openclaw 2026.5.12 is not cached; the global setup installs it');
  const dist = path.join(path.dirname(fs.realpathSync(cached.bin)), 'dist');
  for (const n of fs.readdirSync(dist).filter((f) => /^store-.*\.js$/.test(f))) {
    const text = fs.readFileSync(path.join(dist, n), 'utf8');
    const m = /updateSessionStore as (\w+)[,\s}]/.exec(text);
    if (text.includes('async function runExclusiveSessionStoreWrite') && m)
      return { file: path.join(dist, n), name: m[1]! };
  }
  throw new Error(`no session-store writer module in ${dist}`);
}

interface Writer {
  child: ChildProcess;
  log: string;
  committed(): Map<string, string>;
  stop(): Promise<void>;
}

/** OpenClaw's writer on the canonical target store, with the state's environment (OPENCLAW_STATE_DIR). */
async function startWriter(gw: Gateway, prefix: string): Promise<Writer> {
  const mod = storeWriterModule();
  const log = path.join(gw.dir, `${prefix}.committed`);
  fs.writeFileSync(log, '');
  const err = fs.openSync(path.join(gw.dir, `${prefix}.stderr`), 'w');
  const child = spawn(NODE, [WRITER, mod.file, mod.name, canonicalStore(gw), log, prefix], {
    cwd: gw.dir,
    env: hermetic({ PATH: BASE_PATH, HOME: gw.home, OPENCLAW_STATE_DIR: gw.stateDir }),
    stdio: ['ignore', 'ignore', err],
  });
  children.push(child);
  const committed = () =>
    new Map(
      fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t') as [string, string]),
    );
  // Importing OpenClaw's dist takes about a second on a quiet machine; far longer on a loaded one.
  for (let i = 0; i < 1200 && committed().size < 10; i++) await new Promise((r) => setTimeout(r, 100));
  if (committed().size < 10)
    throw new Error(`the writer committed nothing: ${fs.readFileSync(path.join(gw.dir, `${prefix}.stderr`), 'utf8')}`);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, log, committed, stop };
}

/** Keys of `expected` (key → sha256 of the entry) not in the store with that content. */
function lostFrom(store: Record<string, unknown>, expected: Map<string, string>): string[] {
  return [...expected].filter(([k, h]) => !Object.hasOwn(store, k) || hashOf(store[k]) !== h).map(([k]) => k);
}

const asHashes = (o: Record<string, unknown>): Map<string, string> =>
  new Map(Object.entries(o).map(([k, v]) => [k, hashOf(v)]));

describe("repair beside OpenClaw 2026.5.12's own session-store writer", { timeout: 600_000 }, () => {
  it(`refuses --apply while it writes (exit 75, nothing written), loses nothing, and merges and verifies once it stops (${TRIALS} trials)`, async () => {
    const figures = { trials: 0, nothingLost: 0, lost: 0, refused: 0, attempts: 0 };
    for (let t = 0; t < TRIALS; t++) {
      const gw = shadowedGateway();
      const shadowBefore = hashes(shadowOf(gw));
      const writer = await startWriter(gw, `w${t}`);
      const plan = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
      expect(plan.exitCode, String(plan.stderr)).toBe(75);
      expect(plan.stdout).toMatch(
        new RegExp(
          `writer +${gw.stateDir}  pid ${writer.child.pid} .*may write this state .*stop it first: kill ${writer.child.pid}`,
        ),
      );
      for (let a = 0; a < 3; a++) {
        figures.attempts++;
        const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply']);
        expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(75);
        if (r.exitCode === 75) figures.refused++;
        expect(r.stderr).toContain('repair --apply refused: nothing was written.');
        expect(r.stderr).toContain(`pid ${writer.child.pid} (user root)`);
        expect(r.stderr).toContain(`stop it: kill ${writer.child.pid}`);
        expect(r.stderr).toContain(`Then resume: openclaw-shim repair --state-dir ${gw.stateDir} --apply`);
        expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
        await new Promise((r2) => setTimeout(r2, 150));
      }
      await writer.stop();
      const committed = writer.committed();
      const store = readJson(canonicalStore(gw));
      const lost = [...lostFrom(store, committed), ...lostFrom(store, asHashes(CANONICAL))];
      const shadowLost = [...shadowBefore].filter(([rel, h]) => hashes(shadowOf(gw)).get(rel) !== h);

      // Stopped: repair merges, says it re-read and verified the merge, and everything is where it should be.
      const done = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply']);
      expect(done.exitCode, `${done.stdout}\n${done.stderr}`).toBe(0);
      expect(done.stdout).toMatch(
        /\[done\] +verify +\S+sessions\.json {2}verified: re-read the store, all 2 merged session\(s\) are there \(sha256/,
      );
      const after = readJson(canonicalStore(gw));
      const lostAfter = [
        ...lostFrom(after, committed),
        ...lostFrom(after, asHashes(CANONICAL)),
        ...lostFrom(after, asHashes(SHADOW)),
      ];
      const backup = new Set(hashes(path.join(gw.stateDir, 'backups')).values());
      const shadowNotBackedUp = [...shadowBefore].filter(([, h]) => !backup.has(h)).map(([rel]) => rel);
      tally.count('live writer (OpenClaw 2026.5.12 store writer)', `trial ${t}`, [
        ...[...lost, ...lostAfter].map((k) => `entry ${k} lost`),
        ...shadowLost.map(([rel]) => `shadow file ${rel} changed while refused`),
        ...shadowNotBackedUp.map((rel) => `shadow file ${rel} not in the backup`),
      ]);
      expect(lost, `trial ${t}`).toEqual([]);
      expect(shadowLost, `trial ${t}`).toEqual([]);
      expect(lostAfter, `trial ${t}`).toEqual([]);
      expect(shadowNotBackedUp, `trial ${t}`).toEqual([]);
      if (t === 0) {
        // `repair --undo DIR --apply` takes merged sessions out of the same store: refused the same way while the writer runs.
        const backupDir = /Backup dir: (\S+)/.exec(String(done.stdout))![1]!;
        const again = await startWriter(gw, `u${t}`);
        const undo = await cli(gw, ['repair', '--undo', backupDir, '--apply']);
        expect(undo.exitCode, `${undo.stdout}\n${undo.stderr}`).toBe(75);
        expect(undo.stderr).toContain(`stop it: kill ${again.child.pid}`);
        expect(undo.stderr).toContain(`Then resume: openclaw-shim repair --undo ${backupDir} --apply`);
        await again.stop();
        const untouched = readJson(canonicalStore(gw));
        expect([...lostFrom(untouched, again.committed()), ...lostFrom(untouched, asHashes(SHADOW))]).toEqual([]);
        expect((await cli(gw, ['repair', '--undo', backupDir, '--apply'])).exitCode).toBe(0);
        expect(lostFrom(readJson(canonicalStore(gw)), again.committed())).toEqual([]);
      }
      figures.trials++;
      if (lost.length + shadowLost.length + lostAfter.length + shadowNotBackedUp.length === 0) figures.nothingLost++;
      else figures.lost++;
      process.stderr.write(
        `[live-writer] trial ${t}: ${committed.size} committed by OpenClaw's writer during 3 refused --apply, 0 lost; then merged 2 and verified\n`,
      );
    }
    process.stderr.write(
      `[live-writer] OpenClaw 2026.5.12 store writer: ${figures.trials} trials / ${figures.nothingLost} nothing lost / ${figures.lost} lost; ${figures.refused}/${figures.attempts} --apply refused with 75\n`,
    );
    expect(figures).toMatchObject({ trials: TRIALS, nothingLost: TRIALS, lost: 0 });
  });
});

describe('gateway locks that name no live OpenClaw do not block repair', { timeout: 120_000 }, () => {
  /** A lock as 2026.9 writes it inside the state, or as 2026.5 writes it in $TMPDIR/openclaw-<uid>. */
  const lock = (file: string, payload: object) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ createdAt: new Date().toISOString(), ...payload }));
  };

  it('a dead pid, a recycled pid (start time differs) and a live non-gateway without a start time are not writers; the matching start time is', async () => {
    const gw = shadowedGateway();
    const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
    children.push(sleeper);
    const gone = spawn('true', [], { stdio: 'ignore' });
    await new Promise((r) => gone.once('exit', r));
    const start = procStartTime(sleeper.pid!)!;
    expect(start).toBeTypeOf('number');
    const inState = path.join(gw.stateDir, 'tmp', `openclaw-${process.getuid!()}`);
    const tmpLocks = path.join(gw.dir, 'tmp-locks');
    const configPath = gw.configPath;
    lock(path.join(inState, 'gateway.0000dead.lock'), {
      pid: gone.pid,
      configPath,
      stateDir: gw.stateDir,
      startTime: 1,
    });
    lock(path.join(inState, 'gateway.0000beef.lock'), {
      pid: sleeper.pid,
      configPath,
      stateDir: gw.stateDir,
      startTime: start + 1,
    });
    lock(path.join(tmpLocks, 'gateway.0000cafe.lock'), { pid: sleeper.pid, configPath });
    lock(path.join(tmpLocks, 'gateway.0000face.lock'), { pid: gone.pid, configPath, startTime: start });
    const env = { OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: tmpLocks };

    const plan = await cli(gw, ['repair', '--state-dir', gw.stateDir], env);
    expect(plan.exitCode, `${plan.stdout}\n${plan.stderr}`).toBe(0);
    expect(plan.stdout).not.toContain('writer');

    // 2026.9's gateway.state.lock (all a multi-gateway keeps) counts the same way, dead or alive.
    lock(path.join(inState, 'gateway.state.lock'), {
      pid: gone.pid,
      configPath,
      stateDir: gw.stateDir,
      startTime: start,
    });
    const deadStateLock = await cli(gw, ['repair', '--state-dir', gw.stateDir], env);
    expect(deadStateLock.exitCode, String(deadStateLock.stdout)).toBe(0);
    lock(path.join(inState, 'gateway.state.lock'), {
      pid: sleeper.pid,
      configPath,
      stateDir: gw.stateDir,
      startTime: start,
    });
    const byStateLock = await cli(gw, ['repair', '--state-dir', gw.stateDir], env);
    expect(byStateLock.exitCode, `${byStateLock.stdout}`).toBe(75);
    expect(byStateLock.stdout).toContain(`gateway lock ${path.join(inState, 'gateway.state.lock')}`);
    fs.rmSync(path.join(inState, 'gateway.state.lock'));
    // The positive control: the same live pid with its true start time is the lock's owner (OpenClaw's rule).
    lock(path.join(tmpLocks, 'gateway.00000001.lock'), { pid: sleeper.pid, configPath, startTime: start });
    const refused = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply'], env);
    expect(refused.exitCode, `${refused.stdout}\n${refused.stderr}`).toBe(75);
    expect(refused.stderr).toContain(`pid ${sleeper.pid} (user root)`);
    expect(refused.stderr).toContain(
      `gateway lock ${path.join(tmpLocks, 'gateway.00000001.lock')} (gateway; alive with the start time the lock records)`,
    );
    fs.rmSync(path.join(tmpLocks, 'gateway.00000001.lock'));

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply'], env);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/verify .* verified: re-read the store, all 2 merged session\(s\) are there/);
    sleeper.kill('SIGKILL');
  });
});

/** Only root can make a network namespace here; without one the gateway would reach the internet. */
const canIsolate = ((): boolean => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(canIsolate)(
  'repair beside the real OpenClaw 2026.5.12 gateway (loopback-only netns)',
  { timeout: 300_000 },
  () => {
    it('refuses --apply while `openclaw gateway run` serves the state, names the process and how to stop it; merges once it stops', async () => {
      const gw = shadowedGateway();
      fs.writeFileSync(
        gw.configPath,
        '{ agents: { list: [ { id: "main", default: true }, { id: "target" } ] }, gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } } }\n',
      );
      const tmp = path.join(gw.dir, 'gateway-tmp');
      fs.mkdirSync(tmp);
      const shadowBefore = hashes(shadowOf(gw));
      const real = fs.realpathSync(gw.realBin);
      const port = 21000 + (process.pid % 20000);
      const log = fs.openSync(path.join(gw.dir, 'gateway.log'), 'w');
      // unshare and sh exec in place: the spawned pid is the gateway's.
      const gateway = spawn(
        'unshare',
        ['-n', 'sh', '-c', `ip link set lo up; exec ${NODE} ${real} gateway run --allow-unconfigured --port ${port}`],
        {
          env: hermetic({ PATH: BASE_PATH, HOME: gw.home, TMPDIR: tmp }),
          stdio: ['ignore', log, log],
          detached: true,
        },
      );
      children.push(gateway);
      const lockDir = path.join(tmp, `openclaw-${process.getuid!()}`);
      const locked = () =>
        fs.existsSync(lockDir) && fs.readdirSync(lockDir).some((n) => /^gateway\.[0-9a-f]+\.lock$/.test(n));
      for (let i = 0; i < 240 && !locked(); i++) await new Promise((r) => setTimeout(r, 500));
      const why = () => fs.readFileSync(path.join(gw.dir, 'gateway.log'), 'utf8').slice(-2000);
      expect(locked(), why()).toBe(true);
      try {
        const plan = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
        expect(plan.exitCode, `${plan.stdout}\n${plan.stderr}`).toBe(75);
        expect(plan.stdout).toContain(`pid ${gateway.pid} (user root)`);
        const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply']);
        expect(r.exitCode, `${r.stdout}\n${r.stderr}\n${why()}`).toBe(75);
        expect(r.stderr).toContain('repair --apply refused: nothing was written.');
        expect(r.stderr).toMatch(new RegExp(`pid ${gateway.pid} \\(user root\\): openclaw`));
        expect(r.stderr).toContain(`stop it: kill ${gateway.pid}`);
        expect(r.stderr).toContain(`Then resume: openclaw-shim repair --state-dir ${gw.stateDir} --apply`);
        expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
        expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
        expect(lostFrom(readJson(canonicalStore(gw)), asHashes(CANONICAL))).toEqual([]);
      } finally {
        tally.count(REAL_CLI, '2026.5.12 gateway, --apply refused', [
          ...lostFrom(readJson(canonicalStore(gw)), asHashes(CANONICAL)),
          ...[...shadowBefore].filter(([rel, h]) => hashes(shadowOf(gw)).get(rel) !== h).map(([rel]) => rel),
        ]);
        // SIGTERM as the refusal says (`kill <pid>`); it shuts down within seconds, SIGKILL only as a last resort.
        await new Promise<void>((resolve) => {
          const hard = setTimeout(() => gateway.kill('SIGKILL'), 60_000);
          gateway.once('exit', () => (clearTimeout(hard), resolve()));
          gateway.kill('SIGTERM');
        });
      }
      const done = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply']);
      expect(done.exitCode, `${done.stdout}\n${done.stderr}`).toBe(0);
      expect(done.stdout).toMatch(/verify .* verified: re-read the store, all 2 merged session\(s\) are there/);
      const after = readJson(canonicalStore(gw));
      expect([...lostFrom(after, asHashes(CANONICAL)), ...lostFrom(after, asHashes(SHADOW))]).toEqual([]);
    });
  },
);

describe.runIf(canIsolate)(
  'repair beside the real OpenClaw 2026.9.6 gateway (loopback-only netns)',
  { timeout: 600_000 },
  () => {
    it('its lock inside the state (<state>/tmp/openclaw-<uid>/) and its process make --apply refuse', async () => {
      const gw = makeGateway('sqlite', { agents: ['main'] });
      gateways.push(gw);
      fs.writeFileSync(
        gw.configPath,
        '{ agents: { ownership: "explicit", entries: { main: {} } }, gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } } }\n',
      );
      writeStore(path.join(shadowOf(gw), 'agents/main/sessions/sessions.json'), {
        'agent:main:shadow': entry(21, { status: 'done' }),
      });
      const shadowBefore = hashes(shadowOf(gw));
      const real = fs.realpathSync(gw.realBin);
      const port = 22000 + (process.pid % 20000);
      const log = fs.openSync(path.join(gw.dir, 'gateway.log'), 'w');
      const gateway = spawn(
        'unshare',
        ['-n', 'sh', '-c', `ip link set lo up; exec ${NODE} ${real} gateway run --allow-unconfigured --port ${port}`],
        {
          env: hermetic({ PATH: BASE_PATH, HOME: gw.home }),
          stdio: ['ignore', log, log],
          detached: true,
        },
      );
      children.push(gateway);
      const lockDir = path.join(gw.stateDir, 'tmp', `openclaw-${process.getuid!()}`);
      const locked = () => hasGatewayLock(lockDir);
      for (let i = 0; i < 600 && !locked(); i++) await new Promise((r) => setTimeout(r, 500));
      const why = () => fs.readFileSync(path.join(gw.dir, 'gateway.log'), 'utf8').slice(-2000);
      try {
        expect(locked(), why()).toBe(true);
        const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply']);
        expect(r.exitCode, `${r.stdout}\n${r.stderr}\n${why()}`).toBe(75);
        expect(r.stderr).toContain('repair --apply refused: nothing was written.');
        expect(r.stderr).toMatch(/found by (its environment resolves its state to|gateway lock )/);
        expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
        expect(hashes(shadowOf(gw))).toEqual(shadowBefore);
      } finally {
        tally.count(
          REAL_CLI,
          '2026.9.6 gateway, --apply refused',
          [...shadowBefore].filter(([rel, h]) => hashes(shadowOf(gw)).get(rel) !== h).map(([rel]) => rel),
        );
        await killGatewayGroup(gateway);
      }
    });
  },
);
