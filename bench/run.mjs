// Measures the shim's added wall time in front of a Node `openclaw`, in process and by exec, as a multiple of `node -e 0`.
// Usage: npm run bench   (BENCH_ITERATIONS=n sample size, default 150; BENCH_LIMIT=x the gate on the
// in-process median, default 0.3; BENCH_TOOL_CALL_LIMIT=x the gate on a tool call's `sh -c`, default 0.15; BENCH_REAL_ITERATIONS=n for the real OpenClaw rows, default 15, 0 skips them;
// OPENCLAW_SHIM_CACHE where OpenClaw 2026.5.12 / 2026.9.6 are cached). Then runs every bench/*.bench.mjs.
// `node bench/run.mjs tool-call` (after npm run build) runs only the tool-call table and its gate;
// BENCH_BASELINE_SHIM=<an older dist/shim.mjs> adds that shim, installed the same way, to the table side by side.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ITERATIONS = Number(process.env.BENCH_ITERATIONS) || 150;
const LIMIT = Number(process.env.BENCH_LIMIT) || 0.3;
const TOOL_CALL_LIMIT = Number(process.env.BENCH_TOOL_CALL_LIMIT) || 0.15;
const REAL_ITERATIONS =
  process.env.BENCH_REAL_ITERATIONS === undefined ? 15 : Number(process.env.BENCH_REAL_ITERATIONS);
const NODE = process.execPath;
const CACHE = process.env.OPENCLAW_SHIM_CACHE || path.join(ROOT, '.cache');
/** `node bench/run.mjs tool-call`: only what a tool call pays (the table and its gate). */
const TOOL_CALL_ONLY = process.argv[2] === 'tool-call';
const REAL_VERSIONS = ['2026.5.12', '2026.9.6'];

/** A gateway-shaped tree with the shim installed into an agent's codex home, as in production. */
function makeLayout(dir) {
  const home = path.join(dir, 'root');
  const stateDir = path.join(home, '.openclaw');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'agents', 'main', 'sessions'), { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  const { realDir, real } = makeRealPackage(dir);
  const cli = path.join(ROOT, 'dist', 'cli.mjs');
  const args = [
    cli,
    'install',
    '--codex-home',
    codexHome,
    '--state-dir',
    stateDir,
    '--real-openclaw',
    real,
    '--node',
    NODE,
  ];
  const install = spawnSync(NODE, args, { encoding: 'utf8', env: { ...process.env, HOME: home } });
  if (install.status !== 0) throw new Error(`openclaw-shim install failed:\n${install.stdout}${install.stderr}`);
  const shim = path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw');
  return { home, stateDir, codexHome, real, realDir, shim };
}

/**
 * A Node CLI that does nothing (pure start-up), installed as npm installs OpenClaw: `.bin/openclaw` linking
 * to `openclaw/openclaw.mjs` beside the package.json that the shim reads the engines of (the real 2026.9.6
 * one from the cache, 143 kB, else a stand-in of that size).
 */
function makeRealPackage(dir) {
  const modules = path.join(dir, 'real', 'node_modules');
  const pkg = path.join(modules, 'openclaw');
  const realDir = path.join(modules, '.bin');
  fs.mkdirSync(pkg, { recursive: true });
  fs.mkdirSync(realDir);
  fs.writeFileSync(path.join(pkg, 'openclaw.mjs'), '#!/usr/bin/env node\n', { mode: 0o755 });
  const cached = path.join(CACHE, 'openclaw', '2026.9.6', 'node_modules', 'openclaw', 'package.json');
  const filler = { files: Array.from({ length: 3000 }, (_, i) => `dist/chunk-${i}-0123456789abcdef.js`) };
  const standIn = { name: 'openclaw', type: 'module', ...filler, engines: { node: '>=24.16.0 <25 || >=26.1.0' } };
  if (fs.existsSync(cached)) fs.copyFileSync(cached, path.join(pkg, 'package.json'));
  else fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify(standIn, null, 2));
  const real = path.join(realDir, 'openclaw');
  fs.symlinkSync('../openclaw/openclaw.mjs', real);
  return { realDir, real };
}

