// A repair killed with its staged legacy store in place, then a real 2026.9.6 gateway started before the resume
// (offline, in a loopback-only network namespace): the gateway imports the staged store itself and stamps the
// canonical rows; the resume recognises that, imports nothing twice, verifies, and finishes with nothing lost.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { hermetic, hermeticEnv } from '../helpers/hermetic.ts';
import { NODE } from '../helpers/paths.ts';
import { hasGatewayLock, killGatewayGroup, makeGateway, runIn } from '../helpers/sandbox.ts';
import { cli, hashes, importApplyArgs, shadowOf, sid, T0, transcript, writeStore } from '../repair/fixtures.ts';

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

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const CANON = ['agent:target:canon1', 'agent:target:canon2'];
const NEW = 'agent:target:telegram:direct:new1';
const db = path.join(gw.stateDir, 'agents', 'target', 'agent', 'openclaw-agent.sqlite');
const sessionsDir = path.join(gw.stateDir, 'agents', 'target', 'sessions');
const legacy = path.join(sessionsDir, 'sessions.json');
const lockDir = path.join(gw.stateDir, 'tmp', 'openclaw-0');
const logFile = path.join(gw.dir, 'gateway.log');
const fileLog = path.join(gw.dir, 'openclaw-file.log');
const realEnv = () => ({ PATH: gw.isolatedEnv().PATH!, HOME: gw.home });

type Row = Record<string, unknown>;
const json = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));

/** Each session: its rows whole, and without the columns OpenClaw stamps on its own (what "nothing lost" compares). */
function rows(): Map<string, { whole: string; kept: string; events: string }> {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    const out = new Map<string, { whole: string; kept: string; events: string }>();
    for (const node of d.prepare('SELECT * FROM session_nodes').all() as Row[]) {
      const key = String(node.session_key);
      const windows = d
        .prepare('SELECT * FROM session_windows WHERE session_key = ? ORDER BY session_id')
        .all(key) as Row[];
      const ev = d
        .prepare('SELECT event_json FROM transcript_events WHERE session_id = ? ORDER BY seq')
        .all(String(node.current_session_id)) as Array<{ event_json: string }>;
      const { displayName: _n, ...entry } = JSON.parse(String(node.entry_json)) as Row;
      const { display_name: _d, entry_json: _e, ...rest } = node;
      const kept = json({
        node: rest,
        entry,
        windows: windows.map(({ display_name, transcript_observed_at, updated_at, ...w }) => w),
      });
      out.set(key, {
        whole: json({ node, windows }),
        kept,
        events: sha(`${ev.map((e) => e.event_json).join('\n')}\n`),
      });
    }
    return out;
  } finally {
    d.close();
  }
}

/** OpenClaw's importer processes on this state (the killed run's, orphaned): by working dir and argv. */
function importers(): number[] {
  return fs.readdirSync('/proc').flatMap((n) => {
    if (!/^\d+$/.test(n)) return [];
    try {
      const argv = fs.readFileSync(`/proc/${n}/cmdline`, 'utf8');
      return fs.readlinkSync(`/proc/${n}/cwd`) === gw.stateDir && argv.includes('--session-sqlite') ? [Number(n)] : [];
    } catch {
      return [];
    }
  });
}

