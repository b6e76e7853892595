// After repair imported a shadow into a 2026.9.6 state whose gateway has run before, the real gateway starts again
// (offline, in a loopback-only network namespace): repair left no legacy sessions.json to stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { hasGatewayLock, killGatewayGroup, makeGateway, runIn } from '../helpers/sandbox.ts';
import { NODE } from '../helpers/paths.ts';
import { cli, importApplyArgs, shadowOf, sid, T0, writeStore } from '../repair/fixtures.ts';

const isRoot = process.getuid?.() === 0;
const gw = makeGateway('sqlite', { agents: ['main', 'target'] });
let gateway: ChildProcess | undefined;

/** The gateway drains for minutes on SIGTERM: its whole process group goes at once. */
async function stopGateway(): Promise<void> {
  const g = gateway;
  gateway = undefined;
  await killGatewayGroup(g);
}
afterAll(async () => {
  await stopGateway();
  gw.cleanup();
});

const NEW = 'agent:target:telegram:direct:after-restart';
const lockDir = path.join(gw.stateDir, 'tmp', 'openclaw-0');
const logFile = path.join(gw.dir, 'gateway.log');
const hasLock = (): boolean => hasGatewayLock(lockDir);

/**
 * Starts the real gateway on the state, waits for its lock, then 5 s more: it must still run. Under heavy load
 * a 2026.9.6 start can miss its 5 s state-lease heartbeat and exit at once: an operator starts it again, so
 * does this, three times at most.
 */
async function startGateway(): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const started = await startGatewayOnce();
    if (started.ok || attempt === 3) {
      expect(hasLock(), started.text.slice(-2000)).toBe(true);
      expect(started.ok, started.text.slice(-2000)).toBe(true);
      return started.text;
    }
  }
}

async function startGatewayOnce(): Promise<{ ok: boolean; text: string }> {
  for (const n of fs.existsSync(lockDir) ? fs.readdirSync(lockDir) : [])
    fs.rmSync(path.join(lockDir, n), { force: true });
  fs.writeFileSync(logFile, '');
  const real = fs.realpathSync(gw.realBin);
  const log = fs.openSync(logFile, 'a');
  gateway = spawn(
    'unshare',
    ['-n', 'sh', '-c', `ip link set lo up; exec ${NODE} ${real} gateway run --allow-unconfigured --port 18795`],
    {
      cwd: gw.dir,
      env: hermetic({ PATH: gw.isolatedEnv().PATH!, HOME: gw.home }),
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  fs.closeSync(log);
  const g = gateway;
  for (let i = 0; i < 360 && !hasLock() && g.exitCode === null; i++) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 5000));
  return { ok: hasLock() && g.exitCode === null, text: fs.readFileSync(logFile, 'utf8') };
}

describe.skipIf(!isRoot)(
  'a 2026.9.6 gateway that has run, after repair imported a shadow',
  { timeout: 600_000 },
  () => {
    it('starts again and its CLI lists the imported session', async () => {
      // Its file log in the test's dir, not OpenClaw's default /tmp/openclaw.
      const fileLog = JSON.stringify(path.join(gw.dir, 'openclaw-file.log'));
      fs.writeFileSync(
        gw.configPath,
        `{ agents: { ownership: "explicit", entries: { main: {}, target: {} } }, gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } }, logging: { file: ${fileLog} } }\n`,
      );
      await startGateway();
      await stopGateway();
      writeStore(path.join(shadowOf(gw), 'agents', 'target', 'sessions', 'sessions.json'), {
        [NEW]: { sessionId: sid(6), updatedAt: T0 + 6, status: 'done' },
      });
      const r = await cli(gw, importApplyArgs(gw));
      expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
      const log = await startGateway();
      expect(log).not.toMatch(/Legacy session store requires migration/i);
      await stopGateway();
      const listed = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], {
        PATH: gw.isolatedEnv().PATH!,
        HOME: gw.home,
      });
      expect(listed.exitCode, String(listed.stderr)).toBe(0);
      const sessions = (JSON.parse(String(listed.stdout)) as { sessions: Array<{ key: string; sessionId: string }> })
        .sessions;
      expect(sessions.find((s) => s.key === NEW)?.sessionId).toBe(sid(6));
    });
  },
);
