// Accounts for what the shim reads on every call: each step's median cost in one warm process, against a node start.
// Imports the TypeScript sources directly (Node >= 22.18 strips types). Informational: never fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.BENCH_WORK_ITERATIONS) || 2000;
const src = (p) => import(path.join(ROOT, 'src', p));

const { readCapture, readGatewayLocks, passwdHome, resolveHere } = await src('canonical/gather.ts');
const { resolveForShim } = await src('shim/resolve-lazy.ts');
const { installShim } = await src('install/install.ts');
const { realOpenclawFor, noticeFor } = await src('shim/invocation.ts');
const { scriptKindOf } = await src('shim/real-script.ts');
const { logTargets, writeLog } = await src('shim/log.ts');

function micro(fn) {
  fn();
  const xs = [];
  for (let i = 0; i < N; i += 1) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return xs.sort((a, b) => a - b)[N >> 1];
}

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-work-')));
try {
  const stateDir = path.join(dir, 'root', '.openclaw');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  const cached = path.join(
    process.env.OPENCLAW_SHIM_CACHE || path.join(ROOT, '.cache'),
    'openclaw',
    '2026.9.6',
    'node_modules',
    '.bin',
    'openclaw',
  );
  const real = fs.existsSync(cached) ? cached : path.join(dir, 'openclaw');
  if (real !== cached) fs.writeFileSync(real, '#!/usr/bin/env node\n', { mode: 0o755 });
  installShim({
    codexHome,
    env: { PATH: '/usr/bin:/bin', HOME: path.join(dir, 'root') },
    flags: { stateDir },
    command: 'install',
    realOpenclaw: real,
  });
  const env = { CODEX_HOME: codexHome, HOME: path.join(codexHome, 'home'), PATH: '/usr/bin:/bin' };
  const { capture } = resolveHere({ env });
  const targets = logTargets(env, stateDir, codexHome);
  const record = {
    time: new Date().toISOString(),
    pid: 1,
    ppid: 1,
    cwd: dir,
    argv: ['sessions', '--json'],
    decision: 'redirected',
    redirects: [],
    shimVersion: 'bench',
  };
  const rows = [
    ['capture.json (read + parse)', 'every call', () => readCapture(env)],
    ['gateway locks (readdir + parse + kill 0)', 'only when stronger sources leave it open', () => readGatewayLocks()],
    ['passwd home (getpwuid)', 'only when stronger sources leave it open', () => passwdHome()],
    ['resolution, every source (before)', 'no longer per call', () => resolveHere({ env })],
    ['resolution as the shim does it now', 'every call', () => resolveForShim(env)],
    ['real openclaw (capture, stat)', 'every call', () => realOpenclawFor(env, capture, '/nonexistent/shim')],
    [
      `real CLI #! + package.json engines (${real === cached ? 'openclaw 2026.9.6, 143 kB' : 'stand-in'})`,
      'every call',
      () => scriptKindOf(real),
    ],
    ['redirect log append (open, write, close)', 'every call', () => writeLog(record, targets, env)],
    [
      'notice: config read for the default agent',
      'state-writing commands only',
      () =>
        noticeFor({ ...env, HOME: path.join(dir, 'root'), OPENCLAW_STATE_DIR: stateDir }, ['sessions', 'cleanup'], dir),
    ],
  ];
  console.log(
    `shim per-call work: median of ${N} warm calls each, Node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`,
  );
  for (const [name, when, fn] of rows)
    console.log(`  ${name.padEnd(58)} ${micro(fn).toFixed(1).padStart(7)} us   ${when}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
