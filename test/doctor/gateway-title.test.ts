// A 2026.5 gateway titles itself plain `openclaw`, as every 2026.5 CLI command does: the lock it holds open tells.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { heldGatewayLock, isGatewayProcess } from '../../src/lib/process-identity.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-title-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const procRoot = path.join(dir, 'proc');
const lockDir = path.join(dir, 'tmp', 'openclaw-0');
fs.mkdirSync(lockDir, { recursive: true });

/** A stand-in /proc/<pid>: its cmdline and fds that are links to the files it holds, as Linux shows them. */
function proc(pid: number, cmdline: string, held: Record<string, string> = {}): void {
  fs.mkdirSync(path.join(procRoot, String(pid), 'fd'), { recursive: true });
  fs.writeFileSync(path.join(procRoot, String(pid), 'cmdline'), cmdline);
  for (const [fd, file] of Object.entries(held)) fs.symlinkSync(file, path.join(procRoot, String(pid), 'fd', fd));
}
const lock = (name: string, body: object): string => {
  const file = path.join(lockDir, name);
  fs.writeFileSync(file, JSON.stringify(body));
  return file;
};

// As the real 2026.5.12 gateway shows in /proc: title `openclaw` padded with NULs, its lock open on fd 22.
const gatewayLock = lock('gateway.d8c56487.lock', { pid: 101, configPath: '/s/openclaw.json', startTime: 5 });
proc(101, `openclaw${'\0'.repeat(66)}`, { '1': '/dev/null', '22': gatewayLock });
// A 2026.9 CLI writer holds the same kind of lock, as `agent-embedded`.
const embedded = lock('gateway.0a0b0c0d.lock', { pid: 102, configPath: '/t/openclaw.json', role: 'agent-embedded' });
proc(102, 'openclaw\0', { '7': embedded });
proc(103, 'openclaw\0sessions\0--json\0', { '1': '/dev/null' });
proc(104, 'bash\0', { '9': gatewayLock });
proc(105, 'openclaw\0', { '3': path.join(lockDir, 'gateway.state.lock') });

describe('isGatewayProcess', () => {
  it('knows a plain `openclaw` title holding a gateway lock open, and names that lock', () => {
    expect(isGatewayProcess(101, fs.readFileSync(path.join(procRoot, '101', 'cmdline'), 'utf8'), procRoot)).toBe(true);
    expect(heldGatewayLock(101, procRoot)).toBe(gatewayLock);
  });

  it('not a CLI command, an embedded writer, a non-OpenClaw process or another lock file', () => {
    expect(isGatewayProcess(102, 'openclaw\0', procRoot)).toBe(false);
    expect(isGatewayProcess(103, 'openclaw\0sessions\0--json\0', procRoot)).toBe(false);
    expect(isGatewayProcess(104, 'bash\0', procRoot)).toBe(false);
    expect(isGatewayProcess(105, 'openclaw\0', procRoot)).toBe(false);
    expect(isGatewayProcess(106, 'openclaw\0', procRoot)).toBe(false); // gone: no fds to read
  });

  it('still knows the titles and command lines isGatewayCmdline knows, without reading fds', () => {
    expect(isGatewayProcess(999, 'openclaw-gateway\0', procRoot)).toBe(true);
    expect(isGatewayProcess(999, '/usr/bin/node\0/x/openclaw.mjs\0gateway\0run\0', procRoot)).toBe(true);
  });
});
