// The check after the merge catches a lost update: OpenClaw 2026.5.12's own saveSessionStore writes its stale view
// over a store repair has just merged into (between two merges); repair says LOST with the backup, keeps the shadows,
// exits 1; the next run merges again and verifies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, type Gateway } from '../helpers/sandbox.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { BASE_PATH, NODE } from '../helpers/paths.ts';
import { entry, shadowOf, writeStore } from '../repair/fixtures.ts';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { applyRepair } from '../../src/repair/apply.ts';
import { resolveTarget } from '../../src/store/target.ts';

const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

/** `saveSessionStore` of the cached 2026.5.12 dist: module and export name. */
function saveModule(): { file: string; name: string } {
  const cached = cachedOpenclaw(OPENCLAW_VERSIONS.json);
  if (!cached) throw new Error('openclaw 2026.5.12 is not cached; the global setup installs it');
  const dist = path.join(path.dirname(fs.realpathSync(cached.bin)), 'dist');
  for (const n of fs.readdirSync(dist).filter((f) => /^store-.*\.js$/.test(f))) {
    const m = /saveSessionStore as (\w+)[,\s}]/.exec(fs.readFileSync(path.join(dist, n), 'utf8'));
    if (m) return { file: path.join(dist, n), name: m[1]! };
  }
  throw new Error(`no saveSessionStore in ${dist}`);
}

describe('verification after the merge', { timeout: 300_000 }, () => {
  it("a store rewritten from OpenClaw's stale view after the merge: LOST with the backup path, shadows kept, exit 1; the re-run verifies", async () => {
    const gw = makeGateway('json', { agents: ['main', 'target'] });
    gateways.push(gw);
    const stale: Record<string, object> = {};
    for (const agent of ['main', 'target']) {
      const canonical = { [`agent:${agent}:main`]: entry(1, { status: 'done' }) };
      stale[agent] = canonical;
      writeStore(path.join(gw.stateDir, 'agents', agent, 'sessions', 'sessions.json'), canonical);
      writeStore(path.join(shadowOf(gw), 'agents', agent, 'sessions', 'sessions.json'), {
        [`agent:${agent}:shadow`]: entry(7, { status: 'done' }),
      });
    }
    const save = saveModule();
    let merges = 0;
    let firstStore = '';
    let firstAgent = '';
    const onProgress = (text: string) => {
      const m = /^Merging \d+ session\(s\) of (\S+) into (\S+)$/.exec(text);
      if (!m) return;
      merges++;
      if (merges === 1) [firstAgent, firstStore] = [m[1]!, m[2]!];
      if (merges !== 2) return;
      // OpenClaw's writer, holding the first store as it was before the merge, saves it (no file lock, atomic rename).
      const script = `const m = await import(${JSON.stringify(save.file)}); await m[${JSON.stringify(save.name)}](process.argv[1], JSON.parse(process.argv[2]), { skipMaintenance: true });`;
      execFileSync(NODE, ['--input-type=module', '-e', script, firstStore, JSON.stringify(stale[firstAgent])], {
        env: hermetic({ PATH: BASE_PATH, HOME: gw.home }),
        stdio: 'ignore',
      });
    };
    const target = resolveTarget({ stateDir: gw.stateDir }, { HOME: gw.home });
    const r = await applyRepair({ target, link: false, onProgress });
    expect(merges).toBe(2);
    expect(r.exitCode).toBe(1);
    const verify = r.actions.filter((a) => a.step === 'verify');
    const lost = verify.find((a) => a.status === 'failed');
    expect(lost?.path).toBe(firstStore);
    expect(lost?.detail).toContain(
      `LOST after the merge: 1 of 1 merged session(s) are no longer in the store as written (agent:${firstAgent}:shadow)`,
    );
    expect(lost?.detail).toContain(`in the backup ${r.backupDir}`);
    expect(verify.find((a) => a.status === 'done')?.detail).toContain(
      'verified: re-read the store, all 1 merged session(s) are there',
    );
    expect(r.actions.find((a) => a.step === 'remove')?.detail).toMatch(
      /^kept: a merged session was not in the canonical store when re-read/,
    );
    expect(fs.existsSync(path.join(shadowOf(gw), 'agents', firstAgent, 'sessions', 'sessions.json'))).toBe(true);

    const again = await applyRepair({ target, link: false });
    expect(again.exitCode, JSON.stringify(again.actions, null, 1)).toBe(0);
    expect(again.actions.filter((a) => a.step === 'verify').map((a) => a.status)).toEqual(['done']);
    const store = JSON.parse(fs.readFileSync(firstStore, 'utf8')) as Record<string, unknown>;
    expect(store[`agent:${firstAgent}:shadow`]).toEqual(entry(7, { status: 'done' }));
    expect(fs.existsSync(shadowOf(gw))).toBe(false);
  });
});
