// The built management CLI turns bad input into one clear line and a distinct exit code, never a stack trace.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE, ROOT } from '../helpers/paths.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-cli-'));
const notADir = path.join(dir, 'a-file');
fs.writeFileSync(notADir, 'x');
const codexHome = path.join(dir, 'codex-home');
fs.mkdirSync(codexHome);
const brokenCapture = path.join(dir, 'broken-capture.json');
fs.writeFileSync(brokenCapture, '{ not json');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = { PATH: BASE_PATH, HOME: dir, NO_COLOR: '1' };

const cases: Array<[string, string[], number, RegExp]> = [
  ['no command', [], 2, /Name a command/],
  [
    'unknown command',
    ['frobnicate'],
    2,
    /^openclaw-shim: unknown command 'frobnicate'\.\nCommands: demo, setup, .*log, completion\./,
  ],
  ['unknown command far from any (no guess)', ['foo'], 2, /unknown command 'foo'\.\n/],
  ['a typo', ['doctr'], 2, /unknown command 'doctr'\. Did you mean 'doctor'\?/],
  ['swapped letters', ['repiar'], 2, /Did you mean 'repair'\?/],
  ['a prefix of one command', ['unins'], 2, /Did you mean 'uninstall'\?/],
  ['unknown option', ['doctor', '--frobnicate'], 2, /Unknown argument: frobnicate/],
  ['missing required option', ['install'], 2, /Missing required argument: codex-home/],
  ['bad number', ['log', '--limit', 'many'], 2, /--limit takes a whole number/],
  [
    'install into a missing codex home',
    ['install', '--codex-home', path.join(dir, 'nope'), '--state-dir', dir],
    66,
    /does not exist/,
  ],
  ['install into a file', ['install', '--codex-home', notADir, '--state-dir', dir], 66, /not a directory/],
  ['doctor on a missing state dir', ['doctor', '--state-dir', path.join(dir, 'nope')], 66, /does not exist/],
  [
    'install with an empty --codex-home',
    ['install', '--codex-home', '', '--state-dir', dir],
    2,
    /--codex-home needs a value/,
  ],
  ['doctor with an empty --state-dir', ['doctor', '--state-dir', ''], 2, /--state-dir needs a value/],
  [
    'install naming a state dir that does not exist',
    ['install', '--codex-home', codexHome, '--state-dir', path.join(dir, 'typo', '.openclaw')],
    66,
    /the state dir you named cannot be used: .*does not exist/,
  ],
  [
    'log naming a dir that is no state dir',
    ['log', '--state-dir', dir],
    66,
    /the state dir you named cannot be used: .*holds no OpenClaw config.*; pass --file/,
  ],
  [
    'demo on a SQLite-store release',
    ['demo', '--openclaw-version', '2026.9.6'],
    2,
    /^openclaw-shim: the demo supports OpenClaw 2026\.5\.x only \(JSON session stores; default 2026\.5\.12\), not 2026\.9\.6$/,
  ],
  [
    'demo on a version that is none',
    ['demo', '--openclaw-version', 'latest'],
    2,
    /supports OpenClaw 2026\.5\.x only.*not latest$/,
  ],
  ['undo from a dir that is not a backup', ['repair', '--undo', dir, '--state-dir', dir], 65, /manifest|backup/i],
];

describe('bad input to openclaw-shim', () => {
  it.each(cases)('%s %j: exit %i', async (_name, args, code, message) => {
    const r = await runIn(dir, NODE, [CLI_JS, ...args], env);
    expect(r.exitCode).toBe(code);
    expect(String(r.stderr)).toMatch(message);
    expect(String(r.stderr)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(String(r.stdout)).toBe('');
  });

  it('explain with a corrupt capture names the file and the problem instead of crashing', async () => {
    const r = await runIn(dir, NODE, [CLI_JS, 'explain', '--json'], { ...env, OPENCLAW_SHIM_CAPTURE: brokenCapture });
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(String(r.stdout)) as { capture: { ok: boolean; reason: string } };
    expect(report.capture).toMatchObject({ ok: false });
    expect(report.capture.reason).toMatch(/not JSON/);
  });
});

describe('the Node floor', () => {
  // The machine's system Node (20 here) is older than the floor; skip where it is not.
  const systemNode = ['/usr/local/bin/node', '/usr/bin/node'].find((p) => fs.existsSync(p));
  const old =
    systemNode && Number(String(execFileSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'])).trim()) < 22;
  it.skipIf(!old)('bin/openclaw-shim.mjs on an old Node says what it needs and exits 71', async () => {
    const r = await runIn(dir, systemNode!, [path.join(ROOT, 'bin', 'openclaw-shim.mjs'), '--version'], env);
    expect(r.exitCode).toBe(71);
    expect(String(r.stderr)).toMatch(/needs Node >= 22\.12/);
  });
});
