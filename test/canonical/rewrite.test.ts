// Table-driven tests of the env rewrite: what is pinned, what is touched only when isolated, and idempotence.
import { describe, expect, it } from 'vitest';
import { planRewrite } from '../../src/canonical/rewrite.ts';
import type { Canonical, Env } from '../../src/canonical/types.ts';

const ROOT = '/srv/root';
const S = `${ROOT}/.openclaw`;
const CFG = `${S}/openclaw.json`;
const CH = `${S}/agents/main/agent/codex-home`;
const ISO = `${CH}/home`;

const canonical: Canonical = {
  stateDir: { value: S, source: 'capture', detail: 'capture.json' },
  configPath: { value: CFG, source: 'derived', detail: `existing config in ${S}` },
  home: { value: ROOT, source: 'derived', detail: `parent of ${S}` },
};

/** What a Codex tool call sees, with a secret and unrelated variables that must survive untouched. */
const base: Env = {
  PATH: '/codex/bin:/usr/bin',
  HOME: ISO,
  CODEX_HOME: CH,
  OPENCLAW_GATEWAY_TOKEN: 'tok-123',
  OPENCLAW_AGENT_DIR: `${S}/agents/main/agent`,
  LANG: 'C.UTF-8',
};

const rewrite = (env: Env, profile?: string) =>
  planRewrite({ env, canonical, codexHomes: [CH], cwd: '/work', ...(profile === undefined ? {} : { profile }) });

interface Row {
  name: string;
  env: Env;
  profile?: string;
  /** Variables expected to change (name → new value); undefined value = must stay unset. */
  changes: Record<string, string | undefined>;
}

const rows: Row[] = [
  {
    name: 'pins HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH',
    env: base,
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG },
  },
  {
    name: 'rewrites OPENCLAW_HOME when it points into the isolated home',
    env: { ...base, OPENCLAW_HOME: ISO },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG, OPENCLAW_HOME: ROOT },
  },
  {
    name: 'rewrites OPENCLAW_HOME=~ (expanded with the isolated HOME)',
    env: { ...base, OPENCLAW_HOME: '~' },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG, OPENCLAW_HOME: ROOT },
  },
  {
    name: 'leaves a non-isolated OPENCLAW_HOME alone',
    env: { ...base, OPENCLAW_HOME: '/srv/elsewhere' },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG },
  },
  {
    name: 'rewrites OPENCLAW_CONFIG_DIR only when isolated',
    env: { ...base, OPENCLAW_CONFIG_DIR: `${ISO}/.openclaw` },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG, OPENCLAW_CONFIG_DIR: S },
  },
  {
    name: 'leaves a non-isolated OPENCLAW_CONFIG_DIR alone',
    env: { ...base, OPENCLAW_CONFIG_DIR: '/etc/openclaw' },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG },
  },
  {
    name: 'rewrites legacy CLAWDBOT_STATE_DIR / CLAWDBOT_CONFIG_PATH when isolated',
    env: { ...base, CLAWDBOT_STATE_DIR: `${ISO}/.clawdbot`, CLAWDBOT_CONFIG_PATH: `${ISO}/.clawdbot/clawdbot.json` },
    changes: {
      HOME: ROOT,
      OPENCLAW_STATE_DIR: S,
      OPENCLAW_CONFIG_PATH: CFG,
      CLAWDBOT_STATE_DIR: S,
      CLAWDBOT_CONFIG_PATH: CFG,
    },
  },
  {
    name: 'leaves non-isolated legacy variables alone',
    env: { ...base, CLAWDBOT_STATE_DIR: '/var/lib/clawdbot' },
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: CFG },
  },
  {
    name: '--profile: state and config stay unset so the CLI derives them from the canonical home',
    env: base,
    profile: 'work',
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: undefined, OPENCLAW_CONFIG_PATH: undefined },
  },
  {
    name: '--profile with OPENCLAW_STATE_DIR already set: it is pinned (the CLI would not override it)',
    env: { ...base, OPENCLAW_STATE_DIR: `${ISO}/.openclaw` },
    profile: 'work',
    changes: { HOME: ROOT, OPENCLAW_STATE_DIR: S, OPENCLAW_CONFIG_PATH: undefined },
  },
];

describe('planRewrite', () => {
  it.each(rows)('$name', ({ env, profile, changes }) => {
    const { env: out, records } = rewrite(env, profile);
    const expected: Env = { ...env };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete expected[k];
      else expected[k] = v;
    }
    expect(out).toEqual(expected);
    expect(out.CODEX_HOME).toBe(CH);
    expect(out.OPENCLAW_GATEWAY_TOKEN).toBe('tok-123');
    const changed = Object.entries(changes).filter(([k, v]) => v !== undefined && env[k] !== v);
    expect(records.map((r) => r.name).sort()).toEqual(changed.map(([k]) => k).sort());
    for (const r of records) {
      expect(r.to).toBe(changes[r.name]);
      expect(r.from).toBe(env[r.name]);
      expect(r.source).toMatch(/^(capture|derived: .+)$/);
    }
  });

  it.each(rows)('a second pass changes nothing: $name', ({ env, profile }) => {
    const first = rewrite(env, profile).env;
    const second = rewrite(first, profile);
    expect(second.records).toEqual([]);
    expect(second.env).toEqual(first);
  });

  it('does not record a variable that already has the canonical value', () => {
    const { records } = rewrite({ ...base, HOME: ROOT, OPENCLAW_STATE_DIR: S });
    expect(records.map((r) => r.name)).toEqual(['OPENCLAW_CONFIG_PATH']);
  });
});

describe('HOME with OPENCLAW_HOME in use', () => {
  it('HOME becomes the gateway OS home, not the OpenClaw home', () => {
    const withOs: Canonical = {
      ...canonical,
      home: { value: '/srv/oc', source: 'openclaw-env', detail: 'OPENCLAW_HOME' },
      osHome: { value: '/root', source: 'passwd-home', detail: 'passwd' },
    };
    const r = planRewrite({
      env: { ...base, OPENCLAW_HOME: `${ISO}/oc` },
      canonical: withOs,
      codexHomes: [CH],
      cwd: '/work',
    });
    expect(r.env.HOME).toBe('/root');
    expect(r.env.OPENCLAW_HOME).toBe('/srv/oc');
  });
});
