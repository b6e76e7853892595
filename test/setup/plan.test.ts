// The setup and uninstall plans, decided from facts alone.
import { describe, expect, it } from 'vitest';
import type { HomeFacts } from '../../src/setup/facts.ts';
import { decidePrevious, codexCommandOf, planSetup, type PlanInput } from '../../src/setup/plan.ts';
import { planUninstall, restoreStep, type UninstallInput } from '../../src/setup/uninstall-plan.ts';
import type { SetupRecord } from '../../src/setup/record.ts';

const canon = { stateDir: '/r/.openclaw', configPath: '/r/.openclaw/openclaw.json', home: '/r' };
const bin = '/r/.openclaw/openclaw-shim/launcher/bin/openclaw-codex-launch';
const home = (over: Partial<HomeFacts> = {}): HomeFacts => ({
  agentId: 'main',
  agentDir: '/r/.openclaw/agents/main/agent',
  codexHome: '/r/.openclaw/agents/main/agent/codex-home',
  from: ['config'],
  exists: true,
  shimPath: '/c/openclaw-shim/bin/openclaw',
  capturePath: '/c/openclaw-shim/capture.json',
  shim: 'missing',
  capture: 'missing',
  shimOurs: false,
  captureOurs: false,
  loginFiles: [],
  profileBlocks: [],
  loginWrites: [],
  loginDone: true,
  loginSkipped: [],
  codexConfig: { path: '/c/config.toml', allowLoginShell: { set: false } },
  ...over,
});
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  canon,
  realOpenclaw: '/usr/bin/openclaw',
  nodePath: '/node',
  current: { set: false, absentFrom: 'plugins' },
  homes: [home()],
  launcher: {
    dir: '/r/.openclaw/openclaw-shim/launcher',
    bin,
    files: [{ path: bin, mode: 0o755, content: 'x', state: 'missing' }],
  },
  dropIn: { path: '/etc/x.conf', text: '', commands: [] },
  now: '2026-01-01T00:00:00.000Z',
  ...over,
});

describe('planSetup', () => {
  it('writes the launcher, installs shims, records, then sets the config', () => {
    const plan = planSetup(input());
    expect(plan.steps.map((s) => s.kind)).toEqual(['write-file', 'install-shim', 'write-record', 'config-set']);
    expect(plan.writes).toContain(bin);
    expect(plan.openclawWrites).toContain(canon.configPath);
  });

  it('has nothing to do the second time', () => {
    const first = planSetup(input());
    const record = (first.steps.find((s) => s.kind === 'write-record') as { record: SetupRecord }).record;
    const again = planSetup(
      input({
        current: { set: true, value: bin },
        record: { ...record, updatedAt: 'later' },
        homes: [home({ shim: 'same', capture: 'same' })],
        launcher: { ...input().launcher, files: [{ path: bin, mode: 0o755, content: 'x', state: 'same' }] },
      }),
    );
    expect(again.steps).toEqual([]);
    expect(again.previous).toEqual({ set: false, absentFrom: 'plugins' });
  });

  it('says why a profile that is a link or FIFO is left alone, and is done without it', () => {
    const why = 'a FIFO, not a regular file: …';
    const plan = planSetup(
      input({ homes: [home({ shim: 'same', capture: 'same', loginSkipped: [{ path: '/c/home/.profile', why }] })] }),
    );
    expect(plan.skipped).toEqual([{ path: '/c/home/.profile', why }]);
    expect(plan.steps.some((s) => s.kind === 'install-shim')).toBe(false);
  });

  it('skips codex homes that do not exist yet', () => {
    expect(planSetup(input({ homes: [home({ exists: false })] })).skipped).toHaveLength(1);
  });

  it('keeps the value from before the first setup; the operator command becomes the real Codex', () => {
    const record = { config: { previous: { set: true, value: '/opt/codex' } } } as SetupRecord;
    expect(decidePrevious({ set: true, value: bin }, record, bin)).toEqual({ set: true, value: '/opt/codex' });
    expect(decidePrevious({ set: true, value: bin }, undefined, bin)).toEqual({ set: false, unknown: true });
    // setup.json lost: the operator's command that launcher.json kept is the previous value, not "unknown".
    expect(decidePrevious({ set: true, value: bin }, undefined, bin, '/opt/wrapper')).toEqual({
      set: true,
      value: '/opt/wrapper',
    });
    const rerun = planSetup(input({ current: { set: true, value: bin }, launcherCodexCommand: '/opt/wrapper' }));
    expect(rerun.previous).toEqual({ set: true, value: '/opt/wrapper' });
    expect(codexCommandOf({ set: true, value: '/opt/codex' })).toBe('/opt/codex');
    expect(codexCommandOf({ set: true, value: bin })).toBeUndefined();
  });
});

