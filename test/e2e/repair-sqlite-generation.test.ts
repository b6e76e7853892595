// repair on a state run by a SQLite-generation release (real 2026.9.6): shadow-only sessions of a JSON shadow and of
// a SQLite shadow (made by the real CLI in an isolated home) go into the agent database through OpenClaw's own
// importer; the real `openclaw sessions` lists them, canonical rows stay byte for byte, conflicts keep the canonical row.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { stateReadsSqliteSessions } from '../../src/store/state-generation.ts';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { cli, hashes, importApplyArgs, shadowOf, sid, T0, transcript, writeStore } from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  gateways.forEach((g) => g.cleanup());
});

const CANON = 'agent:target:canon1';
const CLASH = 'agent:target:clash';
const MIXED = 'agent:target:MiXed';
const NEW = 'agent:target:telegram:direct:new1';
const FROM_SQLITE = 'agent:target:telegram:direct:fromdb';

const canonicalEnv = (gw: Gateway) => ({ PATH: gw.isolatedEnv().PATH!, HOME: gw.home });
const agentDb = (root: string) => path.join(root, 'agents', 'target', 'agent', 'openclaw-agent.sqlite');

/** Writes a legacy store (and transcripts) under `root` and runs the real 2026.9.6 importer with that HOME. */
async function importWithRealCli(gw: Gateway, home: string, root: string, sessions: Record<string, number>) {
  const dir = path.join(root, 'agents', 'target', 'sessions');
  const store = Object.fromEntries(
    Object.entries(sessions).map(([k, n]) => [k, { sessionId: sid(n), updatedAt: T0 + n, status: 'done' }]),
  );
  writeStore(path.join(dir, 'sessions.json'), store);
  for (const [k, n] of Object.entries(sessions)) fs.writeFileSync(path.join(dir, `${sid(n)}.jsonl`), transcript(n, k));
  const r = await runIn(
    gw.dir,
    gw.realBin,
    ['doctor', '--session-sqlite', 'import', '--session-sqlite-agent', 'target', '--json'],
    { PATH: gw.isolatedEnv().PATH!, HOME: home },
  );
  expect(r.exitCode, String(r.stderr)).toBe(0);
}

/** A row as OpenClaw keeps it: the node, its windows and its transcript events, every column. */
function rowOf(db: string, key: string): string {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    const node = d.prepare('SELECT * FROM session_nodes WHERE session_key = ?').get(key) as {
      current_session_id: string;
    };
    const windows = d.prepare('SELECT * FROM session_windows WHERE session_key = ? ORDER BY session_id').all(key);
    const events = d
      .prepare('SELECT * FROM transcript_events WHERE session_id = ? ORDER BY seq')
      .all(node.current_session_id);
    return JSON.stringify({ node, windows, events }, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  } finally {
    d.close();
  }
}

function eventsOf(db: string, sessionId: string): string[] {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    return (
      d.prepare('SELECT event_json FROM transcript_events WHERE session_id = ? ORDER BY seq').all(sessionId) as Array<{
        event_json: string;
      }>
    ).map((r) => r.event_json);
  } finally {
    d.close();
  }
}

/** A 2026.9.6 state whose target agent has two canonical rows (canon1, clash) imported by the real CLI. */
async function sqliteState(): Promise<Gateway> {
  const gw = makeGateway('sqlite', { agents: ['main', 'target'] });
  gateways.push(gw);
  await importWithRealCli(gw, gw.home, gw.stateDir, { [CANON]: 1, [CLASH]: 2 });
  expect(stateReadsSqliteSessions(gw.stateDir)).toBe(true);
  return gw;
}

async function listed(gw: Gateway): Promise<Array<{ key: string; sessionId: string }>> {
  const r = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], canonicalEnv(gw));
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return (JSON.parse(String(r.stdout)) as { sessions: Array<{ key: string; sessionId: string }> }).sessions;
}

interface Result {
  backupDir: string;
  exitCode: number;
  actions: Array<{ step: string; status: string; detail: string; path: string }>;
}

