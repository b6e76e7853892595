// Doctor's pure parts: the JSON5 reader, config extraction, classification, diffs, stuck sessions, capture checks.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureProblem, checkGateways, checkLauncher } from '../../src/doctor/checks.ts';
import { extractConfigFacts } from '../../src/store/config.ts';
import { envCodexBins } from '../../src/doctor/launcher-env.ts';
import { diffSessions, stuckSessions } from '../../src/store/diff.ts';
import { shq } from '../../src/lib/shell-words.ts';
import { parseJson5 } from '../../src/lib/json5.ts';
import { parseJsonStore, type SessionMap } from '../../src/store/sessions.ts';
import { classifyShadowFile } from '../../src/store/shadow-layout.ts';

describe('parseJson5', () => {
  it.each([
    ['{ a: 1, }', { a: 1 }],
    ["{ 'b': 'x\\'y', c: [1, 2,], }", { b: "x'y", c: [1, 2] }],
    ['// c\n{ /* x */ d: 0x10, e: -Infinity, f: .5, g: +1 }', { d: 16, e: -Infinity, f: 0.5, g: 1 }],
    ['{ "h": null, i: true, j: "\\u0041" }', { h: null, i: true, j: 'A' }],
  ])('%s', (text, want) => expect(parseJson5(text)).toEqual(want));
  it.each(['{ a: }', '{ a: 1', '{ a: 1 } x', '/* open'])('rejects %s', (text) =>
    expect(() => parseJson5(text)).toThrow(),
  );
});

describe('extractConfigFacts', () => {
  it('reads both config shapes, agentDirs (~ and relative) and the codex command', () => {
    const a = extractConfigFacts(
      parseJson5(
        '{ agents: { list: [ { id: "main" }, { id: "w", agentDir: "~/w" } ] }, plugins: { entries: { codex: { config: { appServer: { command: "/x/openclaw-codex-launch" } } } } } }',
      ),
      '/h',
      '/h/.openclaw',
    );
    expect(a).toEqual({
      agents: [{ id: 'main' }, { id: 'w', agentDir: '/h/w' }],
      codexCommand: '/x/openclaw-codex-launch',
    });
    const b = extractConfigFacts(
      parseJson5('{ agents: { ownership: "explicit", entries: { main: {}, t: { agentDir: "custom/t" } } } }'),
      '/h',
      '/h/.openclaw',
    );
    expect(b).toEqual({ agents: [{ id: 'main' }, { id: 't', agentDir: '/h/.openclaw/custom/t' }] });
  });
});

describe('classifyShadowFile', () => {
  it.each([
    ['agents/main/sessions/sessions.json', { kind: 'sessions-json', agent: 'main' }],
    ['agents/t/sessions/abc.jsonl', { kind: 'transcript', agent: 't' }],
    ['agents/t/agent/openclaw-agent.sqlite', { kind: 'agent-sqlite', agent: 't' }],
    ['state/openclaw.sqlite', { kind: 'state-sqlite' }],
    ['identity/device.json', { kind: 'identity' }],
    ['openclaw.json', { kind: 'config' }],
    ['tmp/x', { kind: 'other' }],
  ])('%s', (rel, want) => expect(classifyShadowFile(rel)).toEqual(want));
});

const map = (o: Record<string, object>): SessionMap =>
  (parseJsonStore(JSON.stringify(o)) as { sessions: SessionMap }).sessions;

describe('diffSessions and stuckSessions', () => {
  it('counts keys only in the shadow, only in canonical, and differing by sessionId/updatedAt/status', () => {
    const shadow = map({
      a: { sessionId: '1', updatedAt: 1 },
      b: { sessionId: '2', updatedAt: 1 },
      c: { sessionId: '3', updatedAt: 1, status: 'done' },
      d: { sessionId: '4', updatedAt: 5 },
    });
    const canon = map({
      b: { sessionId: '2', updatedAt: 1 },
      c: { sessionId: '3', updatedAt: 1, status: 'running' },
      d: { sessionId: '4', updatedAt: 6 },
      e: { sessionId: '5', updatedAt: 1 },
    });
    expect(diffSessions(shadow, canon)).toEqual({ onlyInShadow: 1, onlyInCanonical: 1, differing: 2 });
  });
  it('finds running sessions idle past the threshold only', () => {
    const now = 10 * 3_600_000;
    const m = map({
      old: { sessionId: 'o', updatedAt: now - 31 * 60_000, status: 'running' },
      fresh: { sessionId: 'f', updatedAt: now - 60_000, status: 'running' },
      done: { sessionId: 'd', updatedAt: 0, status: 'done' },
    });
    expect(stuckSessions(m, now, 30 * 60_000).map((s) => s.key)).toEqual(['old']);
  });
});

