// Table-driven tests of canonical resolution: every source, strongest-first order, validation, disagreements.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCanonical } from '../../src/canonical/resolve.ts';
import type { GatewayLockInfo } from '../../src/canonical/sources.ts';
import type { Env } from '../../src/canonical/types.ts';
import { captureInput, fakeFs } from './fake-fs.ts';

const ROOT = '/srv/root';
const S = `${ROOT}/.openclaw`;
const CH = `${S}/agents/main/agent/codex-home`;
const ISO = `${CH}/home`;
const ACPX_CH = `${S}/acpx/codex-home`;
const CUSTOM_CH = '/data/agentdirs/coder/codex-home';
const ALT = '/alt/.openclaw';
const ALT2 = '/alt2/state';
const EMPTY = '/srv/empty/.openclaw';
const PASSWD = '/home/op';
const CAPTURE = `${CH}/openclaw-shim/capture.json`;

const BARE = '/srv/bare';
const BARE_CH = `${BARE}/agents/main/agent/codex-home`;
const probe = fakeFs({
  files: [
    `${S}/openclaw.json`,
    `${ALT}/openclaw.json`,
    `${ROOT}/legacy/.clawdbot/clawdbot.json`,
    `${ISO}/.openclaw/openclaw.json`,
  ],
  dirs: [
    ISO,
    ACPX_CH,
    `${CUSTOM_CH}/home`,
    `${ALT2}/agents/main`,
    EMPTY,
    `${PASSWD}/.openclaw/agents/main`,
    '/srv/gw/.openclaw/agents',
    `${BARE_CH}/home`,
    '/srv/used/agents/main/sessions',
    '/srv/used/agents/main/agent/codex-home/home',
    '/srv/other/agents/main/agent/codex-home/home',
    '/srv/other/agents/target',
  ],
});

const isolatedEnv = (extra: Env = {}): Env => ({ HOME: ISO, CODEX_HOME: CH, ...extra });
const lock = (configPath: string, alive = true): GatewayLockInfo => ({
  file: '/tmp/openclaw-0/gateway.abcd1234.lock',
  pid: 4242,
  configPath,
  alive,
});

interface Row {
  name: string;
  env: Env;
  flags?: { stateDir?: string; configPath?: string; home?: string };
  capture?: ReturnType<typeof captureInput>;
  locks?: GatewayLockInfo[];
  passwdHome?: string;
  /** The winner; undefined when nothing valid is found. */
  want?: { source: string; stateDir: string; home?: string; configPath?: string };
  /** Sources that must be rejected, with a fragment of the reason. */
  rejected?: Array<[string, string]>;
  disagree?: string[];
  isolated?: { via: string; kind?: string; agentId?: string };
}

