// installShim: the files it writes, their modes and provenance, idempotence, refusals, and a portable shim script.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCapture } from '../../src/canonical/capture.ts';
import { installShim } from '../../src/install/install.ts';
import { isGeneratedShim } from '../../src/install/shim-file.ts';
import { EXIT, ExitError } from '../../src/lib/exit.ts';
import { BASE_PATH } from '../helpers/paths.ts';
import { run, writeFake } from '../shim/support.ts';

let dir: string;
let stateDir: string;
let codexHome: string;
beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-inst-')));
  stateDir = path.join(dir, 'root', '.openclaw');
  codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  fs.mkdirSync(codexHome, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{}\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const install = (extra: Partial<Parameters<typeof installShim>[0]> = {}) =>
  installShim({ codexHome, env: { PATH: BASE_PATH, HOME: path.join(dir, 'root') }, command: 'install', ...extra });

const exitCodeOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof ExitError ? error.code : -1;
  }
  return undefined;
};

describe('installShim', () => {
  it('writes an executable shim and a 0600 capture whose fields carry their sources', () => {
    const real = path.join(writeFake(path.join(dir, 'real'), 'exit 0'), 'openclaw');
    const r = install({ realOpenclaw: real });
    expect(r.actions.map((a) => a.action)).toEqual(['created', 'created']);
    expect(fs.statSync(r.shimPath).mode & 0o777).toBe(0o755);
    expect(fs.statSync(r.capturePath).mode & 0o777).toBe(0o600);
    const read = parseCapture(fs.readFileSync(r.capturePath, 'utf8'));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.capture.stateDir).toMatchObject({ value: stateDir, source: 'structure' });
    expect(read.capture.home.value).toBe(path.join(dir, 'root'));
    expect(read.capture.realOpenclaw).toMatchObject({ value: real, source: 'explicit-flag' });
    expect(read.capture.codexHome).toBe(codexHome);
    expect(isGeneratedShim(fs.readFileSync(r.shimPath, 'utf8'))).toBe(true);
  });

  it('is idempotent: a second identical install changes nothing', () => {
    const real = path.join(dir, 'real', 'openclaw');
    const before = fs.statSync(path.join(codexHome, 'openclaw-shim', 'capture.json')).mtimeMs;
    const r = install({ realOpenclaw: real });
    expect(r.actions.map((a) => a.action)).toEqual(['unchanged', 'unchanged']);
    expect(fs.statSync(r.capturePath).mtimeMs).toBe(before);
  });

  it('--state-dir wins and is recorded as explicit', () => {
    const r = install({ flags: { stateDir } });
    expect(r.capture.stateDir).toMatchObject({ value: stateDir, source: 'explicit-flag' });
    expect(r.actions[1]!.action).toBe('updated');
  });

  it('refuses without a canonical state, a missing codex home, or a missing --real-openclaw', () => {
    const custom = path.join(dir, 'custom', 'codex-home');
    fs.mkdirSync(custom, { recursive: true });
    expect(
      exitCodeOf(() => install({ codexHome: custom, env: { PATH: BASE_PATH, HOME: path.join(custom, 'home') } })),
    ).toBe(EXIT.NO_INPUT);
    expect(fs.existsSync(path.join(custom, 'openclaw-shim'))).toBe(false);
    expect(exitCodeOf(() => install({ codexHome: path.join(dir, 'nope') }))).toBe(EXIT.NO_INPUT);
    expect(exitCodeOf(() => install({ realOpenclaw: path.join(dir, 'missing-openclaw') }))).toBe(EXIT.NOT_FOUND);
  });

  it('the installed shim is a plain script: it runs under a package.json of either type', async () => {
    const text = fs.readFileSync(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'), 'utf8');
    expect(text).not.toMatch(/^\s*import\s|\bexport\s*\{/m);
    for (const type of ['commonjs', 'module']) {
      const where = path.join(dir, `pkg-${type}`);
      fs.mkdirSync(where);
      fs.writeFileSync(path.join(where, 'package.json'), JSON.stringify({ type }));
      const copy = path.join(where, 'openclaw');
      fs.writeFileSync(copy, text, { mode: 0o755 });
      const r = await run(copy, { env: { PATH: BASE_PATH, OPENCLAW_SHIM_REAL_BIN: '/bin/echo' }, args: ['hello'] });
      expect(r.stdout.toString()).toBe('hello\n');
    }
  });
});
