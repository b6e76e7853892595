// SIGKILL at every step of repair's import into a 2026.8+ agent database (real 2026.9.6 importer): after each kill
// no canonical row changed and every shadow byte is in the shadow or the backup; a re-run completes, and the real
// CLI lists the shadow-only session with its transcript, by content hash.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { faultAt } from '../helpers/faults.ts';
import { hermeticEnv } from '../helpers/hermetic.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { cli, hashes, importApplyArgs, shadowOf, sid, T0, transcript, writeStore } from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const CANON = 'agent:target:canon1';
const NEW = 'agent:target:telegram:direct:new1';
const agentDb = (root: string) => path.join(root, 'agents', 'target', 'agent', 'openclaw-agent.sqlite');
const legacy = (gw: Gateway) => path.join(gw.stateDir, 'agents', 'target', 'sessions', 'sessions.json');

function rows(db: string): Map<string, string> {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    const out = new Map<string, string>();
    for (const node of d.prepare('SELECT * FROM session_nodes').all() as Array<Record<string, unknown>>) {
      const key = String(node.session_key);
      const windows = d.prepare('SELECT * FROM session_windows WHERE session_key = ? ORDER BY session_id').all(key);
      const events = d
        .prepare('SELECT event_json FROM transcript_events WHERE session_id = ? ORDER BY seq')
        .all(String(node.current_session_id)) as Array<{ event_json: string }>;
      out.set(
        key,
        JSON.stringify({ node, windows, events }, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
      );
    }
    return out;
  } finally {
    d.close();
  }
}

/** The imported session's transcript, as events, hashed like the shadow's JSONL file. */
function eventsHash(db: string, sessionId: string): string {
  const d = new DatabaseSync(db, { readOnly: true });
  try {
    const ev = d
      .prepare('SELECT event_json FROM transcript_events WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as Array<{ event_json: string }>;
    return sha(`${ev.map((e) => e.event_json).join('\n')}\n`);
  } finally {
    d.close();
  }
}

/** A 2026.9.6 state with canonical canon1 (imported by the real CLI) and a JSON shadow holding new1 and its transcript. */
async function state(): Promise<{ gw: Gateway; canonical: Map<string, string>; shadow: Map<string, string> }> {
  const gw = makeGateway('sqlite', { agents: ['main', 'target'] });
  gateways.push(gw);
  const dir = path.join(gw.stateDir, 'agents', 'target', 'sessions');
  writeStore(path.join(dir, 'sessions.json'), { [CANON]: { sessionId: sid(1), updatedAt: T0 + 1, status: 'done' } });
  fs.writeFileSync(path.join(dir, `${sid(1)}.jsonl`), transcript(1, 'canonical'));
  const env = { PATH: gw.isolatedEnv().PATH!, HOME: gw.home };
  const imported = await runIn(
    gw.dir,
    gw.realBin,
    ['doctor', '--session-sqlite', 'import', '--session-sqlite-agent', 'target', '--json'],
    env,
  );
  expect(imported.exitCode, String(imported.stderr)).toBe(0);
  const sdir = path.join(shadowOf(gw), 'agents', 'target', 'sessions');
  writeStore(path.join(sdir, 'sessions.json'), { [NEW]: { sessionId: sid(4), updatedAt: T0 + 4, status: 'done' } });
  fs.writeFileSync(path.join(sdir, `${sid(4)}.jsonl`), transcript(4, 'only in the shadow'));
  return { gw, canonical: rows(agentDb(gw.stateDir)), shadow: hashes(shadowOf(gw)) };
}

/** Every shadow file is still in the shadow or in some backup tree with the same sha256. */
function shadowBytesKept(gw: Gateway, shadow: Map<string, string>): string[] {
  const now = hashes(shadowOf(gw));
  const root = path.join(gw.stateDir, 'backups', 'openclaw-shim');
  const backups = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((d) => fs.existsSync(path.join(root, d, 'trees', '0')))
        .map((d) => hashes(path.join(root, d, 'trees', '0')))
    : [];
  return [...shadow]
    .filter(([f, h]) => now.get(f) !== h && !backups.some((b) => b.get(f) === h))
    .map(([f]) => `shadow file ${f} is nowhere`);
}

function canonicalKept(gw: Gateway, canonical: Map<string, string>): string[] {
  const now = rows(agentDb(gw.stateDir));
  return [...canonical].filter(([k, r]) => now.get(k) !== r).map(([k]) => `canonical row ${k} changed or went`);
}

const figures = { trials: 0, intact: 0, lost: 0 };
afterAll(() =>
  process.stderr.write(
    `fault figures: kill at an import step: ${figures.trials} trials / ${figures.intact} nothing lost / ${figures.lost} lost\n`,
  ),
);

const STEPS = [
  'import:record:target',
  'import:transcript',
  'import:staged:target',
  'import:run:target',
  'import:target',
];

/** One trial in the fault figures: lost when anything is missing after the fault or after the resume. */
function tally(afterFault: string[], afterResume: string[]): void {
  figures.trials += 1;
  if (afterFault.length || afterResume.length) figures.lost += 1;
  else figures.intact += 1;
}

/** `repair --apply` with the fault preload acting at `at` (`kill@step`, `int@step`, `int2@step`). */
function faulted(gw: Gateway, args: string[], at: string): ReturnType<typeof cli> {
  const fault = faultAt(at);
  return cli(gw, args, { ...fault, NODE_OPTIONS: `${hermeticEnv().NODE_OPTIONS} ${fault.NODE_OPTIONS}` });
}

/** The real 2026.9.6 CLI lists the shadow-only session, and its transcript is in the database byte for byte. */
async function expectImported(gw: Gateway): Promise<void> {
  const listed = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], {
    PATH: gw.isolatedEnv().PATH!,
    HOME: gw.home,
  });
  const sessions = (JSON.parse(String(listed.stdout)) as { sessions: Array<{ key: string; sessionId: string }> })
    .sessions;
  expect(sessions.find((s) => s.key === NEW)?.sessionId).toBe(sid(4));
  expect(eventsHash(agentDb(gw.stateDir), sid(4))).toBe(sha(transcript(4, 'only in the shadow')));
}

