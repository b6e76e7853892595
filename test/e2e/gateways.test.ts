// doctor finds a real running 2026.9.6 gateway (its lock lives in <state>/tmp/openclaw-<uid>/) of another
// user, reports when it serves another state dir, and never hints at an `export` in root's shell.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { forOtherUser, reach } from '../helpers/other-user.ts';
import { hasGatewayLock, killGatewayGroup, makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';

const OWNER = 65534;
const isRoot = process.getuid?.() === 0;
const examined = makeGateway('sqlite', { agents: ['main'] });
const served = makeGateway('sqlite', { agents: ['main'] });
const unrelated = makeGateway('sqlite', { agents: ['main'] });
let gateway: ChildProcess | undefined;
afterAll(async () => {
  await killGatewayGroup(gateway);
  examined.cleanup();
  served.cleanup();
  unrelated.cleanup();
});

const lockDir = path.join(served.stateDir, 'tmp', `openclaw-${OWNER}`);
const hasLock = (): boolean => hasGatewayLock(lockDir);

/** A real gateway as `nobody`, in a network namespace with only loopback, on the `served` state dir. */
async function startGateway(): Promise<void> {
  fs.chmodSync(served.dir, 0o755);
  // Its file log in the test's dir (the home it owns), not OpenClaw's default /tmp/openclaw.
  const fileLog = JSON.stringify(path.join(served.home, 'openclaw-file.log'));
  fs.writeFileSync(
    served.configPath,
    `{ agents: { ownership: "explicit", entries: { main: {} } }, gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } }, logging: { file: ${fileLog} } }\n`,
  );
  for (const f of ['', ...(fs.readdirSync(served.home, { recursive: true }) as string[])])
    fs.lchownSync(path.join(served.home, f), OWNER, OWNER);
  const real = fs.realpathSync(served.realBin);
  const script = `ip link set lo up; exec /usr/bin/setpriv --reuid=${OWNER} --regid=${OWNER} --clear-groups ${reach(NODE)} ${real} gateway run --allow-unconfigured --port 18791`;
  const log = fs.openSync(path.join(served.dir, 'gateway.log'), 'w');
  // The hermetic variables carry this file's scope: doctor's /proc scan sees this gateway and no other.
  gateway = spawn('unshare', ['-n', 'sh', '-c', script], {
    cwd: served.dir,
    env: forOtherUser(hermetic({ PATH: served.isolatedEnv().PATH!, HOME: served.home })),
    stdio: ['ignore', log, log],
    detached: true,
  });
  for (let i = 0; i < 360 && !hasLock(); i++) await new Promise((r) => setTimeout(r, 500));
  if (!hasLock())
    throw new Error(
      `the gateway wrote no lock in ${lockDir}:\n${fs.readFileSync(path.join(served.dir, 'gateway.log'), 'utf8').slice(-2000)}`,
    );
}

const gatewayLog = (): string =>
  `${fs
    .readdirSync(lockDir)
    .map((n) => `${n}: ${fs.readFileSync(path.join(lockDir, n), 'utf8').trim()}`)
    .join('\n')}\n${fs.readFileSync(path.join(served.dir, 'gateway.log'), 'utf8').slice(-1500)}`;

/**
 * Doctor with no every-user lock dir (an empty one) and the real /proc as this file's processes (the
 * host's own gateways are not in its scope): the 2026.9 lock is found through its process.
 */
async function doctor(stateDir: string) {
  const empty = path.join(examined.dir, 'no-locks');
  fs.mkdirSync(empty, { recursive: true });
  const r = await runIn(examined.dir, NODE, [CLI_JS, 'doctor', '--state-dir', stateDir, '--json'], {
    PATH: examined.isolatedEnv().PATH!,
    HOME: '/root',
    OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: empty,
  });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(String(r.stdout)) as {
    gateways: Array<{ pid: number; stateDir: string; user?: string; lock: string; alive: boolean }>;
    findings: Array<{ code: string; fix: string; message: string }>;
  };
}

/** Doctor's checklist (text) under the same view of the host: the gateway lines a person reads. */
async function doctorGatewayLines(stateDir: string): Promise<string[]> {
  const r = await runIn(examined.dir, NODE, [CLI_JS, 'doctor', '--state-dir', stateDir], {
    PATH: examined.isolatedEnv().PATH!,
    HOME: '/root',
    NO_COLOR: '1',
    OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(examined.dir, 'no-locks'),
  });
  return String(r.stdout)
    .split('\n')
    .filter((l) => /gateway/.test(l) && /^\[(ok|info)\]/.test(l));
}

describe.skipIf(!isRoot)('running gateways of another user and of 2026.9', { timeout: 240_000 }, () => {
  beforeAll(startGateway, 240_000);

  it("doctor on the gateway's own state dir lists it with its user and lock, and recommends running as that user", async () => {
    // The gateway may restart once after its first lock (startup migrations): ask until it is listed.
    let report = await doctor(served.stateDir);
    for (let i = 0; i < 30 && !report.gateways.some((g) => g.stateDir === served.stateDir && g.alive); i++) {
      await new Promise((r) => setTimeout(r, 2000));
      report = await doctor(served.stateDir);
    }
    const mine = report.gateways.find((g) => g.stateDir === served.stateDir && g.alive);
    expect(mine, `${JSON.stringify(report.gateways)}\n${gatewayLog()}`).toMatchObject({ user: 'nobody' });
    expect(mine!.lock.startsWith(lockDir + path.sep)).toBe(true);
    expect(report.findings.map((f) => f.code)).not.toContain('GATEWAY_STATE_MISMATCH');
    const other = report.findings.find((f) => f.code === 'GATEWAY_OTHER_USER' && f.message.includes(served.stateDir));
    expect(other?.fix).toBe(`sudo -u nobody openclaw-shim doctor --state-dir ${served.stateDir}`);
    const lines = await doctorGatewayLines(served.stateDir);
    expect(lines, lines.join('\n')).toContainEqual(
      expect.stringMatching(new RegExp(`^\\[ok\\] +running gateway: pid ${mine!.pid} \\(nobody\\) on `)),
    );
    expect(lines.join('\n')).not.toContain('other gateways on this host');
    // Every fix for nobody's state is run as nobody.
    for (const f of report.findings.filter((x) => !x.fix.startsWith('#')))
      expect(f.fix, f.code).toMatch(/^sudo -u nobody /);
  });

  it("doctor on another state dir tied to the gateway reports the mismatch with a fix as the gateway's user, never an export", async () => {
    // What ties them: the examined state's codex home was set up for the served state (its capture names it).
    // The built CLI, not installShim here: as root it becomes the owner, which must never be this test process.
    // It writes as the served state's owner, so that user owns the codex home it installs into (and may reach it).
    fs.chmodSync(examined.dir, 0o755);
    for (const f of ['', ...(fs.readdirSync(examined.codexHome, { recursive: true }) as string[])])
      fs.lchownSync(path.join(examined.codexHome, f), OWNER, OWNER);
    const install = await runIn(
      examined.dir,
      NODE,
      [CLI_JS, 'install', '--codex-home', examined.codexHome, '--state-dir', served.stateDir],
      { PATH: examined.isolatedEnv().PATH!, HOME: served.home },
    );
    expect(install.exitCode, String(install.stderr)).toBe(0);
    // As above: a gateway that restarts once after its first lock is briefly not there; ask again until it is.
    const mismatchIn = (r: Awaited<ReturnType<typeof doctor>>) =>
      r.findings.find((f) => f.code === 'GATEWAY_STATE_MISMATCH' && f.message.includes(served.stateDir));
    let report = await doctor(examined.stateDir);
    for (let i = 0; i < 30 && !mismatchIn(report); i++) {
      await new Promise((r) => setTimeout(r, 2000));
      report = await doctor(examined.stateDir);
    }
    const mismatch = mismatchIn(report);
    expect(mismatch?.fix, `${JSON.stringify(report.gateways)}\n${gatewayLog()}`).toContain(
      `sudo -u nobody openclaw-shim doctor --state-dir ${served.stateDir}`,
    );
    expect(report.findings.some((f) => f.fix.includes('export '))).toBe(false);
    expect(mismatch?.message).toContain(`the capture in ${examined.codexHome} names ${served.stateDir}`);
  });

  it('doctor on a state nothing ties to the running gateway (a multi-gateway host) reports no mismatch', async () => {
    // The gateway is up (the tests above waited for its lock); it is listed, but it is not this state's business.
    const report = await doctor(unrelated.stateDir);
    expect(report.gateways.some((g) => g.stateDir === served.stateDir && g.alive)).toBe(true);
    expect(report.findings.map((f) => f.code)).not.toContain('GATEWAY_STATE_MISMATCH');
    // Its checklist never calls another state's gateway this state's running one.
    const lines = await doctorGatewayLines(unrelated.stateDir);
    expect(
      lines.filter((l) => l.startsWith('[ok]')),
      lines.join('\n'),
    ).toEqual([]);
    expect(lines).toContain(`[info] no running gateway on ${unrelated.stateDir}`);
    expect(lines.find((l) => l.startsWith('[info] other gateways on this host: '))).toContain(
      `(nobody) on ${served.stateDir}`,
    );
  });
});
