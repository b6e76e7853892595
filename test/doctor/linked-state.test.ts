// doctor on a state dir reached through a link examines it once; doctor on a home says which state dir it holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-linked-state-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const realState = path.join(dir, 'data', 'openclaw');
const home = path.join(dir, 'home', 'gw');
const linked = path.join(home, '.openclaw');
fs.mkdirSync(path.join(realState, 'agents', 'main', 'sessions'), { recursive: true });
fs.mkdirSync(home, { recursive: true });
fs.symlinkSync(realState, linked);
// The config names the agentDir by its real path; doctor is given the link (as ~/.openclaw usually is).
fs.writeFileSync(
  path.join(realState, 'openclaw.json'),
  JSON.stringify({
    agents: { list: [{ id: 'main', default: true, agentDir: path.join(realState, 'agents', 'main', 'agent') }] },
  }),
);
fs.writeFileSync(
  path.join(realState, 'agents', 'main', 'sessions', 'sessions.json'),
  JSON.stringify({ 'agent:main:main': { sessionId: 'a', updatedAt: 1 } }),
);
const shadow = path.join(
  realState,
  'agents',
  'main',
  'agent',
  'codex-home',
  'home',
  '.openclaw',
  'agents',
  'main',
  'sessions',
);
fs.mkdirSync(shadow, { recursive: true });
fs.writeFileSync(
  path.join(shadow, 'sessions.json'),
  JSON.stringify({ 'agent:main:shadow': { sessionId: 'b', updatedAt: 2 } }),
);
const env = { PATH: BASE_PATH, HOME: home };

describe('doctor --state-dir through a link, and on a home', () => {
  it('lists the shadow once', async () => {
    const r = await runIn(dir, NODE, [CLI_JS, 'doctor', '--state-dir', linked, '--json'], env);
    const report = JSON.parse(String(r.stdout));
    expect(report.shadows.map((s: { path: string }) => s.path)).toHaveLength(1);
    expect(
      report.findings.filter((f: { code: string }) => f.code === 'SHADOW_DIVERGED' || f.code === 'SHADOW_TREE'),
    ).toHaveLength(1);
  });
  it('repair plans one backup of that shadow, not two', async () => {
    const r = await runIn(dir, NODE, [CLI_JS, 'repair', '--state-dir', linked, '--json'], env);
    const text = String(r.stdout);
    const plan = JSON.parse(text);
    const mentions =
      text.split(path.join('codex-home', 'home', '.openclaw', 'agents', 'main', 'sessions', 'sessions.json')).length -
      1;
    expect(plan, String(r.stderr)).toBeTruthy();
    expect(
      new Set(JSON.stringify(plan).match(/"[^"]*codex-home\/home\/\.openclaw"/g) ?? []).size,
      text.slice(0, 2000),
    ).toBe(1);
    expect(mentions).toBeGreaterThan(0);
  });
  it('a home is not a state dir: says which one it holds instead of "no shadow"', async () => {
    const r = await runIn(dir, NODE, [CLI_JS, 'doctor', '--state-dir', home], env);
    expect(r.exitCode).toBe(66);
    expect(String(r.stderr)).toContain(`${home} is a home, not a state dir`);
    expect(String(r.stderr)).toContain(`pass --state-dir ${linked}`);
  });
});