describe('repair on a 2026.9.6 state', { timeout: 600_000 }, () => {
  it("imports a JSON shadow's shadow-only session through OpenClaw's importer; canonical rows unchanged, the clash reported", async () => {
    const gw = await sqliteState();
    const db = agentDb(gw.stateDir);
    const before = { canon: rowOf(db, CANON), clash: rowOf(db, CLASH) };
    const legacy = path.join(gw.stateDir, 'agents', 'target', 'sessions', 'sessions.json');
    const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
    writeStore(path.join(sdir, 'sessions.json'), {
      [NEW]: { sessionId: sid(4), updatedAt: T0 + 4, status: 'done' },
      [CLASH]: { sessionId: sid(5), updatedAt: T0 + 5, status: 'running' },
      // Imported as it is, a mixed-case key makes 2026.9.6's `sessions` refuse the whole agent.
      [MIXED]: { sessionId: sid(7), updatedAt: T0 + 7, status: 'done' },
    });
    fs.writeFileSync(path.join(sdir, `${sid(4)}.jsonl`), transcript(4, 'hello from the shadow'));
    const shadowBytes = hashes(shadowOf(gw));

    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', gw.realBin, '--json']);
    const plan = JSON.parse(String(dry.stdout)) as Result;
    const planned = plan.actions.find((a) => a.step === 'import');
    expect(planned?.status).toBe('planned');
    expect(planned?.detail).toContain(NEW);
    expect(planned?.detail).toContain(`${gw.realBin} doctor --session-sqlite import --session-sqlite-agent target`);
    expect(planned?.detail).toContain(legacy);
    expect(plan.actions.find((a) => a.step === 'conflict')?.detail).toContain(CLASH);
    expect(fs.existsSync(legacy)).toBe(false);

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', gw.realBin, '--apply', '--json']);
    const result = JSON.parse(String(r.stdout)) as Result;
    expect(r.exitCode, String(r.stderr)).toBe(1); // the clash
    expect(result.actions.find((a) => a.step === 'import')?.status).toBe('done');
    expect(result.actions.find((a) => a.step === 'verify')?.status, JSON.stringify(result.actions)).toBe('done');
    expect(result.actions.find((a) => a.step === 'conflict')?.detail).toContain(CLASH);
    const conflicts = result.actions.filter((a) => a.step === 'conflict').map((a) => a.detail);
    expect(conflicts.join('\n')).toMatch(new RegExp(`${MIXED}.*not lower-case`));
    expect(fs.existsSync(legacy)).toBe(false);
    // The real CLI lists the imported session, and the canonical rows are byte for byte what they were.
    const sessions = await listed(gw);
    expect(sessions.find((s) => s.key === NEW)?.sessionId).toBe(sid(4));
    expect(sessions.find((s) => s.key === CLASH)?.sessionId).toBe(sid(2));
    expect(rowOf(db, CANON)).toBe(before.canon);
    expect(rowOf(db, CLASH)).toBe(before.clash);
    expect(eventsOf(db, sid(4)).join('\n')).toContain('hello from the shadow');
    // Every shadow byte is in the backup.
    const backedUp = hashes(path.join(result.backupDir, 'trees', '0'));
    for (const [f, h] of shadowBytes) expect(backedUp.get(f), f).toBe(h);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    // Undo (dry run) says the imported session stays in OpenClaw's database.
    const undo = JSON.parse(String((await cli(gw, ['repair', '--undo', result.backupDir, '--json'])).stdout)) as Result;
    expect(undo.actions.find((a) => a.step === 'import')?.detail).toContain(`${NEW}) stay in the agent database`);
    // Nothing left to do, and the CLI still reads the state.
    const again = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', gw.realBin, '--json']);
    expect((JSON.parse(String(again.stdout)) as { nothingToDo: boolean }).nothingToDo).toBe(true);
  });

  it('imports a SQLite shadow made by the real 2026.9.6 CLI in an isolated home', async () => {
    const gw = await sqliteState();
    const db = agentDb(gw.stateDir);
    const before = rowOf(db, CANON);
    // A tool call's `openclaw` with HOME=<isolated home>: its own state under that home, sessions in SQLite.
    await importWithRealCli(gw, gw.isolatedHome, shadowOf(gw), { [FROM_SQLITE]: 7, [CANON]: 8 });
    expect(fs.existsSync(agentDb(shadowOf(gw)))).toBe(true);
    const shadowBytes = hashes(shadowOf(gw));

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', gw.realBin, '--apply', '--json']);
    const result = JSON.parse(String(r.stdout)) as Result;
    expect(result.actions.find((a) => a.step === 'import')?.status, JSON.stringify(result.actions)).toBe('done');
    expect(result.actions.find((a) => a.step === 'verify')?.status).toBe('done');
    expect(result.actions.find((a) => a.step === 'conflict')?.detail).toContain(CANON);
    expect(r.exitCode).toBe(1);
    const sessions = await listed(gw);
    expect(sessions.find((s) => s.key === FROM_SQLITE)?.sessionId).toBe(sid(7));
    expect(sessions.find((s) => s.key === CANON)?.sessionId).toBe(sid(1));
    expect(rowOf(db, CANON)).toBe(before);
    expect(eventsOf(db, sid(7)).join('\n')).toContain(FROM_SQLITE);
    const backedUp = hashes(path.join(result.backupDir, 'trees', '0'));
    for (const [f, h] of shadowBytes) expect(backedUp.get(f), f).toBe(h);
    expect(fs.existsSync(path.join(gw.stateDir, 'agents', 'target', 'sessions', 'sessions.json'))).toBe(false);
  });

  it('an importer that cannot import (a 2026.5.12 CLI): nothing staged is left, the tree is kept, a re-run completes', async () => {
    const gw = await sqliteState();
    const db = agentDb(gw.stateDir);
    const before = rowOf(db, CANON);
    const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
    writeStore(path.join(sdir, 'sessions.json'), { [NEW]: { sessionId: sid(4), updatedAt: T0 + 4 } });
    fs.writeFileSync(path.join(sdir, `${sid(4)}.jsonl`), transcript(4, 'kept until imported'));
    const shadowBytes = hashes(shadowOf(gw));
    // No openclaw on PATH and none named: the plan says the import cannot run and the tree stays, as --apply would.
    const blind = JSON.parse(
      String((await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json'])).stdout),
    ) as Result;
    expect(blind.actions.find((a) => a.step === 'import')).toMatchObject({ status: 'failed' });
    expect(blind.actions.find((a) => a.step === 'import')?.detail).toContain('no real openclaw CLI was found');
    expect(blind.actions.find((a) => a.step === 'remove')?.detail).toMatch(/^kept: its sessions could not be imported/);
    expect(blind.exitCode).toBe(1);
    const old = cachedOpenclaw(OPENCLAW_VERSIONS.json)!.bin;
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', old, '--apply', '--json']);
    const result = JSON.parse(String(r.stdout)) as Result;
    expect(r.exitCode, String(r.stderr)).toBe(1);
    const failed = result.actions.find((a) => a.step === 'import');
    expect(failed?.status).toBe('failed');
    expect(failed?.detail).toContain('openclaw doctor --session-sqlite import exited');
    // Only what was imported is verified: nothing was, so no verify claims a loss.
    expect(result.actions.filter((a) => a.step === 'verify')).toEqual([]);
    expect(fs.readdirSync(path.join(gw.stateDir, 'agents', 'target', 'sessions'))).toEqual([]);
    expect(hashes(shadowOf(gw))).toEqual(shadowBytes);
    expect(rowOf(db, CANON)).toBe(before);
    // With 2026.9.6's importer the same run completes.
    const again = await cli(gw, importApplyArgs(gw));
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect((await listed(gw)).find((s) => s.key === NEW)?.sessionId).toBe(sid(4));
  });

  it('refuses --apply (75) while an OpenClaw process may write the state: nothing written', async () => {
    const gw = await sqliteState();
    const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
    writeStore(path.join(sdir, 'sessions.json'), { [NEW]: { sessionId: sid(4), updatedAt: T0 + 4 } });
    // A stand-in gateway (OpenClaw's process title) whose environment names this state.
    const writer = spawn('bash', ['-c', 'exec -a openclaw-gateway sleep 300'], {
      env: hermetic({ PATH: '/usr/bin:/bin', HOME: gw.home, OPENCLAW_STATE_DIR: gw.stateDir }),
      stdio: 'ignore',
    });
    children.push(writer);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const state = hashes(gw.stateDir);
    const db = agentDb(gw.stateDir);
    const before = rowOf(db, CANON);
    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--real-openclaw', gw.realBin, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(75);
    expect(String(r.stderr)).toContain('nothing was written');
    expect(String(r.stderr)).toContain(
      `Then resume: openclaw-shim repair --state-dir ${gw.stateDir} --apply --real-openclaw ${gw.realBin}`,
    );
    expect(hashes(gw.stateDir)).toEqual(state);
    expect(rowOf(db, CANON)).toBe(before);
    writer.kill('SIGKILL');
    await new Promise((resolve) => writer.once('exit', resolve));
  });
});
