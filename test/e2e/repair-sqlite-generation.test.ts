// repair on a state run by a SQLite-generation release (real 2026.9.6): a 2026.5-era JSON shadow is never
// merged into a legacy sessions.json, which that release does not read and which stops its gateway.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { stateReadsSqliteSessions } from '../../src/store/state-generation.ts';
import { cli, shadowOf, writeStore } from '../repair/fixtures.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

describe('repair on a 2026.9.6 state with a JSON shadow', { timeout: 240_000 }, () => {
  it('reports the shadow-only sessions, keeps them in the backup, and writes no sessions.json', async () => {
    const gw = makeGateway('sqlite', { agents: ['main', 'target'] });
    gateways.push(gw);
    const canonicalEnv = { PATH: gw.isolatedEnv().PATH!, HOME: gw.home };
    // The real CLI on the canonical state leaves its shared database (as a gateway that has run does).
    await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup'], canonicalEnv);
    expect(stateReadsSqliteSessions(gw.stateDir)).toBe(true);
    const legacy = path.join(gw.stateDir, 'agents', 'target', 'sessions', 'sessions.json');
    const shadowStore = path.join(shadowOf(gw), 'agents', 'target', 'sessions', 'sessions.json');
    writeStore(shadowStore, { 'agent:target:telegram:direct:new1': { sessionId: 'shadow-1', updatedAt: Date.now() } });
    fs.writeFileSync(path.join(path.dirname(shadowStore), 'shadow-1.jsonl'), '{"type":"session"}\n');

    const dry = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--json']);
    const plan = JSON.parse(String(dry.stdout)) as { actions: Array<{ step: string; detail: string }> };
    expect(plan.actions.some((a) => a.step === 'merge')).toBe(false);
    expect(plan.actions.find((a) => a.step === 'conflict')?.detail).toContain(
      'refuses to start with a legacy sessions.json',
    );

    const r = await cli(gw, ['repair', '--state-dir', gw.stateDir, '--apply', '--json']);
    const result = JSON.parse(String(r.stdout)) as {
      backupDir: string;
      actions: Array<{ step: string; status: string }>;
    };
    expect(result.actions.find((a) => a.step === 'conflict')?.status).toBe('conflict');
    expect(fs.existsSync(legacy)).toBe(false);
    const backedUp = fs.readdirSync(path.join(result.backupDir, 'trees'), { recursive: true }) as string[];
    expect(backedUp.some((f) => f.endsWith(path.join('target', 'sessions', 'sessions.json')))).toBe(true);
    // The real 2026.9.6 CLI still reads the canonical state (no legacy store in its way).
    const listed = await runIn(gw.dir, gw.realBin, ['sessions', '--agent', 'target', '--json'], canonicalEnv);
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
  });
});
