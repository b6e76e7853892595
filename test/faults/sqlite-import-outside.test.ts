// A repair killed once OpenClaw's importer started (the importer killed with it), whose staged store OpenClaw then
// imports itself (the real 2026.9.6 importer run by hand, as a gateway's start runs it) and whose imported session
// is written again before the resume: the resume says what OpenClaw holds is not what was staged (exit 81, every
// time), keeps the shadow and the backup, writes nothing, and never advises the copy without its price.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { hermeticEnv } from '../helpers/hermetic.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { cli, hashes, importApplyArgs, shadowOf, sid, T0, writeStore } from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

const CANON = 'agent:target:canon1';
const NEW = 'agent:target:telegram:direct:new1';
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** OpenClaw's importer processes on this state (the killed run's, orphaned): by working dir and argv. */
const importers = (stateDir: string): number[] =>
  fs.readdirSync('/proc').flatMap((n) => {
    try {
      return /^\d+$/.test(n) &&
        fs.readlinkSync(`/proc/${n}/cwd`) === stateDir &&
        fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').includes('--session-sqlite')
        ? [Number(n)]
        : [];
    } catch {
      return [];
    }
  });

const importByHand = (gw: Gateway) =>
  runIn(gw.dir, gw.realBin, ['doctor', '--session-sqlite', 'import', '--session-sqlite-agent', 'target', '--json'], {
    PATH: gw.isolatedEnv().PATH!,
    HOME: gw.home,
  });

describe('the staged store imported by OpenClaw itself, then written again', { timeout: 900_000 }, () => {
  it('the resume exits 81 saying what differs, keeps the shadow and the backup, and says the price of the copy', async () => {
    const gw = makeGateway('sqlite', { agents: ['main', 'target'] });
    gateways.push(gw);
    const dir = path.join(gw.stateDir, 'agents', 'target', 'sessions');
    writeStore(path.join(dir, 'sessions.json'), { [CANON]: { sessionId: sid(1), updatedAt: T0 + 1, status: 'done' } });
    expect((await importByHand(gw)).exitCode).toBe(0);
    const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
    writeStore(path.join(sdir, 'sessions.json'), { [NEW]: { sessionId: sid(4), updatedAt: T0 + 4, status: 'done' } });
    const shadow = hashes(shadowOf(gw));

    const fault = faultAt('kill@import:started:target');
    const killed = await cli(gw, importApplyArgs(gw), {
      ...fault,
      NODE_OPTIONS: `${hermeticEnv().NODE_OPTIONS} ${fault.NODE_OPTIONS}`,
    });
    expect(killed.signal, String(killed.stderr)).toBe('SIGKILL');
    for (const pid of importers(gw.stateDir)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && importers(gw.stateDir).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(importers(gw.stateDir)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'sessions.json'))).toBe(true);

    // OpenClaw imports the staged store itself; then the session is written again (as a gateway's turn would).
    expect((await importByHand(gw)).exitCode).toBe(0);
    const db = path.join(gw.stateDir, 'agents', 'target', 'agent', 'openclaw-agent.sqlite');
    const d = new DatabaseSync(db);
    d.prepare('UPDATE session_nodes SET updated_at = ? WHERE session_key = ?').run(T0 + 99, NEW);
    d.close();
    const written = sha(fs.readFileSync(db));

    for (const round of [1, 2]) {
      // The dry run says what --apply will: the same finding, the same exit.
      const dry = await cli(
        gw,
        importApplyArgs(gw).filter((a) => a !== '--apply'),
      );
      expect(dry.exitCode, `round ${round}: ${dry.stderr}\n${dry.stdout}`).toBe(81);
      const planned = (JSON.parse(String(dry.stdout)) as { actions: Array<{ step: string; status: string }> }).actions;
      expect(planned.filter((a) => a.step === 'verify').map((a) => a.status)).toEqual(['diverged']);
      const resumed = await cli(gw, importApplyArgs(gw));
      expect(resumed.exitCode, `round ${round}: ${resumed.stderr}\n${resumed.stdout}`).toBe(81);
      const { actions } = JSON.parse(String(resumed.stdout)) as {
        actions: Array<{ step: string; status: string; detail: string }>;
      };
      const verify = actions.filter((a) => a.step === 'verify');
      expect(verify.map((a) => a.status)).toEqual(['diverged']);
      expect(verify[0]!.detail).toContain(`IMPORTED OTHERWISE: OpenClaw imported the staged store itself`);
      expect(verify[0]!.detail).toContain(NEW);
      expect(verify[0]!.detail).toContain('restoring it would also drop every write OpenClaw made since');
      expect(verify[0]!.detail).not.toContain('re-run repair --apply');
      // Nothing imported twice, nothing written, nothing removed.
      expect(actions.filter((a) => a.step === 'import' && a.status === 'done')).toEqual([]);
      expect(sha(fs.readFileSync(db))).toBe(written);
      expect(hashes(shadowOf(gw))).toEqual(shadow);
    }
  });
});
