// The built shim's redirect, refusal, bypass, mutation notice and redirect log, with fake openclaws.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesBelow, makeShimSandbox, readLog, run, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let printer: string;
const sandboxes: ShimSandbox[] = [];
beforeAll(() => {
  sb = makeShimSandbox();
  sandboxes.push(sb);
  printer = sb.fake(
    'for v in HOME OPENCLAW_STATE_DIR OPENCLAW_CONFIG_PATH CODEX_HOME OPENCLAW_GATEWAY_TOKEN; do eval "echo $v=\\${$v-unset}"; done',
  );
});
afterAll(() => {
  for (const s of sandboxes) s.cleanup();
});

const vars = (stdout: Buffer) =>
  Object.fromEntries(
    stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
const logFile = (s: ShimSandbox) => path.join(s.stateDir, 'logs', 'openclaw-shim.jsonl');

describe('redirect', () => {
  it('gives the real CLI the canonical HOME, state dir and config, and leaves everything else', async () => {
    const r = await run(sb.shim, {
      args: ['sessions', '--json'],
      env: sb.env([printer], { OPENCLAW_GATEWAY_TOKEN: 'tok-1' }),
    });
    expect(r.code).toBe(0);
    expect(vars(r.stdout)).toEqual({
      HOME: sb.home,
      OPENCLAW_STATE_DIR: sb.stateDir,
      OPENCLAW_CONFIG_PATH: path.join(sb.stateDir, 'openclaw.json'),
      CODEX_HOME: sb.codexHome,
      OPENCLAW_GATEWAY_TOKEN: 'tok-1',
    });
    expect(r.stderr).toBe('');
  });

  it('OPENCLAW_SHIM_BYPASS=1 runs the real CLI untouched, says so, and logs it', async () => {
    const r = await run(sb.shim, { args: ['status'], env: sb.env([printer], { OPENCLAW_SHIM_BYPASS: '1' }) });
    expect(vars(r.stdout)).toMatchObject({
      HOME: sb.isolatedHome,
      OPENCLAW_STATE_DIR: 'unset',
      OPENCLAW_CONFIG_PATH: 'unset',
    });
    expect(r.stderr).toContain('OPENCLAW_SHIM_BYPASS=1');
    const last = readLog(logFile(sb)).at(-1)!;
    expect(last).toMatchObject({ decision: 'bypassed', argv: ['status'], redirects: [] });
  });
});

describe('mutating commands', () => {
  const quietless = (extra: Record<string, string> = {}) => sb.env([sb.fake('exit 0')], extra);

  it('prints one stderr line naming the state dir and the store before a write', async () => {
    const r = await run(sb.shim, { args: ['sessions', 'cleanup', '--agent', 'target', '--enforce'], env: quietless() });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`state dir ${sb.stateDir}`);
    expect(lines[0]).toContain(`store ${path.join(sb.stateDir, 'agents', 'target', 'sessions', 'sessions.json')}`);
    expect(r.stdout.length).toBe(0);
  });

  it('says nothing for a read-only command, or with OPENCLAW_SHIM_QUIET=1', async () => {
    expect((await run(sb.shim, { args: ['sessions', '--json'], env: quietless() })).stderr).toBe('');
    expect(
      (await run(sb.shim, { args: ['sessions', 'cleanup'], env: quietless({ OPENCLAW_SHIM_QUIET: '1' }) })).stderr,
    ).toBe('');
  });
});