describe('planUninstall', () => {
  const record = {
    config: { key: 'k', value: bin, previous: { set: true, value: '/opt/codex' } },
    launcher: { dir: '/l', bin, files: [] },
    codexHomes: [],
  } as unknown as SetupRecord;
  const uin = (over: Partial<UninstallInput> = {}): UninstallInput => ({
    canon,
    plugins: undefined,
    current: { set: true, value: bin },
    record,
    homes: [],
    launcherFiles: [],
    launcherDir: '/l',
    launcherBin: bin,
    recordExists: true,
    ...over,
  });

  it('restores the recorded value, or unsets what was absent', () => {
    expect(restoreStep(uin()).step).toMatchObject({ kind: 'config-set', value: '/opt/codex' });
    const absent = {
      ...record,
      config: { ...record.config, previous: { set: false as const, absentFrom: 'plugins.entries.codex' } },
    };
    expect(
      restoreStep(uin({ record: absent, plugins: { entries: { codex: { config: { appServer: { command: bin } } } } } }))
        .step,
    ).toMatchObject({ kind: 'config-unset', key: 'plugins.entries.codex' });
  });

  it('without setup.json, restores the operator command launcher.json kept', () => {
    expect(
      restoreStep(uin({ record: undefined, recordExists: false, launcherCodexCommand: '/opt/wrapper' })).step,
    ).toMatchObject({ kind: 'config-set', value: '/opt/wrapper' });
    expect(restoreStep(uin({ record: undefined, recordExists: false })).step).toMatchObject({ kind: 'config-unset' });
  });

  it('without setup.json, never restores a Codex that was only named for setup; says how to set it by hand', () => {
    const r = restoreStep(
      uin({ record: undefined, recordExists: false, launcherOtherCommand: '/cache/codex/bin/codex' }),
    );
    expect(r.step).toMatchObject({ kind: 'config-unset', key: 'plugins.entries.codex.config.appServer.command' });
    expect(r.note).toContain(
      `launcher.json names /cache/codex/bin/codex (a Codex named for setup, not your config's value): to use it, openclaw config set plugins.entries.codex.config.appServer.command '"/cache/codex/bin/codex"' --strict-json`,
    );
  });

  it('leaves a value someone changed since setup', () => {
    const r = restoreStep(uin({ current: { set: true, value: '/other/codex' } }));
    expect(r.step).toBeUndefined();
    expect(r.note).toMatch(/left as is/);
  });

  it('while a gateway uses the launcher: removes the wiring, keeps the launcher files marked for removal, says to restart', () => {
    const users = [
      { pid: 77, startTime: '123', why: 'a gateway on this state dir, started while the launcher was wired' },
    ];
    const envFileOurs = {
      path: '/r/.openclaw/.env',
      name: 'OPENCLAW_CODEX_APP_SERVER_BIN',
      value: bin,
      createdFile: false,
    };
    const plan = planUninstall(
      uin({
        launcherFiles: [bin, '/l/launcher.json'],
        launcherUsers: users,
        envFileOurs,
        homes: [home({ shimOurs: true, captureOurs: true })],
      }),
    );
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'config-set',
      'env-file-remove',
      'keep-launcher',
      'remove-file',
      'remove-dir',
    ]);
    expect(plan.removes).not.toContain('/c/openclaw-shim/bin/openclaw');
    expect(plan.removes).not.toContain(bin);
    expect(plan.steps.find((s) => s.kind === 'keep-launcher')).toMatchObject({
      marker: '/l/retired.json',
      content: { users },
    });
    expect(plan.notes.join('\n')).toMatch(/restart the gateway \(pid 77\)/);
    // Nobody uses it any more: the files (and the marker) go.
    const later = planUninstall(uin({ launcherFiles: [bin, '/l/retired.json'], launcherUsers: [] }));
    expect(later.removes).toEqual(expect.arrayContaining([bin, '/l/retired.json']));
  });

  it('the env-file route: setup appends one line to <state>/.env and records the route', () => {
    const wiring = {
      route: 'env-file' as const,
      file: '/r/.openclaw/.env',
      name: 'OPENCLAW_CODEX_APP_SERVER_BIN',
      value: bin,
      createdFile: true,
      why: 'refused',
    };
    const plan = planSetup(input({ wiring }));
    expect(plan.steps.map((s) => s.kind)).toEqual(['write-file', 'install-shim', 'write-record', 'env-file-add']);
    expect((plan.steps.find((s) => s.kind === 'write-record') as { record: SetupRecord }).record.wiring).toEqual({
      ...wiring,
      why: '',
    });
    // A second run with the same route but other words writes no new record.
    const record = (plan.steps.find((s) => s.kind === 'write-record') as { record: SetupRecord }).record;
    expect(
      planSetup(
        input({
          wiring: { ...wiring, why: 'already wired' },
          record,
          envFileHasOurs: true,
          launcher: { ...input().launcher, files: [{ path: bin, mode: 0o755, content: 'x', state: 'same' }] },
          homes: [home({ shim: 'same', capture: 'same' })],
        }),
      ).steps,
    ).toEqual([]);
    expect(planSetup(input({ wiring: { route: 'declarative', why: 'nix' } })).steps.map((s) => s.kind)).toEqual([
      'write-file',
      'install-shim',
      'write-record',
    ]);
  });

  it('removes only files that are ours', () => {
    const plan = planUninstall(uin({ homes: [home({ shimOurs: true, captureOurs: false })] }));
    expect(plan.removes).toContain('/c/openclaw-shim/bin/openclaw');
    expect(plan.removes).not.toContain('/c/openclaw-shim/capture.json');
  });

  it("removes the shim's own files in its dir, and its dir, even with no shim or capture left", () => {
    const written = [`${home().codexHome}/openclaw-shim/shim-code-cache.4242.tmp`];
    const plan = planUninstall(uin({ homes: [home({ shimWritten: written })] }));
    expect(plan.removes).toEqual(expect.arrayContaining(written));
    expect(plan.steps).toContainEqual({ kind: 'remove-dir', path: `${home().codexHome}/openclaw-shim` });
  });
});

