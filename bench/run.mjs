// Measures the shim's added wall time in front of a trivial Node `openclaw`, as a multiple of `node -e 0`.
// Usage: npm run bench   (BENCH_ITERATIONS=n to change the sample size; BENCH_LIMIT=x the gate, default 1.3)
// Then runs every other bench/*.bench.mjs file, in name order, and fails if any of them fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ITERATIONS = Number(process.env.BENCH_ITERATIONS) || 150;
const LIMIT = Number(process.env.BENCH_LIMIT) || 1.3;
const NODE = process.execPath;

/** A gateway-shaped tree with the shim installed into an agent's codex home, as in production. */
function makeLayout(dir) {
  const home = path.join(dir, 'root');
  const stateDir = path.join(home, '.openclaw');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'agents', 'main', 'sessions'), { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  const realDir = path.join(dir, 'real-bin');
  fs.mkdirSync(realDir);
  const real = path.join(realDir, 'openclaw');
  fs.writeFileSync(real, '#!/usr/bin/env node\n', { mode: 0o755 });
  const cli = path.join(ROOT, 'dist', 'cli.mjs');
  const args = [cli, 'install', '--codex-home', codexHome, '--state-dir', stateDir, '--real-openclaw', real];
  const install = spawnSync(NODE, args, { encoding: 'utf8', env: { ...process.env, HOME: home } });
  if (install.status !== 0) throw new Error(`openclaw-shim install failed:\n${install.stdout}${install.stderr}`);
  const shim = path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw');
  return { home, stateDir, codexHome, real, realDir, shim };
}

/** What a Codex tool call sees: isolated HOME, CODEX_HOME, the shim first on PATH, a gateway's variables. */
function toolCallEnv(l) {
  return {
    PATH: [path.dirname(l.shim), l.realDir, path.dirname(NODE), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
    HOME: path.join(l.codexHome, 'home'),
    CODEX_HOME: l.codexHome,
    OPENCLAW_GATEWAY_PORT: '18789',
    OPENCLAW_GATEWAY_TOKEN: 'bench-not-a-secret',
    OPENCLAW_AGENT_DIR: path.join(l.stateDir, 'agents', 'main', 'agent'),
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    OPENCLAW_SHIM_QUIET: '1',
  };
}

/** Wall time of one run in ms; throws if it does not exit 0. */
function time(file, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, args, { env, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return ms;
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function measure(variants, iterations) {
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (const v of variants) time(v.file, v.args, v.env); // warm the page cache and the compile cache
  for (let i = 0; i < iterations; i += 1) {
    const order = variants.map((_, k) => variants[(i + k) % variants.length]); // rotate who goes first
    for (const v of order) samples[v.name].push(time(v.file, v.args, v.env));
  }
  return samples;
}

function report(samples) {
  const row = (name) => ({ median: quantile(samples[name], 0.5), p90: quantile(samples[name], 0.9) });
  const a = row('bare'), b = row('direct'), c = row('shim');
  const pairs = samples.shim.map((x, i) => x - samples.direct[i]);
  const added = { median: c.median - b.median, p90: c.p90 - b.p90, pairedMedian: quantile(pairs, 0.5) };
  const ratio = added.median / a.median;
  const f = (x) => `${x.toFixed(1).padStart(6)} ms`;
  console.log(`openclaw-shim bench: ${ITERATIONS} iterations per variant, alternating order, Node ${process.version}, ${os.cpus().length} cpus`);
  console.log(`  (a) node -e 0                   median ${f(a.median)}  p90 ${f(a.p90)}`);
  console.log(`  (b) trivial openclaw, direct    median ${f(b.median)}  p90 ${f(b.p90)}`);
  console.log(`  (c) same through the shim       median ${f(c.median)}  p90 ${f(c.p90)}`);
  console.log(`  shim adds (c - b)               median ${f(added.median)}  p90 ${f(added.p90)}  (paired median ${f(added.pairedMedian)})`);
  console.log(`  added / bare node start         median ${(added.median / a.median).toFixed(2)}x  p90 ${(added.p90 / a.p90).toFixed(2)}x  (limit ${LIMIT}x on the median)`);
  return ratio;
}

function otherBenches() {
  const dir = path.join(ROOT, 'bench');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort().map((f) => path.join(dir, f));
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'shim.mjs'))) throw new Error('dist/shim.mjs is missing: npm run build');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-bench-')));
  let failed = false;
  try {
    const l = makeLayout(dir);
    const env = toolCallEnv(l);
    const samples = measure(
      [
        { name: 'bare', file: NODE, args: ['-e', '0'], env },
        { name: 'direct', file: l.real, args: ['sessions', '--json'], env },
        { name: 'shim', file: l.shim, args: ['sessions', '--json'], env },
      ],
      ITERATIONS,
    );
    const ratio = report(samples);
    if (!(ratio <= LIMIT)) {
      console.error(`FAIL: the shim adds ${ratio.toFixed(2)}x a bare node start (limit ${LIMIT}x)`);
      failed = true;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const file of otherBenches()) {
    console.log(`\n== ${path.relative(ROOT, file)}`);
    const r = spawnSync(NODE, [file], { stdio: 'inherit' });
    if (r.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

main();
