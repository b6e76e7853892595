// The pure parts of the live-writer guard and the post-merge verification: who is OpenClaw, which unit, what to run, what was lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isGatewayArgv, isOpenclawArgv, unitFromCgroup } from '../../src/lib/process-identity.ts';
import { refusalMessage, stopCommand } from '../../src/repair/live-guard.ts';
import { missingEntries, verifyMerged } from '../../src/repair/verify-merge.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-guard-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('which processes are OpenClaw', () => {
  it("knows the CLI, the gateway title and Node running OpenClaw's dist, and nothing else", () => {
    expect(isOpenclawArgv(['openclaw'])).toBe(true);
    expect(isOpenclawArgv(['openclaw-gateway'])).toBe(true);
    expect(
      isOpenclawArgv(['/usr/bin/node', '/usr/lib/node_modules/openclaw/openclaw.mjs', 'sessions', 'cleanup']),
    ).toBe(true);
    expect(isOpenclawArgv(['/bin/sh', '/s/agents/main/agent/codex-home/openclaw-shim/bin/openclaw', 'sessions'])).toBe(
      true,
    );
    expect(isOpenclawArgv(['node', 'w.mjs', '/c/node_modules/openclaw/dist/store-3qAZ3Zl6.js'])).toBe(true);
    expect(isOpenclawArgv(['node', '/usr/lib/node_modules/openclaw-shim/dist/cli.mjs', 'repair'])).toBe(false);
    expect(isOpenclawArgv(['/s/openclaw-shim/launcher/bin/openclaw-codex-launch', 'app-server'])).toBe(false);
    expect(isOpenclawArgv(['tail', '-f', '/var/log/openclaw'])).toBe(false);
    expect(isOpenclawArgv(['cat', '/usr/lib/node_modules/openclaw/package.json'])).toBe(false);
  });

  it('a gateway as OpenClaw judges its lock owner without a start time', () => {
    expect(isGatewayArgv(['/usr/local/bin/openclaw-gateway', 'gateway'])).toBe(true);
    // A bare process title has no `gateway` argument: OpenClaw then relies on the lock's start time.
    expect(isGatewayArgv(['openclaw'])).toBe(false);
    expect(isGatewayArgv(['node', '/x/openclaw.mjs', 'gateway', 'run'])).toBe(true);
    expect(isGatewayArgv(['sleep', '120'])).toBe(false);
  });
});

describe('how to stop it', () => {
  const w = { pid: 42, uid: 1000, user: 'gw', command: 'openclaw', why: 'x' };
  it("a system unit, a user unit (own or another user's), else kill", () => {
    expect(unitFromCgroup('0::/system.slice/openclaw-gateway.service\n')).toEqual({
      name: 'openclaw-gateway.service',
      user: false,
    });
    expect(
      unitFromCgroup('0::/user.slice/user-1000.slice/user@1000.service/app.slice/openclaw-gateway.service\n'),
    ).toEqual({ name: 'openclaw-gateway.service', user: true });
    expect(unitFromCgroup('0::/user.slice/user-1000.slice/session-3.scope\n')).toBeUndefined();
    expect(unitFromCgroup('0::/\n')).toBeUndefined();
    expect(stopCommand({ ...w, unit: { name: 'openclaw-gateway.service', user: false } }, 0)).toBe(
      'systemctl stop openclaw-gateway.service',
    );
    expect(stopCommand({ ...w, unit: { name: 'openclaw-gateway.service', user: true } }, 1000)).toBe(
      'systemctl --user stop openclaw-gateway.service',
    );
    expect(stopCommand({ ...w, unit: { name: 'openclaw-gateway.service', user: true } }, 0)).toBe(
      'systemctl --user -M gw@ stop openclaw-gateway.service',
    );
    expect(stopCommand(w, 1000)).toBe('kill 42');
    expect(stopCommand({ ...w, uid: 0, user: 'root' }, 1000)).toBe('sudo kill 42');
  });

  it('the refusal names the process, the stop command, the resume command and the restart', () => {
    const text = refusalMessage(
      { stateDir: '/s', resume: 'openclaw-shim repair --state-dir /s --apply' },
      [{ ...w, unit: { name: 'openclaw-gateway.service', user: true } }],
      1000,
    );
    expect(text).toMatch(/^repair --apply refused: nothing was written\. OpenClaw is running on \/s/);
    expect(text).toContain('pid 42 (user gw) in user unit openclaw-gateway.service: openclaw');
    expect(text).toContain('stop it: systemctl --user stop openclaw-gateway.service');
    expect(text).toContain('Then resume: openclaw-shim repair --state-dir /s --apply');
    expect(text).toContain('and start it again: systemctl --user start openclaw-gateway.service');
    const mid = refusalMessage(
      { stateDir: '/s', resume: 'r', backupDir: '/s/backups/openclaw-shim/t', before: 'before merging into /s/a' },
      [w],
      1000,
    );
    expect(mid).toMatch(
      /^repair stopped before merging into \/s\/a: nothing more was written\. The run is unfinished; its backup is in \/s\/backups\/openclaw-shim\/t\./,
    );
  });
});

describe('verification after the merge', () => {
  const entries = [
    { key: 'a', entry: { sessionId: 'a', updatedAt: 1 } },
    { key: 'b', entry: { sessionId: 'b', updatedAt: 2 } },
  ];
  it('finds an entry gone or rewritten', () => {
    expect(
      missingEntries({ a: { sessionId: 'a', updatedAt: 1 }, b: { sessionId: 'b', updatedAt: 2 } }, entries),
    ).toEqual([]);
    expect(missingEntries({ a: { sessionId: 'a', updatedAt: 1 } }, entries)).toEqual(['b']);
    expect(missingEntries({ a: { sessionId: 'a', updatedAt: 9 }, b: entries[1]!.entry }, entries)).toEqual(['a']);
  });

  it('re-reads the store: verified, or a loud failure naming the keys and the backup', () => {
    const store = path.join(dir, 'sessions.json');
    fs.writeFileSync(store, JSON.stringify({ a: entries[0]!.entry, b: entries[1]!.entry, other: {} }, null, 2));
    expect(verifyMerged([{ agent: 't', storePath: store, entries }], '/b')).toEqual([
      expect.objectContaining({
        step: 'verify',
        status: 'done',
        detail: expect.stringContaining('all 2 merged session(s) are there'),
      }),
    ]);
    // A live writer that rewrote the store from its view before the merge.
    fs.writeFileSync(store, JSON.stringify({ other: {} }, null, 2));
    const [lost] = verifyMerged([{ agent: 't', storePath: store, entries }], '/b');
    expect(lost).toMatchObject({ status: 'failed' });
    expect(lost!.detail).toMatch(/^LOST after the merge: 2 of 2 merged session\(s\) .*\(a, b\).*in the backup \/b/);
    fs.writeFileSync(store, '{ half');
    expect(verifyMerged([{ agent: 't', storePath: store, entries }], '/b')[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('NOT VERIFIED'),
    });
  });
});
