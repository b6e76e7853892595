// setup then uninstall against a real OpenClaw 2026.9.6 state dir: only what the plan listed changes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles, makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { parseJson5 } from '../../src/lib/json5.ts';
import { cachedCodex } from '../../src/lib/codex-cache.ts';

const KEY = 'plugins.entries.codex.config.appServer.command';
const g = makeGateway('sqlite', { agents: ['ondisk'] });
afterAll(() => g.cleanup());
const onDiskHome = path.join(g.stateDir, 'agents', 'ondisk', 'agent', 'codex-home');
fs.mkdirSync(onDiskHome, { recursive: true });
const acpxHome = path.join(g.stateDir, 'acpx', 'codex-home');
fs.mkdirSync(acpxHome, { recursive: true });
const codex = cachedCodex();
if (!codex) throw new Error('the real Codex is not cached; the global setup installs it');
// No codex plugin in this state dir: setup's launcher must be told which Codex to run, or it refuses.
const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home, OPENCLAW_SHIM_CODEX_BIN: codex.bin };

const hashes = (): Map<string, string> =>
  new Map(
    listFiles(g.stateDir).map((f) => [
      path.join(g.stateDir, f),
      crypto
        .createHash('sha256')
        .update(fs.readFileSync(path.join(g.stateDir, f)))
        .digest('hex'),
    ]),
  );

