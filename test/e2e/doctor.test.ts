// doctor against shadow trees made by the real OpenClaw 2026.5.12 and 2026.9.6 CLIs, plus hand-made diverging stores.
import { execFileSync, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import {
  CANONICAL_TARGET,
  canonicalLinkedGateway,
  cli,
  divergingGateway,
  entry,
  mainOnlyGateway,
  makeHealthy,
  otherStateDir,
  readJson,
  shadowOf,
  writeStore,
} from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));
const track = (g: Gateway): Gateway => (gateways.push(g), g);

type Report = {
  healthy: boolean;
  shadows: Array<{
    path: string;
    ownerAgent: string;
    state: string;
    holds: Record<string, unknown>;
    stores: Array<Record<string, unknown>>;
  }>;
  links?: Array<Record<string, unknown>>;
  findings: Array<{ code: string; severity: string; message: string; fix: string; path?: string }>;
};

async function doctorJson(gw: Gateway, extra: string[] = []): Promise<{ code: number | undefined; report: Report }> {
  const r = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.exitCode, report: JSON.parse(String(r.stdout)) as Report };
}

describe('doctor (built CLI)', () => {
  it('a clean, set-up state dir is healthy: exit 0', async () => {
    const gw = track(makeGateway('json', { agents: ['main', 'target'] }));
    writeStore(path.join(gw.stateDir, 'agents/target/sessions/sessions.json'), CANONICAL_TARGET);
    await makeHealthy(gw);
    const { code, report } = await doctorJson(gw);
    expect(report.findings).toEqual([]);
    expect(report.shadows).toEqual([]);
    expect(code).toBe(0);
    const human = await cli(gw, ['doctor', '--state-dir', gw.stateDir]);
    expect(human.exitCode).toBe(0);
    expect(String(human.stdout)).toMatch(/^Healthy: nothing to fix\.$/m);
  });

  it('2026.5.12 shadow (real CLI) plus a hand-made diverging store: counts per store, exit 1', async () => {
    const gw = track(divergingGateway());
    const real = await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup', '--enforce', '--json'], gw.isolatedEnv());
    expect(real.exitCode).toBe(0);
    expect(JSON.parse(String(real.stdout)).storePath).toBe(
      path.join(shadowOf(gw), 'agents/main/sessions/sessions.json'),
    );
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    expect(report.shadows).toHaveLength(1);
    const s = report.shadows[0]!;
    expect(s).toMatchObject({ path: shadowOf(gw), ownerAgent: 'main', state: 'diverged' });
    expect(s.holds).toMatchObject({ sessionStores: ['main', 'target'], identity: 1, transcripts: 2 });
    const byAgent = Object.fromEntries(s.stores.map((st) => [st.agent, st]));
    expect(byAgent.target).toMatchObject({
      kind: 'sessions-json',
      sessions: 4,
      canonicalSessions: 3,
      onlyInShadow: 2,
      onlyInCanonical: 1,
      differing: 1,
    });
    expect(byAgent.main).toMatchObject({
      kind: 'sessions-json',
      sessions: 0,
      onlyInShadow: 0,
      onlyInCanonical: 0,
      differing: 0,
    });
    const codes = report.findings.map((f) => f.code).sort();
    expect(codes).toEqual(['CODEX_HOME_NO_SHIM', 'LAUNCHER_NOT_CONFIGURED', 'SHADOW_DIVERGED']);
    const human = await cli(gw, ['doctor', '--state-dir', gw.stateDir]);
    expect(human.exitCode).toBe(1);
    expect(human.stdout).toMatch(/only in shadow 2, only in canonical 1, differing 1/);
  });

  it('2026.9.6 shadow (real CLI) with SQLite stores: counted read-only, shared state reported', async () => {
    const gw = track(makeGateway('sqlite', { agents: ['main', 'target'] }));
    await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup'], gw.isolatedEnv());
    const stateDb = path.join(shadowOf(gw), 'state/openclaw.sqlite');
    expect(fs.existsSync(stateDb)).toBe(true);
    // Per-agent stores in 2026.9.6's table (session_nodes), canonical and shadow, sharing one session.
    const { DatabaseSync } = await import('node:sqlite');
    const makeDb = (file: string, rows: Array<[string, string, number]>) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const db = new DatabaseSync(file);
      db.exec(
        'CREATE TABLE session_nodes (session_key TEXT NOT NULL PRIMARY KEY, current_session_id TEXT NOT NULL, entry_json TEXT NOT NULL, updated_at INTEGER NOT NULL, status TEXT)',
      );
      for (const [k, id, t] of rows)
        db.prepare('INSERT INTO session_nodes VALUES (?, ?, ?, ?, NULL)').run(k, id, '{}', t);
      db.close();
    };
    makeDb(path.join(gw.stateDir, 'agents/target/agent/openclaw-agent.sqlite'), [
      ['agent:target:main', 'a', 1],
      ['agent:target:c', 'c', 1],
    ]);
    const shadowDb = path.join(shadowOf(gw), 'agents/target/agent/openclaw-agent.sqlite');
    makeDb(shadowDb, [
      ['agent:target:main', 'a', 1],
      ['agent:target:s1', 's1', 2],
      ['agent:target:s2', 's2', 3],
    ]);
    const before = fs.statSync(shadowDb).mtimeMs;
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    const stores = report.shadows[0]!.stores;
    expect(stores.find((s) => s.kind === 'agent-sqlite')).toMatchObject({
      agent: 'target',
      sessions: 3,
      canonicalSessions: 2,
      onlyInShadow: 2,
      onlyInCanonical: 1,
      differing: 0,
    });
    expect(stores.find((s) => s.kind === 'state-sqlite')).toMatchObject({ agent: null, path: stateDb });
    expect(report.shadows[0]!.holds).toMatchObject({ stateSqlite: true, agentSqlite: ['target'] });
    expect(fs.statSync(shadowDb).mtimeMs).toBe(before);
  });

  it('reports canonical sessions stuck in running with the gateway command that resets them', async () => {
    const gw = track(makeGateway('json', { agents: ['main', 'target'] }));
    writeStore(path.join(gw.stateDir, 'agents/target/sessions/sessions.json'), {
      'agent:target:main': { ...entry(1), status: 'running', updatedAt: Date.now() - 45 * 60_000 },
    });
    await makeHealthy(gw);
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.code).toBe('STUCK_SESSION');
    expect(report.findings[0]!.fix).toContain(
      `openclaw gateway call sessions.reset --params '{"key":"agent:target:main"}'`,
    );
    expect(report.findings[0]!.fix).toContain(`OPENCLAW_STATE_DIR=${gw.stateDir}`);
    expect((await doctorJson(gw, ['--stuck-minutes', '60'])).code).toBe(0);
  });

  it('the launcher wired through OPENCLAW_CODEX_APP_SERVER_BIN (this shell or a live gateway) counts as configured', async () => {
    const gw = track(makeGateway('json', { agents: ['main'] }));
    const inst = await cli(gw, [
      'install',
      '--codex-home',
      gw.codexHome,
      '--state-dir',
      gw.stateDir,
      '--real-openclaw',
      gw.realBin,
    ]);
    expect(inst.exitCode, String(inst.stderr)).toBe(0);
    const launcher = path.join(gw.stateDir, 'openclaw-shim/launcher/bin/openclaw-codex-launch');
    const doctor = (extra: Record<string, string>) => cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json'], extra);
    const unset = await doctor({});
    expect(JSON.parse(String(unset.stdout)).findings.map((f: { code: string }) => f.code)).toEqual([
      'LAUNCHER_NOT_CONFIGURED',
    ]);
    expect((await doctor({ OPENCLAW_CODEX_APP_SERVER_BIN: launcher })).exitCode).toBe(0);
    expect((await doctor({ OPENCLAW_CODEX_APP_SERVER_BIN: '/usr/bin/codex' })).exitCode).toBe(1);
    // A stand-in gateway: a live process with the variable in its environment and a gateway lock naming this config.
    // It carries OpenClaw's process title: a lock naming a process that is no gateway is not believed.
    const gateway = spawn('bash', ['-c', 'exec -a openclaw-gateway sleep 60'], {
      env: { OPENCLAW_CODEX_APP_SERVER_BIN: launcher },
      stdio: 'ignore',
    });
    try {
      const lockDir = path.join(gw.dir, 'gateway-locks');
      fs.mkdirSync(lockDir);
      fs.writeFileSync(
        path.join(lockDir, 'gateway.0123abcd.lock'),
        JSON.stringify({ pid: gateway.pid, createdAt: new Date().toISOString(), configPath: gw.configPath }),
      );
      // The gateway's launcher is there: configured, healthy. Gone (an uninstall under it): LAUNCHER_GONE.
      const gone = await doctor({ OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: lockDir });
      expect(JSON.parse(String(gone.stdout)).findings.map((f: { code: string }) => f.code)).toEqual(['LAUNCHER_GONE']);
      fs.mkdirSync(path.dirname(launcher), { recursive: true });
      fs.writeFileSync(launcher, '#!/bin/sh\n', { mode: 0o755 });
      const viaGateway = await doctor({ OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: lockDir });
      expect(JSON.parse(String(viaGateway.stdout)).findings).toEqual([]);
      expect(viaGateway.exitCode).toBe(0);
    } finally {
      gateway.kill();
    }
  });

  it('flags a stale capture and a foreign state dir; bad usage exits 2 without a stack trace', async () => {
    const gw = track(makeGateway('json', { agents: ['main'] }));
    await makeHealthy(gw);
    const capturePath = path.join(gw.codexHome, 'openclaw-shim/capture.json');
    const capture = readJson(capturePath) as { stateDir: { value: string } };
    capture.stateDir.value = '/somewhere/else/.openclaw';
    fs.writeFileSync(capturePath, JSON.stringify(capture));
    const { report } = await doctorJson(gw);
    expect(report.findings.map((f) => f.code)).toEqual(['CAPTURE_STALE']);
    const bad = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--stuck-minutes', 'soon']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await cli(gw, ['doctor', '--state-dir', path.join(gw.dir, 'nope')]);
    expect(missing.exitCode).toBe(66);
  });

  it('a codex home whose HOME is linked to the real home is no shadow: an info finding, healthy', async () => {
    const gw = track(mainOnlyGateway());
    await makeHealthy(gw);
    fs.rmSync(gw.isolatedHome, { recursive: true });
    fs.symlinkSync(gw.home, gw.isolatedHome);
    const { code, report } = await doctorJson(gw);
    expect(report.shadows).toEqual([]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'CODEX_HOME_LINKED_TO_STATE',
        severity: 'info',
        path: path.join(gw.isolatedHome, '.openclaw'),
      }),
    ]);
    expect(report.findings[0]!.message).toContain(gw.isolatedHome);
    expect(report.links).toEqual([
      expect.objectContaining({
        path: path.join(gw.isolatedHome, '.openclaw'),
        kind: 'state',
        realPath: gw.stateDir,
        link: gw.isolatedHome,
      }),
    ]);
    expect(code).toBe(0);
  });

  it('a codex home .openclaw linked to another state dir: SHADOW_LINKED_ELSEWHERE naming where it points, not a shadow', async () => {
    const gw = track(mainOnlyGateway());
    await makeHealthy(gw);
    const other = otherStateDir(gw);
    const link = path.join(gw.stateDir, 'agents/a1/agent/codex-home/home/.openclaw');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(other, link);
    const { code, report } = await doctorJson(gw);
    expect(report.shadows).toEqual([]);
    const f = report.findings.find((x) => x.code === 'SHADOW_LINKED_ELSEWHERE')!;
    expect(f).toMatchObject({ severity: 'warn', path: link });
    expect(f.message).toContain(other);
    expect(f.fix).toContain(`unlink ${link}`);
    expect(code).toBe(1);
  });

  it('a FIFO where a shadow sessions.json belongs does not hang doctor; it is reported as a special file', async () => {
    const gw = track(mainOnlyGateway());
    const dir = path.join(shadowOf(gw), 'agents/main/sessions');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'sessions.json')]);
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    expect(report.shadows[0]).toMatchObject({
      state: 'shadow',
      files: 0,
      holds: expect.objectContaining({ specials: 1, sessionStores: [] }),
    });
  }, 20_000);

  it('an unreadable shadow sessions.json: the fix is the manual step, not a repair that keeps the tree', async () => {
    const gw = track(mainOnlyGateway());
    const store = path.join(shadowOf(gw), 'agents/main/sessions/sessions.json');
    fs.mkdirSync(path.dirname(store), { recursive: true });
    fs.writeFileSync(store, 'garbage{');
    const { report } = await doctorJson(gw);
    const f = report.findings.find((x) => x.code === 'SHADOW_STORE_UNREADABLE')!;
    expect(f.path).toBe(store);
    expect(f.fix).toContain(`mv ${store} ${store}.unreadable`);
  });
});

