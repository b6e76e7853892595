// doctor's store cache: used when a store is unchanged, and never able to hide a finding (changed stores, foreign or writable caches).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/doctor.ts';
import { freshStates, type StateFixture } from '../state/fixture.ts';

const fresh = freshStates();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const doctor = (f: StateFixture, cacheFile: string) =>
  runDoctor({
    stateDir: f.stateDir,
    configPath: f.configPath,
    home: f.home,
    stuckMinutes: 30,
    gatewayLocks: [],
    cacheFile,
  });
const diverged = (r: ReturnType<typeof runDoctor>) => r.shadows[0]!.stores[0]!;
const codes = (r: ReturnType<typeof runDoctor>) => r.findings.map((x) => x.code).sort();

/** A state whose stores are older than the 2 s during which a store is never cached, and a private cache dir. */
async function settled(): Promise<{ f: StateFixture; cacheFile: string }> {
  const f = fresh();
  const dir = path.join(f.dir, 'cache');
  fs.mkdirSync(dir, { mode: 0o700 });
  await sleep(2_100);
  return { f, cacheFile: path.join(dir, 'doctor.json') };
}

/** Rewrites the cache so it lies: the shadow store "matches" its canonical store. */
function forge(cacheFile: string): void {
  const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
  for (const p of Object.values(data.pairs) as Array<{ diff: object }>)
    p.diff = { onlyInShadow: 0, onlyInCanonical: 0, differing: 0 };
  fs.writeFileSync(cacheFile, JSON.stringify(data), { mode: 0o600 });
}

describe('doctor store cache', () => {
  it('a second run answers the same from the cache, which it really uses (a lie written there by this user shows)', async () => {
    const { f, cacheFile } = await settled();
    const first = doctor(f, cacheFile);
    expect(diverged(first)).toMatchObject({ onlyInShadow: 1, onlyInCanonical: 1, differing: 0 });
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o600);
    const second = doctor(f, cacheFile);
    expect(second.shadows).toEqual(first.shadows);
    expect(codes(second)).toEqual(codes(first));
    forge(cacheFile);
    expect(diverged(doctor(f, cacheFile)).onlyInShadow).toBe(0);
  });

  it('a store changed in place, same size and mtime put back, is read again (ctime): the stale cache hides nothing', async () => {
    const { f, cacheFile } = await settled();
    doctor(f, cacheFile);
    forge(cacheFile);
    const st = fs.statSync(f.shadowStore);
    const text = fs.readFileSync(f.shadowStore, 'utf8');
    fs.writeFileSync(f.shadowStore, text.replace('"updatedAt":2', '"updatedAt":3'));
    fs.utimesSync(f.shadowStore, st.atime, st.mtime);
    expect(fs.statSync(f.shadowStore).size).toBe(st.size);
    expect(diverged(doctor(f, cacheFile))).toMatchObject({ onlyInShadow: 1, onlyInCanonical: 1 });
  });

  it('a canonical store that gains a stuck session is read again', async () => {
    const { f, cacheFile } = await settled();
    expect(codes(doctor(f, cacheFile))).not.toContain('STUCK_SESSION');
    fs.writeFileSync(
      f.canonicalStore,
      JSON.stringify({ 'agent:main:a': { sessionId: 'a', updatedAt: 1, status: 'running' } }),
    );
    expect(codes(doctor(f, cacheFile))).toContain('STUCK_SESSION');
  });

  it('a cache others can write, or a link, is ignored: a full read', async () => {
    const { f, cacheFile } = await settled();
    doctor(f, cacheFile);
    forge(cacheFile);
    fs.chmodSync(cacheFile, 0o666);
    expect(diverged(doctor(f, cacheFile)).onlyInShadow).toBe(1);
    forge(cacheFile);
    const elsewhere = path.join(f.dir, 'elsewhere.json');
    fs.renameSync(cacheFile, elsewhere);
    fs.symlinkSync(elsewhere, cacheFile);
    expect(diverged(doctor(f, cacheFile)).onlyInShadow).toBe(1);
  });

  it.skipIf(process.getuid?.() !== 0)("a cache owned by another user is ignored (as root: nobody's file)", async () => {
    const { f, cacheFile } = await settled();
    doctor(f, cacheFile);
    forge(cacheFile);
    fs.chownSync(cacheFile, 65534, 65534);
    expect(diverged(doctor(f, cacheFile)).onlyInShadow).toBe(1);
  });

  it('stores changed less than 2 s ago are not cached', () => {
    const f = fresh();
    const cacheFile = path.join(f.dir, 'doctor.json');
    doctor(f, cacheFile);
    const data = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    expect(Object.keys(data.canonical)).toEqual([]);
    expect(Object.keys(data.pairs)).toEqual([]);
  });
});
