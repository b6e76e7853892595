// The launcher where OpenClaw spawns it, with 2026.5.12's environment, and the real 2026.5.12 CLI behind the shim.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { makeGateway, type Gateway } from '../helpers/sandbox.ts';
import { NODE, ROOT } from '../helpers/paths.ts';

const LAUNCHER = path.join(ROOT, 'bin', 'openclaw-codex-launch.mjs');
const FAKE_CODEX = path.join(ROOT, 'test', 'launch', 'fixtures', 'fake-codex.mjs');
const FAKE_GATEWAY = path.join(ROOT, 'test', 'launch', 'fixtures', 'fake-gateway.mjs');
const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

/** Runs the fake gateway (HOME = the gateway's home), which spawns the launcher with `childEnv`. */
function spawnViaGateway(
  g: Gateway,
  childEnv: Record<string, string>,
  args: string[],
  extra: Record<string, string> = {},
  input?: Buffer,
) {
  return execa(NODE, [FAKE_GATEWAY, LAUNCHER, ...args], {
    cwd: g.dir,
    env: hermetic({
      PATH: g.isolatedEnv().PATH!,
      HOME: g.home,
      FAKE_GATEWAY_CHILD_ENV: JSON.stringify(childEnv),
      ...extra,
    }),
    extendEnv: false,
    reject: false,
    encoding: 'buffer',
    stripFinalNewline: false,
    ...(input ? { input } : { stdin: 'ignore' as const }),
  });
}

const readJson = (p: string) => JSON.parse(fs.readFileSync(p, 'utf8'));

describe('openclaw-codex-launch (2026.5.12 environment)', () => {
  it('captures, runs the tool call on the canonical store, passes stdio, argv and exit code through', async () => {
    const g = makeGateway('json', { agents: ['target'] });
    gateways.push(g);
    const report = path.join(g.dir, 'report.json');
    const args = [
      'app-server',
      '--listen',
      'stdio://',
      '-c',
      'model="gpt-5.1"',
      '-c',
      'sandbox_mode="danger-full-access"',
      '',
      'ünï code',
      'a b',
    ];
    const input = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"initialize"}\r\n{"id":2,"params":{"x":"é"}}\n'),
      Buffer.from([0, 255, 1, 10]),
    ]);
    const env = g.isolatedEnv({
      OPENCLAW_SHIM_CODEX_BIN: FAKE_CODEX,
      FAKE_CODEX_REPORT: report,
      FAKE_CODEX_TOOL: JSON.stringify(['sessions', '--agent', 'target', '--json']),
      FAKE_CODEX_EXIT: '7',
    });
    expect(env.OPENCLAW_STATE_DIR).toBeUndefined();
    const r = await spawnViaGateway(g, env, args, {}, input);
    expect(Buffer.compare(r.stdout as Uint8Array, input)).toBe(0);
    expect(r.exitCode).toBe(7);
    const seen = readJson(report);
    expect(seen.argv).toEqual(args);
    const shimDir = path.join(g.codexHome, 'openclaw-shim', 'bin');
    expect(seen.env.PATH).toBe(`${shimDir}:${env.PATH}`);
    expect(seen.env.HOME).toBe(g.isolatedHome);
    expect(seen.env.CODEX_HOME).toBe(g.codexHome);
    expect(seen.env.OPENCLAW_SHIM_CAPTURE).toBe(path.join(g.codexHome, 'openclaw-shim', 'capture.json'));
    expect(seen.tool.status, seen.tool.stderr).toBe(0);
    expect(JSON.parse(seen.tool.stdout).path).toBe(
      path.join(g.stateDir, 'agents', 'target', 'sessions', 'sessions.json'),
    );
    expect(readJson(seen.env.OPENCLAW_SHIM_CAPTURE).stateDir.value).toBe(g.stateDir);
    expect(fs.existsSync(path.join(g.isolatedHome, '.openclaw'))).toBe(false);
  });
});

