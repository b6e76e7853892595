// doctor finds a real running 2026.5.12 gateway by /proc alone: it titles itself plain `openclaw` (as every 2026.5
// CLI command does), keeps its lock open, and its lock lies in its own TMPDIR, where no lock dir doctor reads.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { hasGatewayLock, killGatewayGroup, makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { canIsolate } from '../helpers/real-gateway.ts';
import { findLauncherUsers } from '../../src/setup/launcher-users.ts';

const g = makeGateway('json', { agents: ['main'] });
const tmpDir = path.join(g.dir, 'gateway-tmp');
// Its config outside its state dir (as /etc/openclaw with /var/lib/openclaw): the lock names the config only.
const configPath = path.join(g.dir, 'etc', 'openclaw.json');
const lockDir = path.join(tmpDir, `openclaw-${process.getuid?.() ?? 0}`);
let gateway: ChildProcess | undefined;
afterAll(async () => {
  await killGatewayGroup(gateway);
  g.cleanup();
});

const cmdline = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/** A real 2026.5.12 gateway in a network namespace with only loopback, its TMPDIR (and so its lock) its own. */
async function startGateway(): Promise<void> {
  fs.mkdirSync(tmpDir);
  fs.mkdirSync(path.dirname(configPath));
  // Its file log in the test's dir, not OpenClaw's default /tmp/openclaw.
  const fileLog = JSON.stringify(path.join(g.dir, 'openclaw-file.log'));
  fs.writeFileSync(
    configPath,
    `{ gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } }, logging: { file: ${fileLog} } }\n`,
  );
  const script = `ip link set lo up; exec ${NODE} ${fs.realpathSync(g.realBin)} gateway run --allow-unconfigured --port 18793`;
  const log = fs.openSync(path.join(g.dir, 'gateway.log'), 'w');
  gateway = spawn('unshare', ['-n', 'sh', '-c', script], {
    cwd: g.dir,
    env: hermetic({
      PATH: g.isolatedEnv().PATH!,
      HOME: g.home,
      TMPDIR: tmpDir,
      OPENCLAW_STATE_DIR: g.stateDir,
      OPENCLAW_CONFIG_PATH: configPath,
    }),
    stdio: ['ignore', log, log],
    detached: true,
  });
  const up = () => hasGatewayLock(lockDir) && cmdline(gateway!.pid!).startsWith('openclaw\0');
  for (let i = 0; i < 360 && !up(); i++) await new Promise((r) => setTimeout(r, 500));
  if (!up())
    throw new Error(`no titled gateway with a lock:\n${fs.readFileSync(path.join(g.dir, 'gateway.log'), 'utf8')}`);
}

async function doctor() {
  // The hermetic view: an empty stand-in for the 2026.5 lock dirs, and /proc as this file's processes.
  const r = await runIn(g.dir, NODE, [CLI_JS, 'doctor', '--state-dir', g.stateDir, '--json'], {
    PATH: g.isolatedEnv().PATH!,
    HOME: g.home,
  });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(String(r.stdout)) as {
    gateways: Array<{
      pid: number;
      configPath: string | null;
      stateDir: string | null;
      lock: string | null;
      alive: boolean;
    }>;
  };
}

describe.runIf(canIsolate(['-n']))('a 2026.5.12 gateway titled plain `openclaw`', { timeout: 300_000 }, () => {
  beforeAll(startGateway, 240_000);

  it('doctor lists it from /proc with the lock it holds', async () => {
    // Its title, as the real 2026.5.12 sets it: no `gateway` word left for a command-line rule to see.
    expect(cmdline(gateway!.pid!).split('\0').filter(Boolean)).toEqual(['openclaw']);
    const report = await doctor();
    const mine = report.gateways.find((x) => x.pid === gateway!.pid);
    expect(mine, JSON.stringify(report.gateways)).toMatchObject({ alive: true });
    expect(mine!.lock?.startsWith(lockDir + path.sep)).toBe(true);
  });

  it('uninstall counts it among the launcher users while the launcher is wired (it would start Codex through it)', () => {
    const users = findLauncherUsers({ stateDir: g.stateDir, launcherDir: path.join(g.dir, 'launcher'), wired: true });
    expect(users.map((u) => [u.pid, u.why])).toEqual([
      [gateway!.pid, 'a gateway on this state dir, started while the launcher was wired'],
    ]);
  });

  it("doctor's JSON gives the state dir the gateway uses, not its config's dir", async () => {
    const mine = (await doctor()).gateways.find((x) => x.pid === gateway!.pid);
    expect(mine).toMatchObject({ configPath, stateDir: g.stateDir });
  });
});
