// Bench: doctor on 200 agents x 1,000 sessions vs a raw read of the same bytes; memory at 50 vs 200 agents.
// Run: node bench/doctor.bench.mjs (Node >= 24: imports the TypeScript sources directly). Exits 1 on failure.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const SESSIONS = 1000;

function store(agent, n, offset, now) {
  const out = {};
  for (let i = 0; i < n; i++) {
    const k = i + offset;
    out[`agent:${agent}:telegram:direct:${k}`] = {
      sessionId: `${String(k).padStart(8, '0')}-0000-4000-8000-${agent.padStart(12, '0').slice(-12)}`,
      updatedAt: now - k * 1000,
      status: k % 7 === 0 ? 'running' : 'done',
      model: 'gpt-5.5',
      inputTokens: k * 13,
      outputTokens: k * 7,
      sessionFile: `${k}.jsonl`,
      lastChannel: 'telegram',
      lastTo: `user-${k}`,
      abortedLastRun: false,
    };
  }
  return JSON.stringify(out, null, 2);
}

/** A state dir with `agents` agents, each with a canonical store and a shadow that half overlaps it. */
function generate(dir, agents) {
  const now = Date.now();
  const state = path.join(dir, '.openclaw');
  fs.mkdirSync(state, { recursive: true });
  fs.writeFileSync(path.join(state, 'openclaw.json'), '{ agents: { list: [ { id: "a0", default: true } ] } }\n');
  for (let a = 0; a < agents; a++) {
    const id = `a${a}`;
    const canon = path.join(state, 'agents', id, 'sessions');
    const shadow = path.join(state, 'agents', id, 'agent', 'codex-home', 'home', '.openclaw', 'agents', id, 'sessions');
    fs.mkdirSync(canon, { recursive: true });
    fs.mkdirSync(shadow, { recursive: true });
    fs.writeFileSync(path.join(canon, 'sessions.json'), store(id, SESSIONS, 0, now));
    fs.writeFileSync(path.join(shadow, 'sessions.json'), store(id, SESSIONS, SESSIONS / 2, now));
  }
  return state;
}

function rawRead(state) {
  let bytes = 0;
  for (const f of fs.readdirSync(state, { recursive: true })) {
    const p = path.join(state, f);
    if (fs.statSync(p).isFile()) bytes += fs.readFileSync(p).length;
  }
  return bytes;
}

const HEAP_CAP_MIB = 32;

/** `cacheFile`: doctor's per-store cache (what the CLI and the timer use); without it every store is read. */
async function runDoctorOnce(state, cacheFile) {
  const { runDoctor } = await import('../src/doctor/doctor.ts');
  return runDoctor({
    stateDir: state,
    configPath: path.join(state, 'openclaw.json'),
    home: path.dirname(state),
    stuckMinutes: 30,
    gatewayLocks: [],
    ...(cacheFile ? { cacheFile } : {}),
  });
}

/** Child mode: run doctor once and print peak RSS and heap. */
async function child(state) {
  let peakHeap = 0;
  const timer = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  const report = await runDoctorOnce(state, process.argv[4]);
  clearInterval(timer);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  process.stdout.write(
    JSON.stringify({
      maxRssKiB: process.resourceUsage().maxRSS,
      peakHeapMiB: +(peakHeap / 2 ** 20).toFixed(1),
      stores: report.summary.stores,
    }),
  );
}

function time(fn) {
  const t = process.hrtime.bigint();
  const v = fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, v];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-bench-doctor-'));
  try {
    const big = generate(path.join(dir, 'n200'), 200);
    const small = generate(path.join(dir, 'n50'), 50);
    rawRead(big); // warm the page cache for both contestants
    const raws = [],
      docs = [];
    let report;
    for (let i = 0; i < 3; i++) {
      raws.push(time(() => rawRead(big))[0]);
      const t = process.hrtime.bigint();
      report = await runDoctorOnce(big);
      docs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const med = (xs) => xs.sort((a, b) => a - b)[1];
    const check = (r) => {
      const target = r.shadows[0].stores[0];
      if (r.shadows.length !== 200 || target.onlyInShadow !== SESSIONS / 2 || target.differing !== 0)
        throw new Error(`doctor miscounted: ${JSON.stringify(target)}`);
      // The cache must not change a single finding (the generated stores have no stuck session at 30 min).
      if (report && JSON.stringify(r.findings) !== JSON.stringify(report.findings))
        throw new Error('doctor with the cache found something else');
      if (JSON.stringify(r.shadows) !== JSON.stringify(report.shadows))
        throw new Error('doctor with the cache reported other shadows');
    };
    check(report);
    // The timer's case: doctor every minute on stores that mostly did not change since the last run.
    const cacheFile = path.join(dir, 'cache', 'doctor.json');
    fs.mkdirSync(path.dirname(cacheFile), { mode: 0o700 });
    await new Promise((r) => setTimeout(r, 2100)); // stores written less than 2 s ago are never cached
    await runDoctorOnce(big, cacheFile); // fills the cache
    const warm = [];
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      check(await runDoctorOnce(big, cacheFile));
      warm.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const mem = (state, flags = []) =>
      JSON.parse(execFileSync(process.execPath, [...flags, SELF, '--child', state], { encoding: 'utf8' }));
    const m50 = mem(small),
      m200 = mem(big);
    const mb = (fs.statSync(path.join(big, 'agents/a0/sessions/sessions.json')).size * 400) / 2 ** 20;
    console.log(`doctor bench: 200 agents x ${SESSIONS} sessions, 400 stores, ${mb.toFixed(0)} MiB`);
    console.log(`  raw read of every file: ${med(raws).toFixed(0)} ms`);
    console.log(
      `  doctor, every store read: ${med(docs).toFixed(0)} ms  (${(med(docs) / med(raws)).toFixed(1)}x the raw read)`,
    );
    console.log(
      `  doctor, stores unchanged since the last run (cache): ${med(warm).toFixed(0)} ms  (${(med(warm) / med(raws)).toFixed(1)}x the raw read; target 3x)`,
    );
    console.log(
      `  memory,  50 agents: peak RSS ${(m50.maxRssKiB / 1024).toFixed(0)} MiB, peak heap ${m50.peakHeapMiB} MiB (${m50.stores} shadow stores)`,
    );
    console.log(
      `  memory, 200 agents: peak RSS ${(m200.maxRssKiB / 1024).toFixed(0)} MiB, peak heap ${m200.peakHeapMiB} MiB (${m200.stores} shadow stores)`,
    );
    const growth = m200.maxRssKiB / m50.maxRssKiB;
    console.log(`  RSS growth for 4x the stores: ${growth.toFixed(2)}x`);
    if (growth > 1.5) throw new Error('doctor memory grows with the number of stores');
    // The hard proof: the 131 MiB of stores cannot fit in this heap, so doctor must hold one at a time.
    const capped = mem(big, [`--max-old-space-size=${HEAP_CAP_MIB}`]);
    console.log(
      `  200 agents under a ${HEAP_CAP_MIB} MiB heap cap: completed, ${capped.stores} shadow stores compared`,
    );
    const cappedWarm = JSON.parse(
      execFileSync(process.execPath, [`--max-old-space-size=${HEAP_CAP_MIB}`, SELF, '--child', big, cacheFile], {
        encoding: 'utf8',
      }),
    );
    console.log(`  the same with the cache: completed, peak heap ${cappedWarm.peakHeapMiB} MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else
  await main().catch((error) => {
    console.error(`doctor bench failed: ${error.message}`);
    process.exitCode = 1;
  });
