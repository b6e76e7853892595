// Profile shadows made by the real 2026.5.12 CLI (`--dev`, `--profile work` in an isolated home): doctor and repair.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { BASE_PATH } from '../helpers/paths.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { cli, entry, hashes, writeStore } from '../repair/fixtures.ts';

type Store = { agent: string | null; canonicalPath: string | null } & Record<string, unknown>;
type ProfileShadow = {
  path: string;
  ownerAgent: string;
  profile: string;
  canonicalStateDir: string;
  canonicalExists: boolean;
  state: string;
  configDiffers: string[];
  stores: Store[];
};
type Report = {
  healthy: boolean;
  summary: Record<string, number>;
  shadows: unknown[];
  profileShadows: ProfileShadow[];
  findings: Array<{ code: string; severity: string; message: string; fix: string; path?: string }>;
};
type Repair = {
  exitCode: number;
  backupDir: string | null;
  nothingToDo: boolean;
  actions: Array<{ step: string; status: string; path: string; target?: string; detail: string }>;
};

let gw: Gateway;
let devShadow: string;
let workShadow: string;
let workCanonical: string;
const SHADOW_KEYS = ['agent:main:main', 'agent:main:telegram:direct:p1'];

/** The real CLI, bounded (a `config set` can hang after printing "Updated"). */
async function realCli(args: string[], env: Record<string, string>): Promise<void> {
  const r = await runIn(gw.dir, 'timeout', ['120', gw.realBin, ...args], env);
  expect(r.exitCode, `${args.join(' ')}: ${String(r.stderr)}`).toBe(0);
}

beforeAll(async () => {
  gw = makeGateway('json', { agents: ['main'] });
  // The trial, exactly: HOME=<codex-home>/home, no shim, the real CLI's own profile flags.
  await realCli(['--dev', 'config', 'set', 'gateway.port', '19011'], gw.isolatedEnv());
  await realCli(['--profile', 'work', 'config', 'set', 'gateway.port', '19012'], gw.isolatedEnv());
  devShadow = path.join(gw.isolatedHome, '.openclaw-dev');
  workShadow = path.join(gw.isolatedHome, '.openclaw-work');
  // The canonical `work` profile, made by the same CLI from the gateway's own HOME, with another port.
  workCanonical = path.join(gw.home, '.openclaw-work');
  await realCli(
    ['--profile', 'work', 'config', 'set', 'gateway.port', '19099'],
    hermetic({ PATH: `${gw.realBinDir}${path.delimiter}${BASE_PATH}`, HOME: gw.home }),
  );
  // Sessions: one the canonical profile has too, one only in the shadow.
  writeStore(path.join(workCanonical, 'agents/main/sessions/sessions.json'), {
    [SHADOW_KEYS[0]!]: entry(1, { status: 'done' }),
  });
  writeStore(path.join(workShadow, 'agents/main/sessions/sessions.json'), {
    [SHADOW_KEYS[0]!]: entry(1, { status: 'done' }),
    [SHADOW_KEYS[1]!]: entry(2, { status: 'done' }),
  });
}, 600_000);
afterAll(() => gw?.cleanup());