function changed(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** A listed path matches itself, or everything starting with it when it ends in `*`. */
const listedBy = (listed: string[]) => (p: string) =>
  listed.some((l) => (l.endsWith('*') ? p.startsWith(l.slice(0, -1)) : p === l));

const shim = async (...args: string[]) => {
  const r = await runIn(g.dir, NODE, [CLI_JS, ...args, '--json'], env);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return JSON.parse(String(r.stdout));
};
const configGet = (key = KEY) =>
  runIn(g.dir, g.realBin, ['config', 'get', key, '--json'], {
    ...env,
    OPENCLAW_STATE_DIR: g.stateDir,
    OPENCLAW_CONFIG_PATH: g.configPath,
  });

/** The config as data: OpenClaw rewrites JSON5 as JSON, and stamps `meta` (its version and migrations) on every write it makes. */
function configContent(): Record<string, unknown> {
  const { meta: _meta, ...rest } = parseJson5(fs.readFileSync(g.configPath, 'utf8')) as Record<string, unknown>;
  return rest;
}

describe('setup and uninstall (2026.9.6)', () => {
  it('dry run, apply, idempotent re-apply, uninstall: the state dir ends as it began apart from the plan', async () => {
    const start = hashes();
    const configBefore = configContent();
    expect(configBefore).not.toHaveProperty('plugins');
    const dry = await shim('setup');
    expect(dry.applied).toBe(false);
    // Reading through the real CLI lets 2026.9.6 create its own state/openclaw.sqlite; openclaw-shim writes nothing.
    const afterDry = hashes();
    expect(changed(start, afterDry).every((p) => p.startsWith(path.join(g.stateDir, 'state') + path.sep))).toBe(true);
    const plan = dry.plan;
    expect(plan.canon.stateDir).toBe(g.stateDir);
    const homes = plan.steps
      .filter((s: { kind: string }) => s.kind === 'install-shim')
      .map((s: { codexHome: string }) => s.codexHome)
      .sort();
    expect(homes).toEqual([g.codexHome, onDiskHome, acpxHome].sort());

    const applied = await shim('setup', '--apply');
    expect(applied.plan.writes).toEqual(plan.writes);
    const afterSetup = hashes();
    const listed = listedBy([...plan.writes, ...plan.openclawWrites]);
    expect(changed(afterDry, afterSetup).filter((p) => !listed(p))).toEqual([]);
    expect(fs.statSync(plan.launcherBin).mode & 0o111).not.toBe(0);
    expect(fs.statSync(path.join(g.stateDir, 'openclaw-shim', 'setup.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(String((await configGet()).stdout))).toBe(plan.launcherBin);
    // The Codex named in setup's shell is recorded: the launcher finds it in the gateway's environment, which lacks the variable.
    const { OPENCLAW_SHIM_CODEX_BIN: _setupsOwn, ...gatewayEnv } = env;
    const probe = await runIn(g.dir, plan.launcherBin, [], { ...gatewayEnv, OPENCLAW_SHIM_LAUNCH_PROBE: '1' });
    expect(JSON.parse(String(probe.stdout).trim().split('\n').at(-1)!), String(probe.stderr)).toMatchObject({
      ok: true,
      source: expect.stringMatching(/recorded by setup/),
    });

    const again = await shim('setup', '--apply');
    expect(again.plan.steps).toEqual([]);
    expect(changed(afterSetup, hashes())).toEqual([]);

    // What the shim itself writes in its dir: its code cache (a real call writes it) and the temp file a shim
    // killed while writing it leaves behind. A file of the operator's there is not the shim's, and stays.
    const shimRoot = path.join(g.codexHome, 'openclaw-shim');
    const call = await runIn(g.dir, path.join(shimRoot, 'bin', 'openclaw'), ['--version'], g.isolatedEnv());
    expect(call.exitCode, String(call.stderr)).toBe(0);
    expect(fs.existsSync(path.join(shimRoot, 'shim-code-cache'))).toBe(true);
    fs.writeFileSync(path.join(shimRoot, 'shim-code-cache.4194303.tmp'), 'torn', { mode: 0o600 });
    const operators = path.join(onDiskHome, 'openclaw-shim', 'shim-code-cache.bak');
    fs.writeFileSync(operators, "the operator's");

    const un = await shim('uninstall', '--apply');
    expect(un.plan.steps[0]).toMatchObject({ kind: 'config-unset' });
    const end = hashes();
    // The shim's redirect log is history uninstall keeps; the operator's file is theirs.
    const kept = (p: string) => p === operators || p.startsWith(path.join(g.stateDir, 'logs') + path.sep);
    expect(changed(afterDry, end).filter((p) => !listed(p) && !kept(p))).toEqual([]);
    expect(fs.readdirSync(path.dirname(operators))).toEqual(['shim-code-cache.bak']);
    expect(fs.readFileSync(operators, 'utf8')).toBe("the operator's");
    fs.rmSync(path.dirname(operators), { recursive: true });
    // The config's bytes may differ (OpenClaw rewrites it); its content must be what it was before setup.
    expect(configContent()).toEqual(configBefore);
    for (const p of plan.writes) expect(fs.existsSync(p), p).toBe(false);
    expect(fs.existsSync(path.join(g.stateDir, 'openclaw-shim'))).toBe(false);
    expect(fs.existsSync(path.join(g.codexHome, 'openclaw-shim'))).toBe(false);
    expect(fs.existsSync(path.join(acpxHome, 'openclaw-shim'))).toBe(false);
    const after = await configGet();
    expect(after.exitCode).not.toBe(0);
    expect(String(after.stdout) + String(after.stderr)).toMatch(/Unknown config path|not found|unset/i);
    // The record says `plugins` was absent before setup: the real CLI must see it absent again, not `{ entries: {} }`.
    const plugins = await configGet('plugins');
    expect(plugins.exitCode, String(plugins.stdout)).not.toBe(0);
    expect(String(plugins.stdout) + String(plugins.stderr)).toMatch(/valid but unset: plugins/);
  }, 600_000);

  it('refuses clearly without a state dir or a real openclaw', async () => {
    const none = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', path.join(g.dir, 'missing')], env);
    expect(none.exitCode).toBe(66);
    expect(String(none.stderr)).toMatch(/the state dir you named cannot be used: .*missing does not exist/);
    expect(String(none.stderr)).not.toMatch(/\n\s+at /);
    const noBin = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir], {
      ...env,
      PATH: path.dirname(NODE),
    });
    expect(noBin.exitCode).toBe(127);
    expect(String(noBin.stderr)).toMatch(/no real openclaw/);
  });
});

describe('setup without a Codex the launcher can find (2026.9.6)', () => {
  const bareGw = makeGateway('sqlite');
  afterAll(() => bareGw.cleanup());
  // No codex plugin in the state dir, no codex on PATH, no OPENCLAW_SHIM_CODEX_BIN.
  const bareEnv = { PATH: bareGw.isolatedEnv().PATH!, HOME: bareGw.home };
  it('refuses (79) before changing the config when the launcher it wires finds no real Codex', async () => {
    const r = await runIn(bareGw.dir, NODE, [CLI_JS, 'setup', '--apply'], bareEnv);
    expect(r.exitCode, String(r.stderr)).toBe(79);
    expect(String(r.stderr)).toMatch(
      /setup refused: the launcher .*openclaw-codex-launch would not start a real Codex: no real Codex found/,
    );
    expect(String(r.stderr)).toContain('openclaw plugins install @openclaw/codex');
    expect(String(r.stderr)).not.toMatch(/\n\s+at /);
    const after = await runIn(bareGw.dir, bareGw.realBin, ['config', 'get', KEY, '--json'], {
      ...bareEnv,
      OPENCLAW_STATE_DIR: bareGw.stateDir,
      OPENCLAW_CONFIG_PATH: bareGw.configPath,
    });
    expect(after.exitCode).not.toBe(0);
    expect(String(after.stdout) + String(after.stderr)).toMatch(/Unknown config path|not found|unset/i);
    const un = await runIn(bareGw.dir, NODE, [CLI_JS, 'uninstall', '--apply', '--json'], bareEnv);
    expect(un.exitCode, String(un.stderr)).toBe(0);
    expect(fs.existsSync(path.join(bareGw.stateDir, 'openclaw-shim'))).toBe(false);
  }, 600_000);
});

describe('uninstall with setup.json lost (2026.5.12)', () => {
  const lostGw = makeGateway('json');
  afterAll(() => lostGw.cleanup());
  const lostEnv = { PATH: lostGw.isolatedEnv().PATH!, HOME: lostGw.home, OPENCLAW_SHIM_CODEX_BIN: codex.bin };
  const get = () =>
    runIn(lostGw.dir, lostGw.realBin, ['config', 'get', KEY, '--json'], {
      ...lostEnv,
      OPENCLAW_STATE_DIR: lostGw.stateDir,
      OPENCLAW_CONFIG_PATH: lostGw.configPath,
    });
  it("never writes the Codex named for setup into the config as if it were the operator's; says how to set it by hand", async () => {
    const set = await runIn(lostGw.dir, NODE, [CLI_JS, 'setup', '--apply'], lostEnv);
    expect(set.exitCode, String(set.stderr)).toBe(0);
    fs.rmSync(path.join(lostGw.stateDir, 'openclaw-shim', 'setup.json'));
    const un = await runIn(lostGw.dir, NODE, [CLI_JS, 'uninstall', '--apply', '--json'], lostEnv);
    expect(un.exitCode, String(un.stderr)).toBe(0);
    const report = JSON.parse(String(un.stdout));
    expect(report.plan.steps[0]).toMatchObject({ kind: 'config-unset' });
    expect(report.plan.notes.join('\n')).toContain(
      `launcher.json names ${codex.bin} (a Codex named for setup, not your config's value)`,
    );
    const after = await get();
    expect(String(after.stdout)).not.toContain(codex.bin);
    expect(after.exitCode).not.toBe(0);
  }, 240_000);
});