describe('doctor: canonical paths that resolve into a shadow tree, or nowhere', () => {
  it('canonical agents/main/sessions symlinked INTO the shadow (real 2026.5.12 made it): an error with the exact fix, never compared with itself', async () => {
    const gw = track(await canonicalLinkedGateway());
    const canonical = path.join(gw.stateDir, 'agents/main/sessions');
    const into = path.join(shadowOf(gw), 'agents/main/sessions');
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.code === 'CANONICAL_LINKED_INTO_SHADOW')!;
    expect(f).toMatchObject({ severity: 'error', path: canonical });
    expect(f.message).toContain(into);
    const steps = `cp -a ${into} ${canonical}.openclaw-shim-copy && rm ${canonical} && mv -T ${canonical}.openclaw-shim-copy ${canonical}`;
    expect(f.fix).toContain(steps);
    const main = report.shadows.find((s) => s.path === shadowOf(gw))!.stores.find((st) => st.agent === 'main')!;
    expect(main).toMatchObject({
      onlyInShadow: null,
      onlyInCanonical: null,
      differing: null,
      error: expect.stringContaining('canonical data'),
    });
    expect(report.findings.filter((x) => x.path === shadowOf(gw))).toEqual([]);
    // The steps as given leave a real canonical dir with every byte; the shadow is then an ordinary one.
    execSync(steps, { shell: '/bin/sh' });
    expect(fs.lstatSync(canonical).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(canonical, 'sessions.json'))).toEqual(
      fs.readFileSync(path.join(into, 'sessions.json')),
    );
    const after = await doctorJson(gw);
    expect(after.report.findings.map((x) => x.code)).not.toContain('CANONICAL_LINKED_INTO_SHADOW');
    expect(
      after.report.shadows.find((s) => s.path === shadowOf(gw))!.stores.find((st) => st.agent === 'main'),
    ).toMatchObject({ onlyInShadow: 0, differing: 0 });
  });

  it('a dangling canonical sessions link is an error; when a repair backup held its target, the fix is that --undo', async () => {
    const gw = track(divergingGateway());
    const canonical = path.join(gw.stateDir, 'agents/main/sessions');
    const gone = path.join(shadowOf(gw), 'agents/main/sessions');
    const applied = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    const backupDir = (JSON.parse(String(applied.stdout)) as { backupDir: string }).backupDir;
    fs.rmSync(canonical, { recursive: true, force: true });
    fs.symlinkSync(gone, canonical);
    const { code, report } = await doctorJson(gw);
    expect(code).toBe(1);
    const f = report.findings.find((x) => x.code === 'CANONICAL_LINK_DANGLING')!;
    expect(f).toMatchObject({ severity: 'error', path: canonical });
    expect(f.message).toContain(gone);
    expect(f.fix).toContain(`openclaw-shim repair --undo ${backupDir}`);
    fs.rmSync(path.join(gw.stateDir, 'backups'), { recursive: true });
    expect((await doctorJson(gw)).report.findings.find((x) => x.code === 'CANONICAL_LINK_DANGLING')!.fix).toContain(
      `rm ${canonical}`,
    );
  });
});