describe('SIGKILL at each import step, then resume', { timeout: 900_000 }, () => {
  it("killed while OpenClaw's importer runs: the re-run refuses (75) until it is gone, then completes; nothing lost", async () => {
    const { gw, canonical, shadow } = await state();
    const args = importApplyArgs(gw);
    const killed = await faulted(gw, args, 'kill@import:started:target');
    expect(killed.signal, String(killed.stderr)).toBe('SIGKILL');
    const afterKill = [...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)];
    // The orphaned importer is an OpenClaw process on this state: repair waits for it (75), never writes beside it.
    const codes: Array<number | undefined> = [];
    let resumed = await cli(gw, args);
    for (let i = 0; resumed.exitCode === 75 && i < 60; i += 1) {
      codes.push(resumed.exitCode);
      await new Promise((r) => setTimeout(r, 3000));
      resumed = await cli(gw, args);
    }
    const afterResume = [...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)];
    tally(afterKill, afterResume);
    expect(afterKill).toEqual([]);
    expect(afterResume).toEqual([]);
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout} after ${codes.join(',')}`).toBe(0);
    expect(fs.existsSync(legacy(gw))).toBe(false);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    const result = JSON.parse(String(resumed.stdout)) as { actions: Array<{ step: string; status: string }> };
    expect(result.actions.filter((a) => a.step === 'verify').map((a) => a.status)).toEqual(['done']);
    // The importer outlives the kill (it is slower than one re-run here), so the first re-run met it.
    expect(codes[0]).toBe(75);
    await expectImported(gw);
  });

  it("SIGINT while OpenClaw's importer runs: exit 130, nothing staged is left, nothing lost; the re-run completes", async () => {
    const { gw, canonical, shadow } = await state();
    const args = importApplyArgs(gw);
    const stopped = await faulted(gw, args, 'int@import:started:target');
    expect(stopped.exitCode, String(stopped.stderr)).toBe(130);
    // The resume command names the importer's CLI the operator named.
    expect(String(stopped.stderr)).toContain(`repair --state-dir ${gw.stateDir} --apply --real-openclaw ${gw.realBin}`);
    // The importer was stopped with it; whatever it did not consume was taken back out: the gateway could start.
    expect(fs.existsSync(legacy(gw))).toBe(false);
    expect([...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)]).toEqual([]);
    const resumed = await cli(gw, args);
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect([...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)]).toEqual([]);
    expect(eventsHash(agentDb(gw.stateDir), sid(4))).toBe(sha(transcript(4, 'only in the shadow')));
  });

  it("a second SIGINT while OpenClaw's importer runs: the importer is killed, nothing staged is left, the re-run completes", async () => {
    const { gw, canonical, shadow } = await state();
    const args = importApplyArgs(gw);
    const stopped = await faulted(gw, args, 'int2@import:started:target');
    expect(stopped.exitCode, String(stopped.stderr)).toBe(130);
    expect(String(stopped.stderr)).toMatch(/second SIGINT.*OpenClaw's importer \(pid \d+\) was killed/);
    expect(String(stopped.stderr)).toContain(`--real-openclaw ${gw.realBin}`);
    // No importer runs on alone, and no staged store waits for a gateway to import it behind repair's back.
    const pid = Number(/importer \(pid (\d+)\)/.exec(String(stopped.stderr))?.[1]);
    const running = (): boolean => {
      try {
        return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
      } catch {
        return false;
      }
    };
    expect(running()).toBe(false);
    expect(fs.existsSync(legacy(gw))).toBe(false);
    expect([...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)]).toEqual([]);
    const resumed = await cli(gw, args);
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect([...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)]).toEqual([]);
    await expectImported(gw);
  });

  it.each(STEPS)('killed at %s: nothing lost, the re-run imports and verifies', async (step) => {
    const { gw, canonical, shadow } = await state();
    const args = importApplyArgs(gw);
    const killed = await faulted(gw, args, `kill@${step}`);
    expect(killed.signal, String(killed.stderr)).toBe('SIGKILL');
    const afterKill = [...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)];
    if (step === 'import:staged:target') {
      // The dry run knows the staged store as the unfinished run's own: imported first, not a stranger's to fix by hand.
      const dry = JSON.parse(
        String(
          (
            await cli(
              gw,
              args.filter((a) => a !== '--apply'),
            )
          ).stdout,
        ),
      ) as {
        actions: Array<{ step: string; status: string; detail: string }>;
      };
      expect(dry.actions.find((a) => a.step === 'import')?.detail).toContain('staged by the unfinished run');
      expect(dry.actions.filter((a) => a.status === 'unreadable')).toEqual([]);
    }
    const resumed = await cli(gw, args);
    const result = JSON.parse(String(resumed.stdout)) as {
      actions: Array<{ step: string; status: string; detail: string }>;
    };
    const afterResume = [...shadowBytesKept(gw, shadow), ...canonicalKept(gw, canonical)];
    tally(afterKill, afterResume);
    expect(afterKill).toEqual([]);
    expect(afterResume).toEqual([]);
    expect(resumed.exitCode, `${resumed.stderr}\n${resumed.stdout}`).toBe(0);
    expect(result.actions.filter((a) => a.step === 'verify').map((a) => a.status)).toEqual(['done']);
    // Before the importer ran, the re-run imports (a staged store of the killed run first); after, it only verifies.
    const imports = result.actions.filter((a) => a.step === 'import').map((a) => a.status);
    expect(imports).toEqual(STEPS.indexOf(step) < STEPS.indexOf('import:run:target') ? ['done'] : []);
    if (step === 'import:staged:target')
      expect(result.actions.find((a) => a.step === 'import')?.detail).toContain('unfinished run');
    expect(fs.existsSync(legacy(gw))).toBe(false);
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
    await expectImported(gw);
  });
});
