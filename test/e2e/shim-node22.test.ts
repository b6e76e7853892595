// The shim on the engines floor, Node 22.12 (no process.execve): the spawn fallback keeps the hand-over promises.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { ensureNode22, NODE22_VERSION } from '../shim/node22.ts';
import { makeShimSandbox, run, type ShimSandbox } from '../shim/support.ts';

let node22: string;
let sb: ShimSandbox;
beforeAll(async () => {
  node22 = await ensureNode22();
  sb = makeShimSandbox({ nodePath: node22 });
}, 300_000);
afterAll(() => sb?.cleanup());

const env = (dirs: string[], extra: Record<string, string> = {}) =>
  sb.env(dirs, { OPENCLAW_SHIM_QUIET: '1', ...extra });

describe(`shim on Node ${NODE22_VERSION}`, () => {
  it('runs on the floor Node, which has no process.execve', () => {
    const r = spawnSync(node22, ['-p', 'process.version + " " + typeof process.execve'], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(`v${NODE22_VERSION} undefined`);
    const [first, second] = fs.readFileSync(sb.shim, 'utf8').split('\n');
    expect(first).toBe('#!/bin/sh');
    expect(second).toContain(`for n in '${node22}'`); // the prelude tries the install-time Node first
  });

  it('spawns (the real CLI has its own pid) and passes the exit code through', async () => {
    const r = await run(sb.shim, { env: env([sb.fake('echo "pid=$$"; exit 7')]) });
    expect(r.code).toBe(7);
    expect(r.stdout.toString()).toMatch(/^pid=\d+\n$/);
    expect(r.stdout.toString()).not.toBe(`pid=${r.pid}\n`);
  });

  it('dies by the signal the real CLI died by', async () => {
    const r = await run(sb.shim, { env: env([sb.fake('kill -TERM $$')]) });
    expect(r.signal).toBe('SIGTERM');
  });

  it('stdin bytes and argv arrive unchanged', async () => {
    const input = crypto.randomBytes(3 * 1024 * 1024);
    const args = ['a b', '', 'ünï ✓', '--', `"'`];
    const r = await run(sb.shim, { args, input, env: env([sb.fake(`sha256sum; printf '%s\\0' "$@"`)]) });
    const [hash, rest] = [r.stdout.toString().slice(0, 64), r.stdout.toString().slice(r.stdout.indexOf('\n') + 1)];
    expect(hash).toBe(crypto.createHash('sha256').update(input).digest('hex'));
    expect(rest.split('\0').slice(0, -1)).toEqual(args);
  });

  it('`| head -1`: no "Broken pipe", the pipeline sees SIGPIPE', async () => {
    const script = `"$SHIM" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const r = await run('/bin/bash', { args: ['-c', script], env: { ...env([sb.fake('exec yes y')]), SHIM: sb.shim } });
    expect(r.stdout.toString()).toBe('y\n');
    expect(r.stderr).not.toMatch(/broken pipe|EPIPE/i);
    expect(r.stderr.trim()).toBe('status=141');
  });

  it('SIGTERM to the shim pid is forwarded to the real CLI', async () => {
    const fake = sb.fake(
      `trap 'kill $p 2>/dev/null; echo got-TERM; exit 143' TERM\nsleep 30 >/dev/null 2>&1 & p=$!\necho ready\nwait $p`,
    );
    const r = await run(sb.shim, {
      env: env([fake]),
      onStdout: (seen, child) => seen === 'ready\n' && child.kill('SIGTERM'),
    });
    expect(r.stdout.toString()).toBe('ready\ngot-TERM\n');
    expect(r.code).toBe(143);
  });

  it('missing real binary: 127, one line', async () => {
    const r = await run(sb.shim, { env: env([], { OPENCLAW_SHIM_REAL_BIN: '/nonexistent/openclaw' }) });
    expect(r.code).toBe(127);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe(`shim on Node ${NODE22_VERSION} with the real OpenClaw 2026.5.12`, () => {
  let g: Gateway;
  afterAll(() => g?.cleanup());

  it('redirects sessions to the canonical store; no shadow tree', async () => {
    g = makeGateway('json', { agents: ['target'] });
    const shim = installShim({
      codexHome: g.codexHome,
      env: { PATH: g.isolatedEnv().PATH!, HOME: g.home },
      flags: { stateDir: g.stateDir },
      command: 'install',
      nodePath: node22,
    });
    const e = g.isolatedEnv();
    const r = await runIn(g.dir, 'openclaw', ['sessions', '--agent', 'target', '--json'], {
      ...e,
      PATH: `${shim.shimDir}${path.delimiter}${e.PATH}`,
    });
    expect(r.exitCode).toBe(0);
    const stdout = String(r.stdout);
    expect(JSON.parse(stdout.slice(stdout.indexOf('{'))).path).toBe(
      path.join(g.stateDir, 'agents', 'target', 'sessions', 'sessions.json'),
    );
    expect(fs.existsSync(path.join(g.isolatedHome, '.openclaw'))).toBe(false);
  });
});