describe('refusal', () => {
  it('isolated HOME with no canonical state: exit 78, names the isolated home, runs nothing, creates nothing', async () => {
    const codexHome = path.join(sb.dir, 'custom', 'codex-home');
    const isolatedHome = path.join(codexHome, 'home');
    fs.mkdirSync(isolatedHome, { recursive: true });
    const mark = path.join(sb.dir, 'fake-ran');
    const fake = sb.fake(`touch ${mark}`);
    const env = { ...sb.env([fake]), HOME: isolatedHome, CODEX_HOME: codexHome };
    const r = await run(sb.shim, { args: ['sessions', 'cleanup', '--enforce'], env });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain(`HOME=${isolatedHome}`);
    expect(r.stderr).toContain('Tried:');
    expect(r.stderr).toContain('OPENCLAW_SHIM_STATE_DIR');
    expect(r.stdout.length).toBe(0);
    expect(fs.existsSync(mark)).toBe(false);
    expect(fs.readdirSync(isolatedHome)).toEqual([]);
    const logged = readLog(path.join(codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl'));
    expect(logged.map((x) => x.decision)).toEqual(['refused']);
  });
});

describe('redirect log', () => {
  it('writes one JSON line per call with the documented fields, mode 0600', async () => {
    const before = readLog(logFile(sb)).length;
    const r = await run(sb.shim, {
      args: ['sessions', '--agent', 'target', '--json'],
      env: sb.env([sb.fake('exit 0')], { OPENCLAW_SHIM_QUIET: '1' }),
    });
    const records = readLog(logFile(sb));
    expect(records).toHaveLength(before + 1);
    const rec = records.at(-1)!;
    expect(rec).toMatchObject({
      pid: r.pid,
      cwd: expect.any(String),
      argv: ['sessions', '--agent', 'target', '--json'],
      decision: 'redirected',
      realBin: expect.stringMatching(/\/fake-\d+\/openclaw$/),
      stateDir: sb.stateDir,
    });
    expect(typeof rec.ppid).toBe('number');
    expect(new Date(rec.time as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(rec.redirects).toEqual([
      { name: 'HOME', from: sb.isolatedHome, to: sb.home, source: 'capture' },
      { name: 'OPENCLAW_STATE_DIR', to: sb.stateDir, source: 'capture' },
      { name: 'OPENCLAW_CONFIG_PATH', to: path.join(sb.stateDir, 'openclaw.json'), source: expect.any(String) },
    ]);
    expect(fs.statSync(logFile(sb)).mode & 0o777).toBe(0o600);
  });

  it('never writes an environment value other than the path variables, nor argv secrets', async () => {
    const secrets = {
      OPENCLAW_GATEWAY_TOKEN: 'tok-SECRET-1',
      OPENCLAW_GATEWAY_PASSWORD: 'pw-SECRET-2',
      OPENAI_API_KEY: 'key-SECRET-3',
      UNRELATED: 'plain-SECRET-4',
    };
    const args = [
      'gateway',
      'call',
      'health',
      '--token',
      'tok-SECRET-1',
      '--password=pw-SECRET-2',
      '--url',
      'wss://u:url-SECRET-5@h/',
      'OPENAI_API_KEY=key-SECRET-3',
      '--provider-env=OPENAI_API_KEY=pe-SECRET-6',
      'https://hooks.slack.com/services/T0/B0/wh-SECRET-7',
      '-p',
      'p-SECRET-8',
      '--provider-source',
      'exec',
    ];
    const file = path.join(sb.dir, 'secret-log.jsonl');
    await run(sb.shim, { args, env: sb.env([sb.fake('exit 0')], { ...secrets, OPENCLAW_SHIM_LOG: file }) });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('"gateway","call","health"');
    expect(text).toContain('"--provider-source","exec"');
    expect(text).not.toMatch(/SECRET/);
  });

  it('keeps lines whole under 40 concurrent calls', async () => {
    const file = path.join(sb.dir, 'concurrent.jsonl');
    const fake = sb.fake('exit 0');
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        run(sb.shim, {
          args: ['status', `call-${i}`, 'x'.repeat(i * 50)],
          env: sb.env([fake], { OPENCLAW_SHIM_LOG: file, OPENCLAW_SHIM_QUIET: '1' }),
        }),
      ),
    );
    expect(runs.every((r) => r.code === 0)).toBe(true);
    const records = readLog(file); // throws on a torn line
    expect(records).toHaveLength(40);
    expect(new Set(records.map((x) => (x.argv as string[])[1]))).toEqual(new Set(runs.map((_, i) => `call-${i}`)));
  });

  it('rotates at OPENCLAW_SHIM_LOG_MAX_BYTES and keeps a bounded number of files', async () => {
    const file = path.join(sb.dir, 'rotating', 'log.jsonl');
    const fake = sb.fake('exit 0');
    const max = 2000;
    let calls = 0;
    for (let batch = 0; batch < 5; batch += 1) {
      await Promise.all(
        Array.from({ length: 8 }, () =>
          run(sb.shim, {
            args: ['status', `n${(calls += 1)}`],
            env: sb.env([fake], {
              OPENCLAW_SHIM_LOG: file,
              OPENCLAW_SHIM_LOG_MAX_BYTES: String(max),
              OPENCLAW_SHIM_QUIET: '1',
            }),
          }),
        ),
      );
    }
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['log.jsonl', 'log.jsonl.1', 'log.jsonl.2', 'log.jsonl.3']);
    const lineMax = Math.max(
      ...names.flatMap((n) =>
        fs
          .readFileSync(path.join(path.dirname(file), n), 'utf8')
          .split('\n')
          .map((l) => l.length),
      ),
    );
    for (const n of names) {
      const p = path.join(path.dirname(file), n);
      expect(readLog(p).length).toBeGreaterThan(0);
      expect(fs.statSync(p).size).toBeLessThanOrEqual(max + 8 * (lineMax + 1));
    }
  });

  it('falls back under the codex home when the state logs dir cannot be created', async () => {
    const s2 = makeShimSandbox();
    sandboxes.push(s2);
    fs.writeFileSync(path.join(s2.stateDir, 'logs'), 'a regular file where the logs dir would be\n');
    const fake = s2.fake('exit 0');
    await run(s2.shim, { args: ['status'], env: s2.env([fake], { OPENCLAW_SHIM_QUIET: '1' }) });
    const fallback = path.join(s2.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl');
    expect(readLog(fallback).map((x) => x.decision)).toEqual(['redirected']);
    expect(fs.statSync(fallback).mode & 0o777).toBe(0o600);
  });

  it('falls back under the codex home when OPENCLAW_SHIM_LOG is not writable', async () => {
    const s3 = makeShimSandbox();
    sandboxes.push(s3);
    const blocker = path.join(s3.dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    await run(s3.shim, {
      args: ['status'],
      env: s3.env([s3.fake('exit 0')], { OPENCLAW_SHIM_QUIET: '1', OPENCLAW_SHIM_LOG: path.join(blocker, 'x.jsonl') }),
    });
    expect(readLog(path.join(s3.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl'))).toHaveLength(1);
    expect(filesBelow(path.join(s3.stateDir, 'logs'))).toEqual([]);
  });
});