describe('profile shadows (real 2026.5.12 CLI, --dev and --profile work from an isolated home)', () => {
  it('the real CLI wrote them in the isolated home, not the state dir', () => {
    expect(JSON.parse(fs.readFileSync(path.join(devShadow, 'openclaw.json'), 'utf8')).gateway.port).toBe(19011);
    expect(JSON.parse(fs.readFileSync(path.join(workShadow, 'openclaw.json'), 'utf8')).gateway.port).toBe(19012);
    expect(fs.existsSync(path.join(gw.home, '.openclaw-dev'))).toBe(false);
  });

  it('doctor finds each, names its profile and the canonical profile state it shadows, compares with it: exit 1', async () => {
    const r = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(String(r.stdout)) as Report;
    expect(report.healthy).toBe(false);
    expect(report.shadows).toEqual([]);
    expect(report.summary.profileShadows).toBe(2);
    const by = Object.fromEntries(report.profileShadows.map((p) => [p.profile, p]));
    expect(by.dev).toMatchObject({
      path: devShadow,
      ownerAgent: 'main',
      canonicalStateDir: path.join(gw.home, '.openclaw-dev'),
      canonicalExists: false,
      state: 'shadow',
      configDiffers: ['gateway.port'],
    });
    expect(by.work).toMatchObject({
      path: workShadow,
      canonicalStateDir: workCanonical,
      canonicalExists: true,
      state: 'diverged',
      configDiffers: ['gateway.port'],
    });
    expect(by.work!.stores).toEqual([
      expect.objectContaining({
        agent: 'main',
        kind: 'sessions-json',
        canonicalPath: path.join(workCanonical, 'agents/main/sessions/sessions.json'),
        sessions: 2,
        canonicalSessions: 1,
        onlyInShadow: 1,
        onlyInCanonical: 0,
        differing: 0,
      }),
    ]);
    const dev = report.findings.find((f) => f.path === devShadow)!;
    expect(dev).toMatchObject({ code: 'PROFILE_SHADOW_TREE', severity: 'warn' });
    expect(dev.message).toContain('profile dev');
    expect(dev.message).toContain(`${path.join(gw.home, '.openclaw-dev')}, which does not exist`);
    expect(dev.message).toContain('gateway.port (19011 here, unset in the canonical config)');
    expect(dev.fix).toContain(
      `OPENCLAW_CONFIG_PATH=${path.join(gw.home, '.openclaw-dev', 'openclaw.json')} openclaw config set gateway.port 19011`,
    );
    const work = report.findings.find((f) => f.path === workShadow)!;
    expect(work).toMatchObject({ code: 'PROFILE_SHADOW_DIVERGED', severity: 'error' });
    expect(work.message).toContain(`profile work (openclaw --profile work run in that isolated home)`);
    expect(work.message).toContain('1 session(s) only there');
    expect(work.message).toContain('gateway.port (19012 here, 19099 in the canonical config)');

    const human = await cli(gw, ['doctor', '--state-dir', gw.stateDir]);
    expect(human.exitCode).toBe(1);
    const text = String(human.stdout);
    expect(text).not.toContain('no shadow state trees');
    expect(text).toContain(`[warn] profile shadow ${devShadow} (agent main, profile dev, shadow): shadows`);
    expect(text).toContain(`[FAIL] profile shadow ${workShadow} (agent main, profile work, diverged): shadows`);
  });

  it('repair: each is a "profile shadow … not merged" line, dry run and --apply alike, exit 1, nothing touched', async () => {
    const trees = [devShadow, workShadow, workCanonical];
    const before = trees.map(hashes);
    const profileLines = (r: Repair) => r.actions.filter((a) => a.step === 'profile');
    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json']);
    expect(dry.exitCode).toBe(1);
    const plan = JSON.parse(String(dry.stdout)) as Repair;
    expect(plan.exitCode).toBe(1);
    expect(plan.nothingToDo).toBe(false);
    expect(profileLines(plan).map((a) => [a.path, a.target, a.status])).toEqual([
      [devShadow, path.join(gw.home, '.openclaw-dev'), 'skipped'],
      [workShadow, workCanonical, 'skipped'],
    ]);
    expect(profileLines(plan)[0]!.detail).toMatch(/^profile shadow of profile dev .* not merged: /);
    expect(profileLines(plan)[0]!.detail).toContain('which does not exist');
    expect(profileLines(plan)[1]!.detail).toMatch(/^profile shadow of profile work .* not merged: /);
    // Not a shadow of this state: nothing of it is backed up, merged or removed.
    expect(plan.actions.filter((a) => a.step !== 'profile')).toEqual([]);
    const human = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
    expect(human.exitCode).toBe(1);
    expect(String(human.stdout)).toContain(
      `profile  ${workShadow} -> ${workCanonical}  profile shadow of profile work`,
    );

    const applied = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(applied.exitCode).toBe(1);
    const done = JSON.parse(String(applied.stdout)) as Repair;
    expect(profileLines(done)).toEqual(profileLines(plan));
    expect(done.backupDir).toBeNull();
    expect(trees.map(hashes)).toEqual(before);
    expect(fs.existsSync(path.join(gw.stateDir, 'backups'))).toBe(false);
  });
});

