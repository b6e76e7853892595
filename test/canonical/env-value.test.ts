// Empty, `undefined` and `null` environment values read as the real OpenClaw CLIs read them (src/infra/home-dir.ts, paths.ts).
import { describe, expect, it } from 'vitest';
import { homeVar, nodeHomedir, pathVar } from '../../src/canonical/env-value.ts';
import { effectivePaths } from '../../src/canonical/openclaw-paths.ts';
import { resolveCanonical } from '../../src/canonical/resolve.ts';
import { planRewrite } from '../../src/canonical/rewrite.ts';
import { fakeFs } from './fake-fs.ts';

const probe = fakeFs({ files: ['/home/gw/.openclaw/openclaw.json', '/srv/oc/.openclaw/openclaw.json'] });
const paths = (env: Record<string, string>) => effectivePaths(env, { cwd: '/work', probe, osHome: '/home/passwd' });

describe('homeVar / pathVar', () => {
  it.each(['', '  ', 'undefined', 'null', ' undefined '])('homeVar(%j) is unset', (v) =>
    expect(homeVar(v)).toBeUndefined(),
  );
  it('homeVar keeps a real value, trimmed', () => expect(homeVar(' /srv/oc ')).toBe('/srv/oc'));
  it('pathVar drops only empty values: `undefined` is a relative path for OPENCLAW_STATE_DIR', () => {
    expect(pathVar(' ')).toBeUndefined();
    expect(pathVar('undefined')).toBe('undefined');
  });
  it('os.homedir() is $HOME whenever HOME is set, even empty; the passwd home only when HOME is unset', () => {
    expect(nodeHomedir('', '/home/passwd')).toBe('');
    expect(nodeHomedir(undefined, '/home/passwd')).toBe('/home/passwd');
  });
});

describe('what the real CLI will use (effectivePaths)', () => {
  it.each(['undefined', 'null', '', ' '])('OPENCLAW_HOME=%j is unset: HOME decides', (v) => {
    expect(paths({ HOME: '/home/gw', OPENCLAW_HOME: v })).toMatchObject({
      home: '/home/gw',
      stateDir: '/home/gw/.openclaw',
    });
  });
  it.each(['undefined', 'null', ''])(
    'HOME=%j is unset and os.homedir() gives the same value: the cwd is the home',
    (v) => {
      expect(paths({ HOME: v }).stateDir).toBe('/work/.openclaw');
    },
  );
  it('HOME unset: os.homedir() is the passwd home', () => {
    expect(paths({}).stateDir).toBe('/home/passwd/.openclaw');
  });
  it.each(['undefined', 'null'])('OPENCLAW_STATE_DIR=%j is a relative path, as in the real CLI', (v) => {
    expect(paths({ HOME: '/home/gw', OPENCLAW_STATE_DIR: v }).stateDir).toBe(`/work/${v}`);
  });
  it('OPENCLAW_CONFIG_PATH=undefined is a relative file', () => {
    expect(paths({ HOME: '/home/gw', OPENCLAW_CONFIG_PATH: 'undefined' }).configPath).toBe('/work/undefined');
  });
});

describe('resolution and rewrite ignore an unset-like OPENCLAW_HOME', () => {
  it('OPENCLAW_HOME=undefined from a service file is no source and no <cwd>/undefined/.openclaw', () => {
    const r = resolveCanonical({
      env: { HOME: '/home/gw', OPENCLAW_HOME: 'undefined', OPENCLAW_STATE_DIR: '/srv/oc/.openclaw' },
      cwd: '/work',
      gatewayLocks: [],
      probe,
    });
    expect(r.candidates.map((c) => c.stateDir)).not.toContain('/work/undefined/.openclaw');
    expect(r.canonical?.home.value).not.toBe('/work/undefined');
    expect(r.canonical?.stateDir.value).toBe('/srv/oc/.openclaw');
  });
  it('the rewrite leaves OPENCLAW_HOME=undefined alone even when the cwd is inside the codex home', () => {
    const codexHome = '/home/gw/.openclaw/agents/main/agent/codex-home';
    const canonical = {
      stateDir: { value: '/home/gw/.openclaw', source: 'capture' as const, detail: 't' },
      configPath: { value: '/home/gw/.openclaw/openclaw.json', source: 'capture' as const, detail: 't' },
      home: { value: '/home/gw', source: 'capture' as const, detail: 't' },
    };
    const r = planRewrite({
      env: { HOME: `${codexHome}/home`, OPENCLAW_HOME: 'undefined', CODEX_HOME: codexHome },
      canonical,
      codexHomes: [codexHome],
      cwd: codexHome,
    });
    expect(r.records.map((x) => x.name)).not.toContain('OPENCLAW_HOME');
  });
});