describe('checks', () => {
  const capture = (stateDir: string, real?: string) =>
    JSON.stringify({
      schema: 'openclaw-shim/capture',
      version: 1,
      stateDir: { value: stateDir, source: 'explicit-flag', detail: '' },
      configPath: { value: `${stateDir}/openclaw.json`, source: 'derived', detail: '' },
      home: { value: '/h', source: 'derived', detail: '' },
      ...(real ? { realOpenclaw: { value: real, source: 'derived', detail: '' } } : {}),
    });
  it('flags missing, invalid and contradictory captures', () => {
    expect(captureProblem(undefined, '/s', () => true)?.code).toBe('CAPTURE_MISSING');
    expect(captureProblem('{', '/s', () => true)?.code).toBe('CAPTURE_INVALID');
    expect(captureProblem(capture('/other'), '/s', () => true)?.code).toBe('CAPTURE_STALE');
    expect(captureProblem(capture('/s', '/gone/openclaw'), '/s', () => false)?.code).toBe('CAPTURE_STALE');
    expect(captureProblem(capture('/s', '/bin/openclaw'), '/s', () => true)).toBeUndefined();
  });
  it('wants the launcher only where agent codex homes exist', () => {
    const ctx = { stateDir: '/s', configPath: '/s/openclaw.json' };
    const agentHome = [{ path: '/s/agents/main/agent/codex-home', ownerAgent: 'main', kind: 'agent' as const }];
    expect(checkLauncher(ctx, undefined, [])).toEqual([]);
    expect(checkLauncher(ctx, undefined, agentHome)[0]?.code).toBe('LAUNCHER_NOT_CONFIGURED');
    expect(checkLauncher(ctx, '/usr/bin/codex', agentHome)[0]?.code).toBe('LAUNCHER_NOT_CONFIGURED');
    expect(checkLauncher(ctx, '/opt/bin/openclaw-codex-launch', agentHome)).toEqual([]);
  });
  it("takes OPENCLAW_CODEX_APP_SERVER_BIN (doctor's or a live gateway's) while the config key is unset", () => {
    const ctx = { stateDir: '/s', configPath: '/s/openclaw.json' };
    const agentHome = [{ path: '/s/agents/main/agent/codex-home', ownerAgent: 'main', kind: 'agent' as const }];
    const L = '/s/openclaw-shim/launcher/bin/openclaw-codex-launch';
    expect(checkLauncher(ctx, undefined, agentHome, [{ where: 'shell', value: L }])).toEqual([]);
    expect(
      checkLauncher(ctx, undefined, agentHome, [{ where: 'shell', value: '/usr/bin/codex' }])[0]?.message,
    ).toContain('/usr/bin/codex');
    // The config key wins over the variable in OpenClaw, so a foreign key still needs fixing.
    expect(checkLauncher(ctx, '/usr/bin/codex', agentHome, [{ where: 'shell', value: L }])[0]?.code).toBe(
      'LAUNCHER_NOT_CONFIGURED',
    );
  });
  it('reads OPENCLAW_CODEX_APP_SERVER_BIN from this shell and from live gateways of this state dir only', () => {
    const lock = (pid: number, configPath: string, alive = true) => ({ file: 'x', pid, configPath, alive });
    const envs: Record<number, Record<string, string>> = {
      7: { OPENCLAW_CODEX_APP_SERVER_BIN: '/a/openclaw-codex-launch' },
      8: { OPENCLAW_CODEX_APP_SERVER_BIN: '/b' },
      9: { OPENCLAW_CODEX_APP_SERVER_BIN: '/c' },
    };
    const bins = envCodexBins(
      { OPENCLAW_CODEX_APP_SERVER_BIN: '/own' },
      '/s',
      [
        lock(7, '/s/openclaw.json'),
        lock(8, '/s/openclaw.json', false),
        lock(9, '/t/openclaw.json'),
        lock(10, '/s/openclaw.json'),
      ],
      (pid) => envs[pid],
    );
    expect(bins.map((b) => b.value)).toEqual(['/own', '/a/openclaw-codex-launch']);
    expect(bins[1]!.where).toContain('pid 7');
  });
  it('flags a live gateway on another state dir unless one matches', () => {
    const gw = (configPath: string, alive = true, relation: string | null = 'tied') => ({
      lock: { file: 'x', pid: 42, configPath, alive },
      stateDir: path.dirname(configPath),
      ...(relation ? { relation } : {}),
    });
    expect(checkGateways('/s', [gw('/s/openclaw.json')])).toEqual([]);
    expect(checkGateways('/s', [gw('/t/openclaw.json', false)])).toEqual([]);
    expect(checkGateways('/s', [gw('/t/openclaw.json')])[0]?.code).toBe('GATEWAY_STATE_MISMATCH');
    // A gateway nothing ties to the examined state (another one on a multi-gateway host) is not its business.
    expect(checkGateways('/s', [gw('/t/openclaw.json', true, null)])).toEqual([]);
    // The fix names the state the gateway uses, not its config's dir.
    const apart = {
      lock: { file: 'x', pid: 42, configPath: '/etc/oc/openclaw.json', alive: true },
      stateDir: '/srv/y',
      relation: 'tied',
    };
    expect(checkGateways('/s', [apart])[0]?.fix).toMatch(
      /^export OPENCLAW_STATE_DIR=\/srv\/y OPENCLAW_CONFIG_PATH=\/etc\/oc\/openclaw.json/,
    );
  });
  it('quotes fix commands for the shell', () => {
    expect(shq('/a b')).toBe("'/a b'");
    expect(shq(`{"key":"agent:x:main"}`)).toBe(`'{"key":"agent:x:main"}'`);
  });
});