const rows: Row[] = [
  {
    name: 'explicit flag beats every other source',
    env: isolatedEnv({ OPENCLAW_SHIM_STATE_DIR: ALT2 }),
    flags: { stateDir: ALT },
    capture: captureInput(CAPTURE, { stateDir: S }),
    want: { source: 'explicit-flag', stateDir: ALT, home: '/alt' },
    disagree: ['explicit-env', 'capture', 'structure'],
  },
  {
    name: 'OPENCLAW_SHIM_STATE_DIR beats the capture',
    env: isolatedEnv({ OPENCLAW_SHIM_STATE_DIR: ALT }),
    capture: captureInput(CAPTURE, { stateDir: S }),
    want: { source: 'explicit-env', stateDir: ALT },
    disagree: ['capture', 'structure'],
  },
  {
    name: 'OPENCLAW_SHIM_HOME alone names <home>/.openclaw',
    env: isolatedEnv({ OPENCLAW_SHIM_HOME: '/alt' }),
    want: { source: 'explicit-env', stateDir: ALT, home: '/alt' },
    disagree: ['structure'],
  },
  {
    name: 'the capture beats the gateway variables and the structure',
    env: isolatedEnv({ OPENCLAW_STATE_DIR: ALT2 }),
    capture: captureInput(CAPTURE, { stateDir: S, home: ROOT }),
    want: { source: 'capture', stateDir: S, home: ROOT },
    disagree: ['openclaw-env'],
  },
  {
    name: 'gateway-exported OPENCLAW_STATE_DIR beats the structure, and the disagreement is kept',
    env: isolatedEnv({ OPENCLAW_STATE_DIR: ALT2 }),
    want: { source: 'openclaw-env', stateDir: ALT2 },
    disagree: ['structure'],
  },
  {
    name: 'OPENCLAW_CONFIG_PATH alone gives its directory',
    env: isolatedEnv({ OPENCLAW_CONFIG_PATH: `${ALT}/openclaw.json` }),
    want: { source: 'openclaw-env', stateDir: ALT, configPath: `${ALT}/openclaw.json` },
    disagree: ['structure'],
  },
  {
    name: 'legacy CLAWDBOT_STATE_DIR counts as a gateway variable',
    env: isolatedEnv({ CLAWDBOT_STATE_DIR: `${ROOT}/legacy/.clawdbot` }),
    want: {
      source: 'openclaw-env',
      stateDir: `${ROOT}/legacy/.clawdbot`,
      configPath: `${ROOT}/legacy/.clawdbot/clawdbot.json`,
    },
    disagree: ['structure'],
  },
  {
    name: 'OPENCLAW_HOME with ~ expands with HOME',
    env: { HOME: '/srv', OPENCLAW_HOME: '~/gw' },
    want: { source: 'openclaw-env', stateDir: '/srv/gw/.openclaw', home: '/srv/gw' },
  },
  {
    name: 'OPENCLAW_HOME with ~ under an isolated HOME is rejected as isolated',
    env: isolatedEnv({ OPENCLAW_HOME: '~' }),
    want: { source: 'structure', stateDir: S, home: ROOT },
    rejected: [['openclaw-env', 'inside an isolated Codex home']],
    isolated: { via: 'OPENCLAW_HOME', kind: 'agent', agentId: 'main' },
  },
  {
    name: 'OPENCLAW_STATE_DIR pointing into the isolated home is rejected',
    env: isolatedEnv({ OPENCLAW_STATE_DIR: `${ISO}/.openclaw` }),
    want: { source: 'structure', stateDir: S },
    rejected: [['openclaw-env', 'is inside an isolated Codex home']],
    isolated: { via: 'OPENCLAW_STATE_DIR' },
  },
  {
    name: 'structure: an agent codex home <S>/agents/<id>/agent/codex-home',
    env: isolatedEnv(),
    want: { source: 'structure', stateDir: S, home: ROOT, configPath: `${S}/openclaw.json` },
    isolated: { via: 'HOME', kind: 'agent', agentId: 'main' },
  },
  {
    name: 'structure: the acpx codex home <S>/acpx/codex-home (HOME untouched, not isolated)',
    env: { HOME: ROOT, CODEX_HOME: ACPX_CH },
    want: { source: 'structure', stateDir: S, home: ROOT },
  },
  {
    name: 'a custom codex home has no structure; a live gateway lock names the state',
    env: { HOME: `${CUSTOM_CH}/home`, CODEX_HOME: CUSTOM_CH },
    locks: [lock(`${S}/openclaw.json`)],
    want: { source: 'gateway-lock', stateDir: S, home: ROOT },
    isolated: { via: 'HOME', kind: 'custom' },
  },
  {
    name: 'a dead gateway lock is rejected; the passwd home is the last resort',
    env: { HOME: `${CUSTOM_CH}/home`, CODEX_HOME: CUSTOM_CH },
    locks: [lock(`${ALT}/openclaw.json`, false)],
    passwdHome: PASSWD,
    want: { source: 'passwd-home', stateDir: `${PASSWD}/.openclaw`, home: PASSWD },
    rejected: [['gateway-lock', 'not running']],
  },
  {
    name: 'validation: missing dir, empty state dir and unreadable capture are each rejected with a reason',
    env: isolatedEnv({ OPENCLAW_SHIM_STATE_DIR: '/nowhere/.openclaw', OPENCLAW_STATE_DIR: EMPTY }),
    capture: { path: CAPTURE, read: { ok: false, reason: 'not JSON (x)' } },
    want: { source: 'structure', stateDir: S },
    rejected: [
      ['explicit-env', 'does not exist or is not a directory'],
      ['capture', 'unreadable'],
      ['openclaw-env', 'holds no OpenClaw config and no agents/'],
    ],
  },
  {
    name: 'a mistyped OPENCLAW_SHIM_CONFIG_PATH in an existing state dir is rejected, not used beside the real config',
    env: isolatedEnv({ OPENCLAW_SHIM_CONFIG_PATH: `${ALT}/openclaw.jsn` }),
    want: { source: 'structure', stateDir: S, configPath: `${S}/openclaw.json` },
    rejected: [['explicit-env', `${ALT}/openclaw.jsn does not exist or is not a file`]],
  },
  {
    name: 'nothing valid: no canonical state, and the isolated home is named',
    env: { HOME: `${CUSTOM_CH}/home`, CODEX_HOME: CUSTOM_CH },
    passwdHome: '/home/nobody',
    rejected: [['passwd-home', 'does not exist']],
    isolated: { via: 'HOME', kind: 'custom' },
  },
  {
    name: 'structure: a state root whose agents/ holds only the codex home chain is not a real state dir',
    env: { HOME: `${BARE_CH}/home`, CODEX_HOME: BARE_CH },
    rejected: [['structure', 'nothing but the path to the isolated Codex home']],
    isolated: { via: 'HOME', kind: 'agent' },
  },
  {
    name: 'structure: the same shape with a session store for the agent is real',
    env: { HOME: '/srv/used/agents/main/agent/codex-home/home', CODEX_HOME: '/srv/used/agents/main/agent/codex-home' },
    want: { source: 'structure', stateDir: '/srv/used' },
  },
  {
    name: 'structure: the same shape with another agent is real',
    env: { HOME: '/srv/other/agents/main/agent/codex-home/home' },
    want: { source: 'structure', stateDir: '/srv/other' },
  },
  {
    name: 'a capture pointing into a codex home is rejected',
    env: isolatedEnv(),
    capture: captureInput(CAPTURE, { stateDir: `${ISO}/.openclaw` }),
    want: { source: 'structure', stateDir: S },
    rejected: [['capture', 'inside an isolated Codex home']],
  },
];