const gatewayProcesses = (): number[] =>
  fs.readdirSync('/proc').flatMap((n) => {
    try {
      return /^\d+$/.test(n) &&
        fs.readFileSync(`/proc/${n}/cmdline`, 'utf8').includes('gateway\0run') &&
        fs.readlinkSync(`/proc/${n}/cwd`) === gw.dir
        ? [Number(n)]
        : [];
    } catch {
      return [];
    }
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the real gateway on the state (loopback only) and waits until `done` holds (its own import and stamps). */
async function runGatewayUntil(done: () => boolean): Promise<string> {
  for (const n of fs.existsSync(lockDir) ? fs.readdirSync(lockDir) : [])
    fs.rmSync(path.join(lockDir, n), { force: true });
  fs.writeFileSync(logFile, '');
  const log = fs.openSync(logFile, 'a');
  gateway = spawn(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      `ip link set lo up; exec ${NODE} ${fs.realpathSync(gw.realBin)} gateway run --allow-unconfigured --port 18797`,
    ],
    { cwd: gw.dir, env: hermetic(realEnv()), stdio: ['ignore', log, log], detached: true },
  );
  fs.closeSync(log);
  const g = gateway;
  for (let i = 0; i < 600 && g.exitCode === null && !(hasGatewayLock(lockDir) && done()); i++) await sleep(500);
  return fs.readFileSync(logFile, 'utf8');
}

describe.skipIf(!isRoot)('a gateway started between a killed repair and its resume', { timeout: 900_000 }, () => {
  it('imports the staged store itself and stamps the canonical rows; the resume finishes (exit 0), nothing lost', async () => {
    // Its file log in the test's dir, not OpenClaw's default /tmp/openclaw.
    fs.writeFileSync(
      gw.configPath,
      `{ agents: { ownership: "explicit", entries: { main: {}, target: {} } }, gateway: { mode: "local", bind: "loopback", auth: { mode: "none" } }, logging: { file: ${JSON.stringify(fileLog)} } }\n`,
    );
    // Canonical: two sessions with transcripts, imported by the real CLI; shadow: one shadow-only session.
    writeStore(legacy, {
      [CANON[0]!]: { sessionId: sid(1), updatedAt: T0 + 1, status: 'done' },
      [CANON[1]!]: { sessionId: sid(2), updatedAt: T0 + 2, status: 'done' },
    });
    fs.writeFileSync(path.join(sessionsDir, `${sid(1)}.jsonl`), transcript(1, 'canonical one'));
    fs.writeFileSync(path.join(sessionsDir, `${sid(2)}.jsonl`), transcript(2, 'canonical two'));
    const imported = await runIn(
      gw.dir,
      gw.realBin,
      ['doctor', '--session-sqlite', 'import', '--session-sqlite-agent', 'target', '--json'],
      realEnv(),
    );
    expect(imported.exitCode, String(imported.stderr)).toBe(0);
    const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
    writeStore(path.join(sdir, 'sessions.json'), { [NEW]: { sessionId: sid(4), updatedAt: T0 + 4, status: 'done' } });
    fs.writeFileSync(path.join(sdir, `${sid(4)}.jsonl`), transcript(4, 'only in the shadow'));
    const shadow = hashes(shadowOf(gw));
    const before = rows();

    // Killed once OpenClaw's importer started; the importer dies with it (as a host's kill of the whole unit does).
    const fault = faultAt('kill@import:started:target');
    const killed = await cli(gw, importApplyArgs(gw), {
      ...fault,
      NODE_OPTIONS: `${hermeticEnv().NODE_OPTIONS} ${fault.NODE_OPTIONS}`,
    });
    expect(killed.signal, String(killed.stderr)).toBe('SIGKILL');
    for (const pid of importers()) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && importers().length; i++) await sleep(100);
    expect(importers()).toEqual([]);
    // The staged store waits in the sessions dir, and the database is as it was (the import is one transaction).
    expect(fs.existsSync(legacy)).toBe(true);
    expect(rows()).toEqual(before);

    // The gateway imports the staged store on its start, then names the unnamed sessions (its own stamps).
    const log = await runGatewayUntil(() => {
      if (fs.existsSync(legacy)) return false;
      const now = rows();
      return now.has(NEW) && CANON.every((k) => now.get(k)!.whole !== before.get(k)!.whole);
    });
    await stopGateway();
    expect(gatewayProcesses()).toEqual([]);
    expect(fs.existsSync(fileLog), log.slice(-2000)).toBe(true);
    const stamped = rows();
    expect(fs.existsSync(legacy), log.slice(-2000)).toBe(false);
    expect(stamped.has(NEW), log.slice(-2000)).toBe(true);
    for (const k of CANON) {
      expect(stamped.get(k)!.whole, `${k} stamped`).not.toBe(before.get(k)!.whole);
      expect(stamped.get(k)!.kept).toBe(before.get(k)!.kept);
    }

    // The dry run already knows: nothing to import again, exit 0.
    const dry = await cli(
      gw,
      importApplyArgs(gw).filter((a) => a !== '--apply'),
    );
    expect(dry.exitCode, `${dry.stderr}\n${dry.stdout}`).toBe(0);
    const plannedImports = (
      JSON.parse(String(dry.stdout)) as { actions: Array<{ step: string; status: string; detail: string }> }
    ).actions.filter((a) => a.step === 'import');
    expect(plannedImports.map((a) => a.status)).toEqual(['planned']);
    expect(plannedImports[0]!.detail).toContain('--apply does not import it again');

    // The resume: nothing imported twice, verify tells the stamps from a change, the shadow goes; exit 0.
    const resumed = await cli(gw, importApplyArgs(gw));
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    const result = JSON.parse(String(resumed.stdout)) as {
      actions: Array<{ step: string; status: string; detail: string }>;
    };
    const importActions = result.actions.filter((a) => a.step === 'import');
    expect(importActions.map((a) => a.status)).toEqual(['skipped']);
    expect(importActions[0]!.detail).toContain("OpenClaw imported the unfinished run's staged store itself");
    const verify = result.actions.filter((a) => a.step === 'verify');
    expect(verify.map((a) => a.status)).toEqual(['done']);
    expect(verify[0]!.detail).toContain('OpenClaw imported the staged store itself');
    expect(verify[0]!.detail).toContain(`${CANON.length} of them stamped by OpenClaw on its own`);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    expect(fs.existsSync(legacy)).toBe(false);

    // Nothing lost: every canonical row's other columns and transcript as before, the shadow's session imported
    // once with its transcript byte for byte, the shadow's bytes in the backup; the real CLI lists all three.
    const after = rows();
    expect(after).toEqual(stamped);
    for (const k of CANON) expect(after.get(k)!.events).toBe(before.get(k)!.events);
    expect(after.get(NEW)!.events).toBe(sha(transcript(4, 'only in the shadow')));
    const backups = path.join(gw.stateDir, 'backups', 'openclaw-shim');
    const copies = fs.readdirSync(backups).flatMap((d) => {
      const tree = path.join(backups, d, 'trees', '0');
      return fs.existsSync(tree) ? [hashes(tree)] : [];
    });
    for (const [f, h] of shadow)
      expect(
        copies.some((c) => c.get(f) === h),
        f,
      ).toBe(true);
    const listed = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], realEnv());
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    const sessions = (JSON.parse(String(listed.stdout)) as { sessions: Array<{ key: string; sessionId: string }> })
      .sessions;
    expect(Object.fromEntries(sessions.map((s) => [s.key, s.sessionId]))).toEqual({
      [CANON[0]!]: sid(1),
      [CANON[1]!]: sid(2),
      [NEW]: sid(4),
    });
  });
});
