// What repair never carries out of a shadow, through the built CLI and the real 2026.5.12: a sessionFile out of the
// state (not merged, a conflict, doctor names it) and a config change (named by doctor and repair, kept in the backup).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { BASE_PATH } from '../helpers/paths.ts';
import { cli, divergingGateway, entry, readJson, SHADOW_TARGET, shadowOf, writeStore } from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));
const track = (g: Gateway): Gateway => (gateways.push(g), g);

type Action = { step: string; status: string; path: string; target?: string; detail: string };
type Finding = { code: string; message: string; fix: string; path?: string };
const actionsOf = (stdout: unknown): { backupDir: string; actions: Action[] } => JSON.parse(String(stdout));
const findingsOf = (stdout: unknown): Finding[] => (JSON.parse(String(stdout)) as { findings: Finding[] }).findings;
const canonicalStore = (gw: Gateway) => path.join(gw.stateDir, 'agents/target/sessions/sessions.json');
const OUTSIDE_PATHS = {
  'agent:target:telegram:direct:etc': '/etc/shadow',
  'agent:target:telegram:direct:tmp': '/tmp/x',
};
const OUTSIDE = Object.fromEntries(
  Object.entries(OUTSIDE_PATHS).map(([key, sessionFile], i) => [key, entry(6 + i, { sessionFile })]),
);
const GOOD = ['agent:target:telegram:direct:new1', 'agent:target:telegram:direct:new2'];
const SECRET = 's3cr3t-TOKEN-value';

describe('repair and doctor on what a shadow records', () => {
  it('a sessionFile out of the state is never merged: a conflict naming key and path, doctor too; the real CLI reads the rest', async () => {
    const gw = track(divergingGateway());
    const shadowStore = path.join(shadowOf(gw), 'agents/target/sessions/sessions.json');
    writeStore(shadowStore, { ...SHADOW_TARGET, ...OUTSIDE });
    const shadowBytes = fs.readFileSync(shadowStore);

    const doctor = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
    const outside = findingsOf(doctor.stdout).filter((f) => f.code === 'SHADOW_SESSION_PATH_OUTSIDE');
    expect(outside.map((f) => f.message)).toEqual([
      expect.stringMatching(/agent:target:telegram:direct:etc .*"\/etc\/shadow"/),
      expect.stringMatching(/agent:target:telegram:direct:tmp .*"\/tmp\/x"/),
    ]);

    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
    expect(dry.stdout).toContain(`add 2 session(s) (${GOOD.join(', ')}) and 2 transcript file(s)`);
    expect(dry.stdout).toMatch(
      /conflict .*agent:target:telegram:direct:etc: its sessionFile "\/etc\/shadow" lies outside/,
    );

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(r.exitCode).toBe(1); // conflicts (the differing entry of the fixture, and these two)
    const result = actionsOf(r.stdout);
    const conflicts = result.actions.filter((a) => a.status === 'conflict').map((a) => a.detail);
    for (const [key, sessionFile] of Object.entries(OUTSIDE_PATHS))
      expect(conflicts).toContainEqual(
        expect.stringContaining(`${key}: its sessionFile "${sessionFile}" lies outside`),
      );
    const store = readJson(canonicalStore(gw));
    for (const key of Object.keys(OUTSIDE)) expect(store).not.toHaveProperty([key]);
    for (const key of GOOD) expect(store).toHaveProperty([key]);
    expect(JSON.stringify(store)).not.toMatch(/\/etc\/shadow|\/tmp\/x/);
    // The refused entries live on in the backup, byte for byte.
    const copy = path.join(result.backupDir, 'trees/0/agents/target/sessions/sessions.json');
    expect(fs.readFileSync(copy)).toEqual(shadowBytes);

    const real = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], {
      PATH: `${gw.realBinDir}:${BASE_PATH}`,
      HOME: gw.home,
    });
    expect(real.exitCode).toBe(0);
    const listed = JSON.parse(String(real.stdout)) as { path: string; sessions: Array<{ key: string }> };
    expect(listed.path).toBe(canonicalStore(gw));
    const keys = listed.sessions.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(GOOD));
    for (const key of Object.keys(OUTSIDE)) expect(keys).not.toContain(key);
  });

  it('a config change made in the shadow by the real `openclaw config set` is named by doctor and repair, never applied', async () => {
    const gw = track(makeGateway('json', { agents: ['main', 'target'] }));
    for (const [key, value] of [
      ['agents.defaults.timeoutSeconds', '600'],
      ['gateway.auth.token', SECRET],
    ]) {
      const set = await runIn(gw.dir, gw.realBin, ['config', 'set', key!, value!], gw.isolatedEnv());
      expect(set.exitCode, String(set.stderr)).toBe(0);
    }
    const shadowConfig = path.join(shadowOf(gw), 'openclaw.json');
    const shadowBytes = fs.readFileSync(shadowConfig);
    const canonicalBytes = fs.readFileSync(gw.configPath);

    const doctor = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
    expect(String(doctor.stdout)).not.toContain(SECRET);
    const found = findingsOf(doctor.stdout).find((f) => f.code === 'SHADOW_CONFIG_DIFFERS');
    expect(found?.path).toBe(shadowConfig);
    expect(found?.message).toContain('agents.defaults.timeoutSeconds (600 here, unset in the canonical config)');
    expect(found?.message).toContain('gateway.auth.token ([redacted] here, unset in the canonical config)');
    expect(found?.fix).toContain(
      `OPENCLAW_CONFIG_PATH=${gw.configPath} openclaw config set agents.defaults.timeoutSeconds 600`,
    );
    expect(found?.fix).not.toContain('gateway.auth.token');

    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir]);
    expect(dry.stdout).toMatch(/config +.*the shadow's config differs at agents\.defaults\.timeoutSeconds/);
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    expect(String(r.stdout) + String(r.stderr)).not.toContain(SECRET);
    expect(r.exitCode).toBe(0); // said, not a failure: nothing was lost
    const result = actionsOf(r.stdout);
    const config = result.actions.find((a) => a.step === 'config');
    expect(config).toMatchObject({ path: shadowConfig, status: 'skipped' });
    expect(config!.detail).toContain('agents.defaults.timeoutSeconds');
    expect(config!.detail).toContain(`kept in the backup ${config!.target}`);
    expect(fs.readFileSync(config!.target!)).toEqual(shadowBytes);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    expect(fs.readFileSync(gw.configPath)).toEqual(canonicalBytes);

    // The gateway's config, as the real CLI reads it, never got the shadow's value.
    const get = await runIn(gw.dir, gw.realBin, ['config', 'get', 'agents.defaults.timeoutSeconds'], {
      PATH: `${gw.realBinDir}:${BASE_PATH}`,
      HOME: gw.home,
    });
    expect(String(get.stdout)).not.toContain('600');
  });
});