describe('resolveCanonical', () => {
  it.each(rows)('$name', (row) => {
    const r = resolveCanonical({
      env: row.env,
      cwd: '/work',
      ...(row.flags ? { flags: row.flags } : {}),
      ...(row.capture ? { capture: row.capture } : {}),
      gatewayLocks: row.locks ?? [],
      ...(row.passwdHome ? { passwdHome: row.passwdHome } : {}),
      probe,
    });
    if (row.want) {
      expect(r.canonical?.stateDir).toMatchObject({ value: row.want.stateDir, source: row.want.source });
      if (row.want.home) expect(r.canonical?.home.value).toBe(row.want.home);
      if (row.want.configPath) expect(r.canonical?.configPath.value).toBe(row.want.configPath);
    } else {
      expect(r.canonical).toBeUndefined();
      expect(r.disagreements).toEqual([]);
    }
    for (const [source, reason] of row.rejected ?? []) {
      const c = r.candidates.find((x) => x.source === source);
      expect(c, `candidate ${source}`).toBeDefined();
      expect(c!.ok).toBe(false);
      expect(c!.reason).toContain(reason);
    }
    expect(r.disagreements.map((d) => d.source)).toEqual(row.disagree ?? []);
    for (const d of r.disagreements) expect(d.winner).toBe(row.want!.stateDir);
    if (row.isolated) expect(r.isolation).toMatchObject(row.isolated);
  });

  it('lists candidates strongest first, in SOURCE_ORDER', async () => {
    const { SOURCE_ORDER } = await import('../../src/canonical/types.ts');
    const r = resolveCanonical({
      env: isolatedEnv({ OPENCLAW_SHIM_STATE_DIR: ALT, OPENCLAW_STATE_DIR: ALT2 }),
      cwd: '/work',
      flags: { stateDir: ALT },
      capture: captureInput(CAPTURE, { stateDir: S }),
      gatewayLocks: [lock(`${S}/openclaw.json`)],
      passwdHome: PASSWD,
      probe,
    });
    const order = r.candidates.map((c) => SOURCE_ORDER.indexOf(c.source));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(r.candidates.map((c) => c.source))).toEqual(
      new Set(['explicit-flag', 'explicit-env', 'capture', 'openclaw-env', 'structure', 'gateway-lock', 'passwd-home']),
    );
  });

  it('resolves relative explicit paths against cwd', () => {
    const r = resolveCanonical({
      env: isolatedEnv(),
      cwd: '/alt',
      flags: { stateDir: '.openclaw' },
      gatewayLocks: [],
      probe,
    });
    expect(r.canonical?.stateDir.value).toBe(path.resolve('/alt/.openclaw'));
  });
});

describe('OPENCLAW_HOME is the OpenClaw home, not the OS home', () => {
  const resolve = (env: Env, passwdHome?: string) =>
    resolveCanonical({
      env,
      cwd: '/work',
      gatewayLocks: [],
      probe: fakeFs({ files: ['/srv/oc/.openclaw/openclaw.json'], dirs: [ISO, `${PASSWD}/x`] }),
      ...(passwdHome ? { passwdHome } : {}),
    });

  it('keeps the gateway HOME beside it when HOME is not isolated', () => {
    const r = resolve({ HOME: '/root', OPENCLAW_HOME: '/srv/oc' });
    expect(r.canonical?.home.value).toBe('/srv/oc');
    expect(r.canonical?.osHome?.value).toBe('/root');
  });

  it("falls back to the passwd home when the tool call's HOME is isolated", () => {
    const r = resolve(isolatedEnv({ OPENCLAW_HOME: '/srv/oc' }), PASSWD);
    expect(r.canonical?.stateDir.value).toBe('/srv/oc/.openclaw');
    expect(r.canonical?.osHome).toMatchObject({ value: PASSWD, source: 'passwd-home' });
  });

  it('has no separate OS home when OPENCLAW_HOME is not in play', () => {
    expect(resolve({ HOME: '/srv/oc' }).canonical?.osHome).toBeUndefined();
  });
});
