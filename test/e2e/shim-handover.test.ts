// The built shim hands over exactly like the real CLI would run: exit, signals, stdin, pipes, argv, TTY, SIGTERM.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShimSandbox, run, runAndTermOnPid, type ShimSandbox } from '../shim/support.ts';
import { AWKWARD_ARGV } from '../helpers/awkward-argv.ts';

let sb: ShimSandbox;
beforeAll(() => {
  sb = makeShimSandbox();
});
afterAll(() => sb.cleanup());

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const MODES = [
  { mode: 'execve', extra: {} as Record<string, string> },
  { mode: 'spawn fallback', extra: { OCSHIM_TEST_NO_EXECVE: '1' } as Record<string, string> },
];

describe.each(MODES)('hand-over ($mode)', ({ mode, extra }) => {
  const env = (dirs: string[], more: Record<string, string> = {}) =>
    sb.env(dirs, { OPENCLAW_SHIM_QUIET: '1', ...extra, ...more });

  it('passes the exit code through and writes nothing on stdout', async () => {
    const fake = sb.fake('exit 42');
    const r = await run(sb.shim, { args: ['status'], env: env([fake]) });
    expect(r.code).toBe(42);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each(['SIGKILL', 'SIGTERM', 'SIGPIPE'] as const)('dies by %s when the real CLI does', async (sig) => {
    const fake = sb.fake(`kill -${sig.slice(3)} $$`);
    const r = await run(sb.shim, { env: env([fake]) });
    expect(r.signal).toBe(sig);
    expect(r.code).toBeNull();
  });

  it('gives the real CLI several MB of binary stdin unchanged', async () => {
    const input = crypto.randomBytes(6 * 1024 * 1024 + 7);
    const fake = sb.fake('exec sha256sum');
    const r = await run(sb.shim, { env: env([fake]), input });
    expect(r.code).toBe(0);
    expect(r.stdout.toString().split(' ')[0]).toBe(crypto.createHash('sha256').update(input).digest('hex'));
  });

  it('`| head -1`: the real CLI dies quietly by SIGPIPE, no "Broken pipe"', async () => {
    const fake = sb.fake('exec yes openclaw-line');
    const script = `"$SHIM" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = await run('/bin/bash', { args: ['-c', script], env: { ...env([fake]), SHIM: sb.shim } });
    expect(r.stdout.toString()).toBe('openclaw-line\n');
    expect(r.stderr).not.toMatch(/broken pipe|EPIPE/i);
    expect(r.stderr.trim()).toBe('status=141');
  });

  it('passes argv byte for byte', async () => {
    const args = [...AWKWARD_ARGV];
    const fake = sb.fake(`printf '%s\\0' "$@"`);
    const r = await run(sb.shim, { args, env: env([fake]) });
    expect(r.code).toBe(0);
    expect(r.stdout.toString('utf8').split('\0').slice(0, -1)).toEqual(args);
  });

  it('SIGTERM sent to the shim pid reaches the real CLI', async () => {
    // The sleeper does not hold stdout, and "pid=" comes once $p is set: no orphan keeps the pipe open.
    const fake = sb.fake(
      `trap 'kill $p 2>/dev/null; echo got-TERM; exit 143' TERM\nsleep 30 >/dev/null 2>&1 & p=$!\necho "pid=$$"\nwait $p`,
    );
    const r = await runAndTermOnPid(sb.shim, env([fake]));
    const out = r.stdout.toString();
    expect(out).toContain('got-TERM');
    expect(r.code).toBe(143);
    // execve: the shim's pid IS the real CLI's; the spawn fallback (no process.execve) starts a child.
    if (mode === 'execve') expect(out).toContain(`pid=${r.pid}\n`);
    else expect(out).not.toContain(`pid=${r.pid}\n`);
  });

  it.skipIf(!hasScript)('keeps the terminal: the real CLI sees a TTY on stdin, stdout and stderr', async () => {
    const fake = sb.fake('[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty || echo not-tty');
    const r = await run('script', { args: ['-qec', sb.shim, '/dev/null'], env: env([fake]) });
    expect(r.stdout.toString()).toContain('all-tty');
    expect(r.code).toBe(0);
  });

  it('missing real binary: 127 and one line', async () => {
    const r = await run(sb.shim, { env: env([], { OPENCLAW_SHIM_REAL_BIN: path.join(sb.dir, 'nope', 'openclaw') }) });
    expect(r.code).toBe(127);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('does not exist');
  });

  it('no openclaw on PATH besides the shim: 127 and one line', async () => {
    const r = await run(sb.shim, { env: env([]) });
    expect(r.code).toBe(127);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('non-executable real binary: 126 and one line (explicit and on PATH)', async () => {
    const dir = sb.fake('exit 0');
    fs.chmodSync(path.join(dir, 'openclaw'), 0o644);
    for (const e of [env([dir]), env([], { OPENCLAW_SHIM_REAL_BIN: path.join(dir, 'openclaw') })]) {
      const r = await run(sb.shim, { env: e });
      expect(r.code).toBe(126);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('not executable');
    }
  });

  it('a real binary whose interpreter is missing: 127 and one line', async () => {
    const dir = path.join(sb.dir, `badinterp-${mode.replace(/\W/g, '')}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'openclaw'), '#!/nonexistent/interpreter\n', { mode: 0o755 });
    const r = await run(sb.shim, { env: env([dir]) });
    expect(r.code).toBe(127);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
