// doctor: a gateway wired to a launcher that is gone, and a launcher uninstall kept for a running gateway.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLauncherGone, checkRetiredLauncher } from '../../src/doctor/launcher-gone.ts';
import { launcherDirOf } from '../../src/setup/launcher-copy.ts';
import { retiredMarkerOf } from '../../src/setup/launcher-users.ts';

const ctx = { stateDir: '/srv/gw/.openclaw', configPath: '/srv/gw/.openclaw/openclaw.json' };
const BIN = '/srv/gw/.openclaw/openclaw-shim/launcher/bin/openclaw-codex-launch';

describe('LAUNCHER_GONE', () => {
  it('is an error for a running gateway or a config naming a launcher that is not there', () => {
    const gone = checkLauncherGone(
      ctx,
      undefined,
      [{ where: 'OPENCLAW_CODEX_APP_SERVER_BIN of the running gateway (pid 42)', value: BIN }],
      () => false,
    );
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ code: 'LAUNCHER_GONE', severity: 'error', path: BIN });
    expect(gone[0]!.message).toMatch(/pid 42.*gone.*ENOENT/);
    const gw = { where: 'OPENCLAW_CODEX_APP_SERVER_BIN of the running gateway (pid 42)', value: '/usr/bin/codex' };
    expect(checkLauncherGone(ctx, BIN, [gw], () => false)[0]!.message).toMatch(/appServer\.command/);
    // No gateway running: nothing fails now, nothing said here.
    expect(checkLauncherGone(ctx, BIN, [], () => false)).toEqual([]);
  });
  it('says nothing when the launcher is there, or when what is named is no launcher', () => {
    expect(checkLauncherGone(ctx, BIN, [{ where: 'x', value: BIN }], () => true)).toEqual([]);
    expect(checkLauncherGone(ctx, '/usr/bin/codex', [], () => false)).toEqual([]);
  });
});

describe('LAUNCHER_RETIRED', () => {
  it('is an info while the gateway it was kept for lives, a warning after', () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-retired-'));
    try {
      const dir = launcherDirOf(stateDir);
      fs.mkdirSync(dir, { recursive: true });
      const users = [{ pid: 4242, startTime: '99', why: 'a gateway on this state dir' }];
      fs.writeFileSync(
        retiredMarkerOf(dir),
        JSON.stringify({ schema: 'openclaw-shim/retired-launcher', version: 1, at: 'now', dir, users }),
      );
      const c = { stateDir, configPath: path.join(stateDir, 'openclaw.json') };
      expect(checkRetiredLauncher(c, (u) => u)[0]).toMatchObject({ code: 'LAUNCHER_RETIRED', severity: 'info' });
      expect(checkRetiredLauncher(c, () => [])[0]).toMatchObject({ code: 'LAUNCHER_RETIRED', severity: 'warn' });
      expect(checkRetiredLauncher(c)[0]!.severity).toBe('warn');
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