describe('doctor: the acpx codex home needs the shim only when wired', () => {
  const acpxOf = (gw: Gateway) => path.join(gw.stateDir, 'acpx/codex-home');
  const noShim = (r: Report) => r.findings.filter((f) => f.code === 'CODEX_HOME_NO_SHIM');

  it('an unwired acpx codex home without a shim is an info (healthy); a shadow, a foreign shim or a capture there makes it a warning', async () => {
    const gw = track(makeGateway('json', { agents: ['main'] }));
    await makeHealthy(gw);
    const acpx = acpxOf(gw);
    fs.mkdirSync(acpx, { recursive: true });
    const clean = await doctorJson(gw);
    expect(noShim(clean.report)).toEqual([expect.objectContaining({ severity: 'info', path: acpx })]);
    expect(noShim(clean.report)[0]!.fix).toContain(`openclaw-shim install --codex-home ${acpx}`);
    expect(clean.report.healthy).toBe(true);
    expect(clean.code).toBe(0);
    expect((await cli(gw, ['doctor', '--state-dir', gw.stateDir])).stdout).toContain('acpx not wired');

    const capture = path.join(acpx, 'openclaw-shim/capture.json');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.writeFileSync(capture, '{}');
    expect(noShim((await doctorJson(gw)).report)).toEqual([expect.objectContaining({ severity: 'warn', path: acpx })]);
    fs.rmSync(capture);
    fs.mkdirSync(path.join(acpx, 'openclaw-shim/bin'), { recursive: true });
    fs.writeFileSync(path.join(acpx, 'openclaw-shim/bin/openclaw'), '#!/bin/sh\nexec /usr/bin/true\n');
    const foreign = await doctorJson(gw);
    expect(noShim(foreign.report)).toEqual([expect.objectContaining({ severity: 'warn', path: acpx })]);
    expect(foreign.code).toBe(1);
    fs.rmSync(path.join(acpx, 'openclaw-shim'), { recursive: true });
    writeStore(path.join(acpx, '.openclaw/agents/main/sessions/sessions.json'), {
      'agent:main:acpx': entry(41, { status: 'done' }),
    });
    const shadowed = await doctorJson(gw);
    expect(noShim(shadowed.report)).toEqual([expect.objectContaining({ severity: 'warn', path: acpx })]);
    expect(shadowed.code).toBe(1);
  });
});

describe('doctor without --state-dir resolves the state dir as explain and setup do', () => {
  it('HOME (not the passwd home) holding a state dir: bare doctor checks it; inside a codex home never its shadow', async () => {
    const gw = track(mainOnlyGateway());
    await makeHealthy(gw);
    expect(gw.home).not.toBe(os.userInfo().homedir);
    const bare = await cli(gw, ['doctor', '--json']);
    expect(bare.stderr).toBe('');
    expect(bare.exitCode).toBe(0);
    expect(JSON.parse(String(bare.stdout))).toMatchObject({ stateDir: gw.stateDir, configPath: gw.configPath });
    expect((await cli(gw, ['repair', '--json'])).exitCode).toBe(0);
    // A custom codex home (no gateway layout to name the state) with a shadow where its HOME points: no fallback to the shadow.
    const codexHome = path.join(gw.dir, 'custom-codex');
    writeStore(path.join(codexHome, 'home/.openclaw/agents/main/sessions/sessions.json'), {});
    const inside = await cli(gw, ['doctor', '--json'], { HOME: path.join(codexHome, 'home'), CODEX_HOME: codexHome });
    expect(inside.exitCode).toBe(66);
    expect(String(inside.stdout)).not.toContain(codexHome);
  });
});
