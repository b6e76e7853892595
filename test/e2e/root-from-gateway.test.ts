// Root without --state-dir, whose own shell names no state: setup takes the one running gateway's state from its lock (real 2026.5.12 CLI).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';

const isRoot = process.getuid?.() === 0;
const g = makeGateway('json', { agents: ['main'] });
// A 2026.5-style lock in the lock dir the test hands the CLI, held by a live process titled as a gateway (a lock
// is believed only from a process whose command is a gateway's).
const holder = spawn('bash', ['-c', 'exec -a openclaw-gateway sleep 300'], { stdio: 'ignore' });
afterAll(() => {
  holder.kill('SIGKILL');
  g.cleanup();
});
const lockDir = path.join(g.dir, 'gateway-locks');
fs.mkdirSync(lockDir, { mode: 0o700 });
fs.writeFileSync(
  path.join(lockDir, 'gateway.0123abcd.lock'),
  JSON.stringify({ pid: holder.pid, configPath: g.configPath }),
);
const nowhere = path.join(g.dir, 'root-home');
fs.mkdirSync(nowhere);

describe.runIf(isRoot)('root from a shell that names no state', { timeout: 300_000 }, () => {
  it("uses the running gateway's state instead of asking for --state-dir", async () => {
    const r = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--json', '--real-openclaw', g.realBin], {
      PATH: g.isolatedEnv().PATH!,
      HOME: nowhere,
      OCSHIM_TEST_PASSWD_HOME: nowhere,
      OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: lockDir,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(JSON.parse(String(r.stdout)).plan.canon.stateDir).toBe(g.stateDir);
  });
});