/** What a Codex tool call sees: isolated HOME, CODEX_HOME, the shim first on PATH, a gateway's variables. */
function toolCallEnv(l) {
  return {
    PATH: [path.dirname(l.shim), l.realDir, path.dirname(NODE), '/usr/local/bin', '/usr/bin', '/bin'].join(
      path.delimiter,
    ),
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

/** The environment the shim hands the real CLI: the direct call gets the same, so only the shim differs. */
const redirectedEnv = (l, env) => ({
  ...env,
  HOME: l.home,
  OPENCLAW_STATE_DIR: l.stateDir,
  OPENCLAW_CONFIG_PATH: path.join(l.stateDir, 'openclaw.json'),
});

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

const f = (x) => `${x.toFixed(1).padStart(7)} ms`;
const row = (xs) => ({ median: quantile(xs, 0.5), p90: quantile(xs, 0.9) });
/** Added time of `name` over `base`: difference of medians and the median of per-iteration differences. */
const added = (samples, name, base) => ({
  median: row(samples[name]).median - row(samples[base]).median,
  paired: quantile(
    samples[name].map((x, i) => x - samples[base][i]),
    0.5,
  ),
});

function reportTrivial(samples) {
  const bare = row(samples.bare).median;
  console.log(
    `openclaw-shim bench: ${ITERATIONS} iterations per variant, rotating order, Node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0].toFixed(2)}`,
  );
  console.log(`  (a) node -e 0                          median ${f(bare)}  p90 ${f(row(samples.bare).p90)}`);
  console.log(
    `  (b) trivial Node openclaw, direct      median ${f(row(samples.direct).median)}  p90 ${f(row(samples.direct).p90)}`,
  );
  const ratios = {};
  for (const [name, label] of [
    ['inproc', 'shim, in process (default)'],
    ['exec', 'shim, exec (FORCE_EXEC=1)'],
  ]) {
    const a = added(samples, name, 'direct');
    ratios[name] = a.median / bare;
    console.log(`  ${label.padEnd(38)} median ${f(row(samples[name]).median)}  p90 ${f(row(samples[name]).p90)}`);
    console.log(
      `      adds ${f(a.median)} (paired ${f(a.paired)}) = ${(a.median / bare).toFixed(2)} x a bare node start`,
    );
  }
  console.log(`  gate: in-process adds <= ${LIMIT} x a bare node start (median)`);
  return ratios;
}

/** The real OpenClaw (cached): `--version` direct and through the in-process shim, the added cost as % of a call. */
function realRows(l, env) {
  if (!(REAL_ITERATIONS > 0)) return;
  for (const version of REAL_VERSIONS) {
    const bin = path.join(CACHE, 'openclaw', version, 'node_modules', '.bin', 'openclaw');
    if (!fs.existsSync(bin)) {
      console.log(`  openclaw ${version}: not in ${CACHE} (run the tests once, or set OPENCLAW_SHIM_CACHE)`);
      continue;
    }
    const shimEnv = { ...env, OPENCLAW_SHIM_REAL_BIN: bin };
    const s = measure(
      [
        { name: 'direct', file: bin, args: ['--version'], env: redirectedEnv(l, env) },
        { name: 'inproc', file: l.shim, args: ['--version'], env: shimEnv },
        { name: 'exec', file: l.shim, args: ['--version'], env: { ...shimEnv, OPENCLAW_SHIM_FORCE_EXEC: '1' } },
      ],
      REAL_ITERATIONS,
    );
    const d = row(s.direct).median;
    const pct = (name) => `${((added(s, name, 'direct').median / d) * 100).toFixed(1)}%`;
    console.log(
      `  openclaw ${version} --version (${REAL_ITERATIONS} runs): direct ${f(d)}, in process ${f(row(s.inproc).median)} (+${pct('inproc')}), exec ${f(row(s.exec).median)} (+${pct('exec')})`,
    );
  }
}

/**
 * What an agent's tool call pays: `sh -c 'openclaw --version'` (Codex runs every command through a
 * shell) reaching the installed shim in a codex home with a capture, against the same `sh -c` reaching
 * the trivial Node CLI straight (PATH without the shim, the redirected environment). The parts, each a
 * file on PATH in the shim's place: the `#!/bin/sh` prelude alone (then an empty script); the whole
 * shim with its log on /dev/null (no append); and the same shim copied out of its codex home, where it
 * has no code cache (what the cache saves). The cache is written by the warm-up call, as by an agent's first.
 */
function toolCallRows(l, env, dir) {
  const shimText = fs.readFileSync(l.shim, 'utf8');
  const [shebang, preludeLine, marker] = shimText.split('\n');
  const variant = (name, text) => {
    const binDir = path.join(dir, 'tool-call', name);
    fs.mkdirSync(binDir, { recursive: true });
    fs.writeFileSync(path.join(binDir, 'openclaw'), text, { mode: 0o755 });
    return binDir;
  };
  const prelude = variant('prelude', `${shebang}\n${preludeLine}\n${marker}\n"use strict";\n`);
  const uncached = variant('no-code-cache', shimText);
  const rePath = (first) =>
    [first, l.realDir, path.dirname(NODE), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
  const call = ['-c', 'openclaw --version'];
  const direct = { ...redirectedEnv(l, env), PATH: rePath(l.realDir) };
  const baseline = baselineVariant(dir, call);
  const s = measure(
    [
      ...baseline,
      { name: 'bare', file: NODE, args: ['-e', '0'], env },
      { name: 'direct', file: '/bin/sh', args: call, env: direct },
      { name: 'prelude', file: '/bin/sh', args: call, env: { ...env, PATH: rePath(prelude) } },
      { name: 'uncached', file: '/bin/sh', args: call, env: { ...env, PATH: rePath(uncached) } },
      { name: 'nolog', file: '/bin/sh', args: call, env: { ...env, OPENCLAW_SHIM_LOG: '/dev/null' } },
      { name: 'shim', file: '/bin/sh', args: call, env },
    ],
    ITERATIONS,
  );
  const bare = row(s.bare).median;
  const x = (ms) => `${(ms / bare).toFixed(2)} x`;
  const diff = (to, from) => row(s[to]).median - row(s[from]).median;
  console.log(
    `\nwhat a tool call pays: sh -c 'openclaw --version', ${ITERATIONS} rotating runs each, load ${os.loadavg()[0].toFixed(2)} (a bare node -e 0: ${f(bare)})`,
  );
  console.log(`  straight to the trivial Node CLI      median ${f(row(s.direct).median)}`);
  console.log(
    `  through the shim (capture decides)     median ${f(row(s.shim).median)}  adds ${f(added(s, 'shim', 'direct').median)} = ${x(added(s, 'shim', 'direct').median)} (paired ${x(added(s, 'shim', 'direct').paired)})`,
  );
  if (baseline.length)
    console.log(
      `  through the baseline shim              median ${f(row(s.baseline).median)}  adds ${f(added(s, 'baseline', 'direct').median)} = ${x(added(s, 'baseline', 'direct').median)} (paired ${x(added(s, 'baseline', 'direct').paired)}); the shim vs it, paired: ${f(added(s, 'shim', 'baseline').paired)}`,
    );
  console.log('  its parts, each a difference of medians:');
  const steps = [
    ['prelude', 'direct', 'the #!/bin/sh prelude (and a second script)'],
    ['nolog', 'prelude', 'the shim: load, resolve, decide, hand over'],
    ['shim', 'nolog', 'the log append'],
    ['uncached', 'shim', 'saved by the code cache (the shim without it)'],
  ];
  for (const [to, from, what] of steps)
    console.log(`    ${what.padEnd(46)} ${f(diff(to, from))} = ${x(diff(to, from))}`);
  return added(s, 'shim', 'direct').median / bare;
}

/** BENCH_BASELINE_SHIM: an older build of the shim in a layout of its own (its own codex home, capture and code cache). */
function baselineVariant(dir, call) {
  const file = process.env.BENCH_BASELINE_SHIM;
  if (!file) return [];
  const base = path.join(dir, 'baseline');
  fs.mkdirSync(base);
  const b = makeLayout(base);
  // The installed shim is a #!/bin/sh prelude, then the bundle: swap in the older bundle, keep the prelude.
  const bundleOf = (f) =>
    fs
      .readFileSync(f, 'utf8')
      .replace(/^#!.*\n/, '')
      .replace(/^"use strict";/, '');
  const text = fs.readFileSync(b.shim, 'utf8');
  const current = bundleOf(path.join(ROOT, 'dist', 'shim.mjs'));
  if (!text.endsWith(current)) throw new Error('the installed shim does not end with dist/shim.mjs: npm run build');
  fs.writeFileSync(b.shim, text.slice(0, text.length - current.length) + bundleOf(file));
  return [{ name: 'baseline', file: '/bin/sh', args: call, env: toolCallEnv(b) }];
}

/** PASS or FAIL for the tool-call gate, with the figure; under load, parts and totals are noise (see docs/benchmarks.md). */
const gateLine = (ratio) =>
  `  ${ratio <= TOOL_CALL_LIMIT ? 'PASS' : 'FAIL'}: a tool call through the shim adds ${ratio.toFixed(2)} x (limit ${TOOL_CALL_LIMIT} x)` +
  (os.loadavg()[0] > 2
    ? `; load ${os.loadavg()[0].toFixed(1)}: a few ms are noise at this load, run it on a quiet machine`
    : '');

function otherBenches() {
  const dir = path.join(ROOT, 'bench');
  return fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.bench.mjs'))
    .sort()
    .map((x) => path.join(dir, x));
}

function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'shim.mjs'))) throw new Error('dist/shim.mjs is missing: npm run build');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-bench-')));
  let failed = false;
  try {
    const l = makeLayout(dir);
    const env = toolCallEnv(l);
    if (TOOL_CALL_ONLY) {
      const toolCall = toolCallRows(l, env, dir);
      console.log(`  gate: a tool call through the shim adds <= ${TOOL_CALL_LIMIT} x a bare node start (median)`);
      console.log(gateLine(toolCall));
      process.exitCode = toolCall <= TOOL_CALL_LIMIT ? 0 : 1;
      return;
    }
    const samples = measure(
      [
        { name: 'bare', file: NODE, args: ['-e', '0'], env },
        { name: 'direct', file: l.real, args: ['sessions', '--json'], env: redirectedEnv(l, env) },
        { name: 'inproc', file: l.shim, args: ['sessions', '--json'], env },
        { name: 'exec', file: l.shim, args: ['sessions', '--json'], env: { ...env, OPENCLAW_SHIM_FORCE_EXEC: '1' } },
      ],
      ITERATIONS,
    );
    const ratios = reportTrivial(samples);
    if (!(ratios.inproc <= LIMIT)) {
      console.error(`FAIL: the in-process shim adds ${ratios.inproc.toFixed(2)}x a bare node start (limit ${LIMIT}x)`);
      failed = true;
    }
    const toolCall = toolCallRows(l, env, dir);
    console.log(`  gate: a tool call through the shim adds <= ${TOOL_CALL_LIMIT} x a bare node start (median)`);
    console.log(gateLine(toolCall));
    if (!(toolCall <= TOOL_CALL_LIMIT)) failed = true;
    realRows(l, env);
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
