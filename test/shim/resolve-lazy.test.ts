// The shim skips gateway locks and passwd when stronger sources decide, with the same answer as reading everything.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveHere } from '../../src/canonical/gather.ts';
import { resolveForShim } from '../../src/shim/resolve-lazy.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-lazy-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const stateDir = path.join(dir, 'root', '.openclaw');
const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{}\n');

describe('resolveForShim', () => {
  it.each([
    ['an agent codex home (structure decides)', { CODEX_HOME: codexHome, HOME: path.join(codexHome, 'home') }, false],
    ['OPENCLAW_STATE_DIR', { OPENCLAW_STATE_DIR: stateDir, HOME: dir }, false],
    [
      'OPENCLAW_HOME: the OS home comes from HOME, not passwd',
      { OPENCLAW_HOME: path.join(dir, 'root'), HOME: dir },
      false,
    ],
    ['nothing but HOME (passwd may decide)', { HOME: path.join(dir, 'nowhere') }, true],
  ])('%s: same canonical answer as reading every source', (_name, env, weak) => {
    const lazy = resolveForShim(env, dir);
    const full = resolveHere({ env, cwd: dir });
    expect(lazy.resolution.canonical).toEqual(full.resolution.canonical);
    expect(lazy.resolution.isolation).toEqual(full.resolution.isolation);
    expect(lazy.resolution.candidates.some((c) => c.source === 'passwd-home')).toBe(weak);
  });
});