// Runs after the tests above, on the same gateway (its profile shadows as they left them).
describe('a plain shadow beside the profile shadows (real 2026.5.12 CLI)', () => {
  it('--apply repairs the plain one as ever and still says each profile shadow not merged: exit 1, run closed', async () => {
    const made = await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup', '--enforce', '--json'], gw.isolatedEnv());
    expect(made.exitCode, String(made.stderr)).toBe(0);
    const plain = path.join(gw.isolatedHome, '.openclaw');
    expect(fs.existsSync(plain)).toBe(true);
    const profiles = [devShadow, workShadow].map(hashes);
    const applied = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(applied.exitCode).toBe(1);
    const done = JSON.parse(String(applied.stdout)) as Repair;
    expect(done.backupDir).not.toBeNull();
    expect(done.actions).toContainEqual(expect.objectContaining({ step: 'remove', path: plain, status: 'done' }));
    expect(done.actions.filter((a) => a.step === 'profile').map((a) => [a.path, a.status])).toEqual([
      [devShadow, 'skipped'],
      [workShadow, 'skipped'],
    ]);
    expect(fs.existsSync(plain)).toBe(false);
    expect([devShadow, workShadow].map(hashes)).toEqual(profiles);
    // The run is finished (nothing of its backup kept): no REPAIR_UNFINISHED, only the profile shadows left.
    const r = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
    const codes = (JSON.parse(String(r.stdout)) as Report).findings.map((f) => f.code);
    expect(codes).not.toContain('REPAIR_UNFINISHED');
    expect(codes.filter((c) => c.startsWith('PROFILE_SHADOW')).sort()).toEqual([
      'PROFILE_SHADOW_DIVERGED',
      'PROFILE_SHADOW_TREE',
    ]);
  }, 300_000);
});

describe('profile shadow (real 2026.9.6 CLI, --profile work from an isolated home)', () => {
  let g: Gateway | undefined;
  afterAll(() => g?.cleanup());

  it('found with its shared state database and config, said not merged by repair', async () => {
    g = makeGateway('sqlite', { agents: ['main'] });
    const made = await runIn(
      g.dir,
      'timeout',
      ['120', g.realBin, '--profile', 'work', 'config', 'set', 'gateway.port', '19012'],
      g.isolatedEnv(),
    );
    expect(made.exitCode, String(made.stderr)).toBe(0);
    const shadow = path.join(g.isolatedHome, '.openclaw-work');
    const r = await cli(g, ['doctor', '--state-dir', g.stateDir, '--json']);
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(String(r.stdout)) as Report;
    expect(report.shadows).toEqual([]);
    expect(report.profileShadows).toEqual([
      expect.objectContaining({
        path: shadow,
        profile: 'work',
        canonicalStateDir: path.join(g.home, '.openclaw-work'),
        canonicalExists: false,
        state: 'shadow',
        configDiffers: expect.arrayContaining(['gateway.port']),
        stores: [expect.objectContaining({ kind: 'state-sqlite', agent: null })],
      }),
    ]);
    expect(report.findings.find((f) => f.path === shadow)).toMatchObject({ code: 'PROFILE_SHADOW_TREE' });
    const dry = await cli(g, ['repair', '--state-dir', g.stateDir, '--json']);
    expect(dry.exitCode).toBe(1);
    const plan = JSON.parse(String(dry.stdout)) as Repair;
    expect(plan.actions.map((a) => [a.step, a.path, a.status])).toEqual([['profile', shadow, 'skipped']]);
  }, 300_000);
});