describe('--no-login-shells', () => {
  const cfg = '/r/.openclaw/agents/main/agent/codex-home/config.toml';
  const withConfig = (allowLoginShell: HomeFacts['codexConfig']['allowLoginShell']) =>
    home({ codexConfig: { path: cfg, allowLoginShell } });

  it('only when asked: records the old value before it sets allow_login_shell = false', () => {
    expect(
      planSetup(input({ homes: [withConfig({ set: true, value: true })] })).steps.some(
        (s) => s.kind === 'codex-config',
      ),
    ).toBe(false);
    const plan = planSetup(input({ loginShellsOff: true, homes: [withConfig({ set: true, value: true })] }));
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'write-file',
      'install-shim',
      'write-record',
      'codex-config',
      'config-set',
    ]);
    const record = (plan.steps.find((s) => s.kind === 'write-record') as { record: SetupRecord }).record;
    expect(record.codexConfig).toEqual([
      { path: cfg, key: 'allow_login_shell', value: false, previous: { set: true, value: true } },
    ]);
    expect(
      planSetup(input({ loginShellsOff: true, homes: [withConfig({ set: true, value: false })] })).steps.some(
        (s) => s.kind === 'codex-config',
      ),
    ).toBe(false);
    expect(
      planSetup(input({ loginShellsOff: true, homes: [withConfig({ error: 'bad' })] })).skipped.map((k) => k.path),
    ).toEqual([cfg]);
  });

  it("uninstall puts back exactly the recorded value while setup's is still there", () => {
    const record = {
      config: { key: 'k', value: bin, previous: { set: false, absentFrom: 'plugins' } },
      launcher: { dir: '/l', bin, files: [] },
      codexHomes: [],
      codexConfig: [{ path: cfg, key: 'allow_login_shell', value: false, previous: { set: false } }],
    } as unknown as SetupRecord;
    const base = {
      canon,
      plugins: undefined,
      current: { set: true as const, value: bin },
      record,
      launcherFiles: [] as string[],
      launcherDir: '/l',
      launcherBin: bin,
      recordExists: true,
    };
    const un = planUninstall({ ...base, homes: [withConfig({ set: true, value: false })] });
    expect(un.steps.filter((s) => s.kind === 'codex-config-restore')).toEqual([
      { kind: 'codex-config-restore', path: cfg, key: 'allow_login_shell', previous: { set: false } },
    ]);
    const changed = planUninstall({ ...base, homes: [withConfig({ set: true, value: true })] });
    expect(changed.steps.some((s) => s.kind === 'codex-config-restore')).toBe(false);
    expect(changed.notes.join('\n')).toContain('no longer what setup wrote');
  });
});