describe.each([
  ['execve', {}],
  ['spawn fallback', { OCSHIM_TEST_NO_EXECVE: '1' }],
])('launcher hand-over (%s)', (_mode, force) => {
  const g = makeGateway('json');
  gateways.push(g);
  const base = (extra: Record<string, string>) =>
    g.isolatedEnv({ OPENCLAW_SHIM_CODEX_BIN: FAKE_CODEX, ...force, ...extra });

  it('a relaunch does not grow PATH', async () => {
    const report = path.join(g.dir, `relaunch-${Object.keys(force).length}.json`);
    expect((await spawnViaGateway(g, base({ FAKE_CODEX_REPORT: report }), ['app-server'])).exitCode).toBe(0);
    const first = readJson(report).env.PATH as string;
    fs.rmSync(report); // the relaunch must write its own report
    expect(
      (await spawnViaGateway(g, { ...base({ FAKE_CODEX_REPORT: report }), PATH: first }, ['app-server'])).exitCode,
    ).toBe(0);
    expect(readJson(report).env.PATH).toBe(first);
    expect(first.split(':').filter((d) => d.endsWith('openclaw-shim/bin'))).toHaveLength(1);
  });

  it('SIGTERM to the launcher reaches Codex, and its death by signal reaches the gateway', async () => {
    const tag = Object.keys(force).length;
    const [report, ready, pidfile, exitfile] = ['report', 'ready', 'pid', 'exit'].map((n) =>
      path.join(g.dir, `${n}-${tag}`),
    );
    const run = spawnViaGateway(g, base({ FAKE_CODEX_REPORT: report!, FAKE_CODEX_WAIT: ready! }), ['app-server'], {
      FAKE_GATEWAY_PIDFILE: pidfile!,
      FAKE_GATEWAY_EXITFILE: exitfile!,
    });
    for (let i = 0; i < 200 && !fs.existsSync(ready!); i += 1) await new Promise((res) => setTimeout(res, 50));
    const launcherPid = Number(fs.readFileSync(pidfile!, 'utf8'));
    if (!tag) expect(Number(fs.readFileSync(ready!, 'utf8'))).toBe(launcherPid);
    process.kill(launcherPid, 'SIGTERM');
    await run;
    expect(readJson(report!).signal).toBe('SIGTERM');
    expect(readJson(exitfile!)).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('death by another signal passes through', async () => {
    const exitfile = path.join(g.dir, `exit-hup-${Object.keys(force).length}`);
    await spawnViaGateway(g, base({ FAKE_CODEX_SIGNAL: 'SIGHUP' }), ['app-server'], {
      FAKE_GATEWAY_EXITFILE: exitfile,
    });
    expect(readJson(exitfile)).toEqual({ code: null, signal: 'SIGHUP' });
  });
});

describe('without canonical state', () => {
  // The hermetic stand-ins hide this machine's own passwd-home state and gateway locks.
  it('still launches Codex, says why on stderr, and the shim refuses', async () => {
    const g = makeGateway('json');
    gateways.push(g);
    const codexHome = path.join(g.dir, 'elsewhere', 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
    const report = path.join(g.dir, 'lost.json');
    const env: Record<string, string> = {
      ...g.isolatedEnv({
        OPENCLAW_SHIM_CODEX_BIN: FAKE_CODEX,
        FAKE_CODEX_REPORT: report,
        FAKE_CODEX_TOOL: '["--version"]',
      }),
      HOME: path.join(codexHome, 'home'),
      CODEX_HOME: codexHome,
    };
    const r = await execa(NODE, [FAKE_GATEWAY, LAUNCHER, 'app-server'], {
      env: hermetic({
        PATH: env.PATH!,
        HOME: path.join(codexHome, 'home'),
        FAKE_GATEWAY_CHILD_ENV: JSON.stringify(env),
      }),
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/openclaw-codex-launch: no capture written/);
    const seen = readJson(report);
    expect(seen.env.OPENCLAW_SHIM_CAPTURE).toBeUndefined();
    expect(seen.tool.status).toBe(78);
    expect(fs.existsSync(path.join(codexHome, 'home', '.openclaw'))).toBe(false);
  });
});
