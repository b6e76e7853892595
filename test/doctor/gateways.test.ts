// Gateways of every user and both lock generations; fixes for another user's state run as that user.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGateways } from '../../src/doctor/gateways.ts';
import { isGatewayCmdline } from '../../src/lib/process-identity.ts';
import { holderIsGateway } from '../../src/canonical/gateway-lock-file.ts';
import { checkGatewayUsers } from '../../src/doctor/gateway-users.ts';
import { gatewayFinding } from '../../src/doctor/findings.ts';
import { asOwnerFix, ownerFixes } from '../../src/doctor/owner-fixes.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-gw-'));
// A stand-in gateway: OpenClaw's process title, as /proc/<pid>/cmdline shows it.
const live = spawn('bash', ['-c', 'exec -a openclaw-gateway sleep 60'], { stdio: 'ignore' });
// Its title shows once bash has exec'd: on a loaded machine that is not at once.
beforeAll(async () => {
  const titled = (): boolean => {
    try {
      return fs.readFileSync(`/proc/${live.pid}/cmdline`, 'utf8').startsWith('openclaw-gateway');
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 200 && !titled(); i++) await new Promise((r) => setTimeout(r, 25));
});
afterAll(() => {
  live.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

const lock = (file: string, configPath: string, pid = live.pid!) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // 2026.9 pads its lock with whitespace after the JSON.
  fs.writeFileSync(file, `${JSON.stringify({ pid, createdAt: new Date().toISOString(), configPath })}\n\t \t`);
};

describe('findGateways', () => {
  it('reads 2026.5 locks of every uid in the tmp roots and 2026.9 locks inside the examined state', () => {
    const tmp = path.join(dir, 'tmp');
    lock(path.join(tmp, 'openclaw-1000', 'gateway.0123abcd.lock'), '/home/gw/.openclaw/openclaw.json');
    lock(path.join(tmp, 'openclaw-0', 'gateway.deadbeef.lock'), '/root/.openclaw/openclaw.json', 999_999_999);
    const state = path.join(dir, 'state');
    lock(path.join(state, 'tmp', 'openclaw-65534', 'gateway.f6074467.lock'), path.join(state, 'openclaw.json'));
    fs.writeFileSync(
      path.join(tmp, 'openclaw-1000', 'gateway.state.lock'),
      'ignored: the config lock names the same gateway',
    );
    const { locks, unknown } = findGateways({ tmpRoots: [tmp], stateDirs: [state] });
    const byConfig = Object.fromEntries(locks.map((l) => [l.configPath, l]));
    expect(byConfig['/home/gw/.openclaw/openclaw.json']).toMatchObject({ uid: 1000, alive: true });
    expect(byConfig['/root/.openclaw/openclaw.json']).toMatchObject({ uid: 0, user: 'root', alive: false });
    expect(byConfig[path.join(state, 'openclaw.json')]).toMatchObject({ uid: 65534, user: 'nobody', alive: true });
    expect(locks).toHaveLength(3);
    expect(unknown).toEqual([]);
  });

  it('knows a gateway by its process title or its command line', () => {
    expect(isGatewayCmdline('openclaw-gateway\0\0\0')).toBe(true);
    expect(
      isGatewayCmdline('/usr/bin/node\0/usr/lib/node_modules/openclaw/openclaw.mjs\0gateway\0run\0--port\x0018789\0'),
    ).toBe(true);
    expect(isGatewayCmdline('/usr/bin/node\0/x/openclaw.mjs\0gateway\0call\0health\0')).toBe(false);
    expect(isGatewayCmdline('openclaw\0sessions\0')).toBe(false);
  });
});

describe('fixes for another user', () => {
  const gw = { name: 'gw', uid: 1000, gid: 1000 };
  it('prefixes every step with sudo -u the owner, env for assignments, and keeps comments', () => {
    expect(asOwnerFix("mv /s/a '/s/a b' && openclaw-shim repair --state-dir /s   # then add --apply", gw)).toBe(
      "sudo -u gw mv /s/a '/s/a b' && sudo -u gw openclaw-shim repair --state-dir /s   # then add --apply",
    );
    expect(asOwnerFix('OPENCLAW_STATE_DIR=/s openclaw gateway call x', gw)).toBe(
      'sudo -u gw env OPENCLAW_STATE_DIR=/s openclaw gateway call x',
    );
    expect(asOwnerFix('# nothing to do', gw)).toBe('# nothing to do');
    const f = { code: 'STUCK_SESSION' as const, severity: 'error' as const, message: 'm', fix: 'openclaw x' };
    expect(ownerFixes([f], 0, gw)[0]!.fix).toBe('sudo -u gw openclaw x');
    expect(ownerFixes([f], 1000, gw)[0]!.fix).toBe('openclaw x');
    expect(ownerFixes([f], 0, { uid: 0, gid: 0 })[0]!.fix).toBe('openclaw x');
  });

  it("a mismatch with another user's gateway never suggests an export in this shell", () => {
    const other = gatewayFinding(
      '/root/.openclaw',
      { pid: 5, configPath: '/home/gw/.openclaw/openclaw.json', uid: 1000, user: 'gw' },
      '/home/gw/.openclaw',
      'r',
      0,
    );
    expect(other.fix).toMatch(/^sudo -u gw openclaw-shim doctor --state-dir \/home\/gw\/.openclaw /);
    const own = gatewayFinding('/a', { pid: 5, configPath: '/b/openclaw.json', uid: 0 }, '/b', 'r', 0);
    expect(own.fix).toBe('export OPENCLAW_STATE_DIR=/b OPENCLAW_CONFIG_PATH=/b/openclaw.json');
  });

  it("says what is known about another user's gateway on this state, or that its state is unknown", () => {
    const l = {
      file: '/s/tmp/openclaw-1000/gateway.1.lock',
      pid: 7,
      configPath: '/s/openclaw.json',
      alive: true,
      uid: 1000,
      user: 'gw',
    };
    const [known] = checkGatewayUsers(0, '/s', [l], []);
    expect(known).toMatchObject({
      code: 'GATEWAY_OTHER_USER',
      severity: 'info',
      fix: 'sudo -u gw openclaw-shim doctor --state-dir /s',
    });
    expect(checkGatewayUsers(1000, '/s', [l], [])).toEqual([]);
    const [unknown] = checkGatewayUsers(
      1001,
      '/s',
      [],
      [{ pid: 8, uid: 1000, user: 'gw', reason: '/proc/8/environ unreadable (EACCES)' }],
    );
    expect(unknown!.message).toContain('its state dir is not known here (/proc/8/environ unreadable (EACCES))');
    expect(unknown!.fix).toBe('sudo -u gw openclaw-shim doctor');
  });
});

describe('holderIsGateway: a 2026.5 gateway retitles itself plain `openclaw`', () => {
  const proc = (cmdline: string, start: number): string => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-proc-'));
    fs.mkdirSync(path.join(root, '4242'));
    fs.writeFileSync(path.join(root, '4242', 'cmdline'), cmdline);
    const fields = Array.from({ length: 19 }, (_, i) => (i === 18 ? String(start) : '0'));
    fs.writeFileSync(path.join(root, '4242', 'stat'), `4242 (openclaw) S ${fields.join(' ')}`);
    return root;
  };
  const alive = (): boolean => true;

  it('believes the lock when its start time matches and the title is OpenClaw', () => {
    expect(holderIsGateway(4242, 777, alive, proc('openclaw\0', 777))).toBe(true);
  });

  it('does not when the start time differs (a recycled pid) or the title is not OpenClaw', () => {
    expect(holderIsGateway(4242, 778, alive, proc('openclaw\0', 777))).toBe(false);
    expect(holderIsGateway(4242, 777, alive, proc('sleep\x180\0', 777))).toBe(false);
  });

  it('without a recorded start time, only a gateway command line counts', () => {
    expect(holderIsGateway(4242, undefined, alive, proc('openclaw\0', 777))).toBe(false);
    expect(holderIsGateway(4242, undefined, alive, proc('openclaw-gateway\0', 777))).toBe(true);
  });
});
