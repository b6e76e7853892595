// A Node stand-in for the real CLI: every hand-over promise holds in process, by exec and by spawn, as when run directly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE } from '../helpers/paths.ts';
import { makeShimSandbox, readLog, run, runAndTermOnPid, type ShimSandbox } from '../shim/support.ts';
import { AWKWARD_ARGV } from '../helpers/awkward-argv.ts';

let sb: ShimSandbox;
beforeAll(() => {
  sb = makeShimSandbox();
});
afterAll(() => sb.cleanup());

let count = 0;
/** An executable `openclaw` that is a plain `#!/usr/bin/env node` CommonJS script; returns its dir. */
function nodeFake(js: string): string {
  const dir = path.join(sb.dir, `node-fake-${(count += 1)}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'openclaw'), `#!/usr/bin/env node\n${js}\n`, { mode: 0o755 });
  return dir;
}

const MODES = [
  { mode: 'in-process', handover: 'in-process', extra: {} as Record<string, string> },
  {
    mode: 'exec (OPENCLAW_SHIM_FORCE_EXEC=1)',
    handover: 'exec',
    extra: { OPENCLAW_SHIM_FORCE_EXEC: '1' } as Record<string, string>,
  },
  {
    mode: 'exec by spawn',
    handover: 'exec',
    extra: { OPENCLAW_SHIM_FORCE_EXEC: '1', OCSHIM_TEST_NO_EXECVE: '1' } as Record<string, string>,
  },
];

const logFile = () => path.join(sb.stateDir, 'logs', 'openclaw-shim.jsonl');

/** What a Node CLI can see of the process it runs in, besides env and argv. */
const PROBE = `
const sigs = ['SIGTERM','SIGINT','SIGHUP','SIGPIPE','SIGXFSZ','SIGQUIT','SIGUSR1','SIGUSR2','SIGWINCH'];
process.stdout.write(JSON.stringify({
  listeners: Object.fromEntries(sigs.map((s) => [s, process.listenerCount(s)])),
  exitListeners: process.listenerCount('exit') + process.listenerCount('beforeExit'),
  main: require.main === module, mainModule: process.mainModule === module,
  cache: Object.keys(require.cache), execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS ?? null,
  argv1: process.argv[1], args: process.argv.slice(2), exitCode: process.exitCode ?? null,
  env: process.env,
}));`;

describe.each(MODES)('Node stand-in, hand-over $mode', ({ mode, handover, extra }) => {
  const env = (dirs: string[], more: Record<string, string> = {}) =>
    sb.env(dirs, { OPENCLAW_SHIM_QUIET: '1', ...extra, ...more });

  it('exit code passes through; the shim writes nothing on stdout; the log names the hand-over and the Node', async () => {
    const r = await run(sb.shim, {
      args: ['status'],
      env: env([nodeFake('process.stdout.write("out"); process.exitCode = 42;')]),
    });
    expect(r.code).toBe(42);
    expect(r.stdout.toString()).toBe('out');
    expect(r.stderr).toBe('');
    const last = readLog(logFile()).at(-1)!;
    expect(last.handover).toBe(handover);
    expect(last.node).toMatchObject({ path: NODE, version: process.versions.node });
  });

  it('a CLI that kills itself with SIGTERM reads as death by SIGTERM', async () => {
    const r = await run(sb.shim, {
      env: env([nodeFake("process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000);")]),
    });
    expect(r.signal).toBe('SIGTERM');
    expect(r.code).toBeNull();
  });

  it('1 MB of binary stdin arrives unchanged', async () => {
    const input = crypto.randomBytes(1024 * 1024 + 13);
    const fake = nodeFake(
      "const h = require('node:crypto').createHash('sha256'); process.stdin.on('data', (b) => h.update(b)).on('end', () => process.stdout.write(h.digest('hex')));",
    );
    const r = await run(sb.shim, { env: env([fake]), input });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(crypto.createHash('sha256').update(input).digest('hex'));
  });

  it('`| head -1` ends exactly as with the real CLI run directly', async () => {
    const fake = nodeFake("setInterval(() => process.stdout.write('openclaw-line\\n'), 1);");
    const script = (cmd: string) => `"${cmd}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const direct = await run('/bin/bash', { args: ['-c', script(path.join(fake, 'openclaw'))], env: env([fake]) });
    const shim = await run('/bin/bash', { args: ['-c', script(sb.shim)], env: env([fake]) });
    expect(shim.stdout.toString()).toBe('openclaw-line\n');
    expect(shim.stderr.match(/status=\d+/)?.[0]).toBe(direct.stderr.match(/status=\d+/)?.[0]);
    expect(/EPIPE/.test(shim.stderr)).toBe(/EPIPE/.test(direct.stderr));
  });

  it('argv byte for byte, argv[1] the real script; env: only the redirected variables change; nothing of the shim shows', async () => {
    const args = [...AWKWARD_ARGV];
    const fake = nodeFake(PROBE);
    // PWD as a shell passes it: the sh prelude keeps a caller's correct PWD byte for byte.
    const given = env([fake], { NODE_COMPILE_CACHE_UNUSED: 'x', SOME_VAR: 'kept', PWD: os.tmpdir() });
    const r = await run(sb.shim, { args, env: given });
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout.toString()) as Record<string, unknown> & { env: Record<string, string> };
    const direct = JSON.parse(
      (await run(path.join(fake, 'openclaw'), { args, env: given })).stdout.toString(),
    ) as typeof seen;
    expect(seen.args).toEqual(args);
    expect(seen.argv1).toBe(path.join(fake, 'openclaw'));
    const { env: seenEnv, ...rest } = seen;
    const { env: _directEnv, ...directRest } = direct;
    expect(rest).toEqual(directRest); // listeners, main module, module cache, execArgv, NODE_OPTIONS, exitCode
    expect(rest.listeners).toEqual(Object.fromEntries(Object.keys(rest.listeners as object).map((k) => [k, 0])));
    const redirected = {
      HOME: sb.home,
      OPENCLAW_STATE_DIR: sb.stateDir,
      OPENCLAW_CONFIG_PATH: path.join(sb.stateDir, 'openclaw.json'),
      OPENCLAW_SHIM_DEPTH: '1',
    };
    expect(seenEnv).toEqual({ ...given, ...redirected });
  });

  it('a caller that passes no PWD: the only addition is PWD = the true working directory (POSIX sh sets it)', async () => {
    const fake = nodeFake('process.stdout.write(JSON.stringify(process.env))');
    const given = env([fake]);
    const seen = JSON.parse((await run(sb.shim, { env: given })).stdout.toString()) as Record<string, string>;
    expect(
      Object.keys(seen)
        .filter((k) => !(k in given))
        .sort(),
    ).toEqual(['OPENCLAW_CONFIG_PATH', 'OPENCLAW_SHIM_DEPTH', 'OPENCLAW_STATE_DIR', 'PWD']);
    expect(seen.PWD).toBe(os.tmpdir());
  });

  it('SIGTERM sent to the shim pid reaches the real CLI’s handler', async () => {
    const fake = nodeFake(
      "process.on('SIGTERM', () => { process.stdout.write('got-TERM\\n'); process.exit(143); }); process.stdout.write(`pid=${process.pid}\\n`); setInterval(() => {}, 1000);",
    );
    const r = await runAndTermOnPid(sb.shim, env([fake]));
    expect(r.stdout.toString()).toContain('got-TERM');
    expect(r.code).toBe(143);
    if (mode !== 'exec by spawn') expect(r.stdout.toString()).toContain(`pid=${r.pid}\n`); // one process: no second Node
  });
});

describe('in process: a Node script the own Node may not run is exec’d', () => {
  it('#! with Node flags: exec as it is (the flags apply)', async () => {
    const dir = path.join(sb.dir, 'flags');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'openclaw'),
      `#!/usr/bin/env -S node --no-warnings\nprocess.stdout.write(JSON.stringify(process.execArgv))\n`,
      { mode: 0o755 },
    );
    const r = await run(sb.shim, { env: sb.env([dir], { OPENCLAW_SHIM_QUIET: '1' }) });
    expect(r.stdout.toString()).toBe('["--no-warnings"]');
    expect(readLog(logFile()).at(-1)).toMatchObject({ handover: 'exec' });
  });

  it('engines the own Node does not satisfy and no other Node: exit 71, one line naming the fix', async () => {
    const dir = path.join(sb.dir, 'pkg-future');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"openclaw","engines":{"node":">=99"}}');
    fs.writeFileSync(path.join(dir, 'openclaw'), '#!/usr/bin/env node\nprocess.stdout.write("ran")\n', { mode: 0o755 });
    const r = await run(sb.shim, { env: sb.env([dir], { OPENCLAW_SHIM_QUIET: '1' }) });
    expect(r.code).toBe(71);
    expect(r.stdout.toString()).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('>=99');
    expect(r.stderr).toContain('--node');
    expect(readLog(logFile()).at(-1)).toMatchObject({ decision: 'failed' });
  });
});
