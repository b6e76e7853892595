// `openclaw-shim log` reads only records of its own: foreign JSON lines are skipped, never a crash.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EXIT } from '../../src/lib/exit.ts';
import { CLI_JS, NODE, BASE_PATH } from '../helpers/paths.ts';
import { runIn } from '../helpers/sandbox.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-log-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const good = {
  time: '2026-11-29T10:00:00.000Z',
  pid: 7,
  ppid: 1,
  cwd: '/',
  argv: ['sessions', '--json'],
  decision: 'redirected',
  redirects: [{ name: 'HOME', from: '/x/home', to: '/root', source: 'capture' }],
};

it('skips valid JSON that is not a record ({}, numbers, arrays, null, a string argv) and prints the real ones', async () => {
  const file = path.join(dir, 'openclaw-shim.jsonl');
  const foreign = [
    '{}',
    '{"time":5}',
    '[1,2]',
    'null',
    '"text"',
    JSON.stringify({ ...good, argv: 'str' }),
    JSON.stringify({ ...good, redirects: [{}] }),
    'garbage',
  ];
  fs.writeFileSync(file, `${[...foreign, JSON.stringify(good)].join('\n')}\n`);
  const env = { PATH: BASE_PATH, HOME: dir, OPENCLAW_SHIM_LOG: file, NO_COLOR: '1' };
  const human = await runIn(dir, NODE, [CLI_JS, 'log'], env);
  expect(human.exitCode, String(human.stderr)).toBe(0);
  expect(String(human.stdout).trim().split('\n')[0]).toBe(`${good.time} pid 7 redirected openclaw sessions --json`);
  expect(String(human.stdout)).toContain('HOME: /x/home -> /root (capture)');
  const json = await runIn(dir, NODE, [CLI_JS, 'log', '--json'], env);
  expect(json.exitCode).toBe(0);
  expect(
    (JSON.parse(String(json.stdout)) as { records: Array<{ argv: string[] }> }).records.map((r) => r.argv),
  ).toEqual([good.argv]);
});

it('--file naming a directory, a FIFO or an unreadable file: one line and its exit code, never an empty log', async () => {
  const env = { PATH: BASE_PATH, HOME: dir, NO_COLOR: '1' };
  const fifo = path.join(dir, 'fifo.jsonl');
  execFileSync('mkfifo', [fifo]);
  for (const [file, what] of [
    [dir, 'a directory'],
    [fifo, 'a FIFO'],
  ] as const) {
    const r = await runIn(dir, NODE, [CLI_JS, 'log', '--file', file], env);
    expect(r.exitCode, String(r.stdout)).toBe(EXIT.DATA);
    expect(String(r.stderr).trim()).toBe(
      `openclaw-shim: --file ${file} is ${what}, not a redirect log; name the .jsonl file itself`,
    );
    expect(String(r.stdout)).toBe('');
  }
  const closed = path.join(dir, 'closed.jsonl');
  fs.writeFileSync(closed, `${JSON.stringify(good)}\n`, { mode: 0o000 });
  const r = await runIn(dir, NODE, [CLI_JS, 'log', '--file', closed], env);
  // root reads any file: then the records show, as for any readable log.
  if (process.getuid?.() === 0) expect(r.exitCode).toBe(0);
  else {
    expect(r.exitCode).toBe(EXIT.CANT_READ);
    expect(String(r.stderr)).toMatch(/^openclaw-shim: could not read .*closed\.jsonl: permission denied/);
  }
});

it('--file naming a file that is not a redirect log (text, JSON): one line and 65; an empty log is just empty', async () => {
  const env = { PATH: BASE_PATH, HOME: dir, NO_COLOR: '1' };
  const hostname = path.join(dir, 'hostname');
  const other = path.join(dir, 'other.json');
  fs.writeFileSync(hostname, 'gateway-host\n');
  fs.writeFileSync(other, '{ "agents": [] }\n');
  for (const file of [hostname, other]) {
    const r = await runIn(dir, NODE, [CLI_JS, 'log', '--file', file], env);
    expect(r.exitCode, String(r.stdout)).toBe(EXIT.DATA);
    expect(String(r.stderr).trim()).toBe(
      `openclaw-shim: --file ${file} holds no openclaw-shim redirect record: is it the shim's .jsonl log?`,
    );
    expect(String(r.stdout)).toBe('');
  }
  const empty = path.join(dir, 'empty.jsonl');
  fs.writeFileSync(empty, '');
  const r = await runIn(dir, NODE, [CLI_JS, 'log', '--file', empty], env);
  expect(r.exitCode).toBe(0);
  expect(String(r.stdout)).toBe('');
});
