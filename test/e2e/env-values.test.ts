// The real OpenClaw 2026.9.6 CLI and explain agree on unset-like values: OPENCLAW_HOME=undefined is unset, HOME=undefined falls to the cwd.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-envv-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const home = path.join(dir, 'home');
const cwd = path.join(dir, 'cwd');
fs.mkdirSync(path.join(home, '.openclaw'), { recursive: true });
fs.mkdirSync(cwd);

const realConfigFile = async (env: Record<string, string>): Promise<string> => {
  const bin = cachedOpenclaw(OPENCLAW_VERSIONS.sqlite)!.bin;
  const r = await runIn(cwd, bin, ['config', 'file'], { PATH: BASE_PATH, ...env });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return String(r.stdout).trim().split('\n').at(-1)!;
};

const explainConfig = async (env: Record<string, string>): Promise<string> => {
  const r = await runIn(cwd, NODE, [CLI_JS, 'explain', '--json'], { PATH: BASE_PATH, ...env });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return (JSON.parse(String(r.stdout)) as { openclawWillUse: { configPath: string } }).openclawWillUse.configPath;
};

describe('unset-like values: explain predicts what the real CLI does', () => {
  it.each([
    [
      'OPENCLAW_HOME=undefined',
      { HOME: home, OPENCLAW_HOME: 'undefined' },
      path.join(home, '.openclaw', 'openclaw.json'),
    ],
    ['OPENCLAW_HOME=null', { HOME: home, OPENCLAW_HOME: 'null' }, path.join(home, '.openclaw', 'openclaw.json')],
    ['HOME=undefined', { HOME: 'undefined' }, path.join(cwd, '.openclaw', 'openclaw.json')],
  ])(
    '%s',
    async (_name, env, expected) => {
      const [real, ours] = await Promise.all([realConfigFile(env), explainConfig(env)]);
      expect(real).toBe(expected);
      expect(ours).toBe(real);
    },
    120_000,
  );
});
