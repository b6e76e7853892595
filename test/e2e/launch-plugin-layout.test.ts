// The launcher on the real layout `openclaw plugins install @openclaw/codex@2026.9.5` leaves: it finds and runs the plugin's Codex.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedCodexPlugin } from '../helpers/codex-plugin-cache.ts';
import { BASE_PATH, LAUNCH_JS, NODE } from '../helpers/paths.ts';
import { runIn } from '../helpers/sandbox.ts';

const plugin = cachedCodexPlugin();
if (!plugin) throw new Error('the codex plugin is not cached; the global setup installs it');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-layout-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const managedIn = (stateDir: string): string =>
  path.join(
    stateDir,
    'npm',
    'projects',
    'openclaw-codex-8902d781d4',
    'node_modules',
    '@openai',
    'codex',
    'bin',
    'codex.js',
  );

describe('launcher with the 2026.9.x codex plugin', () => {
  it('probe: resolves the managed Codex from the install record OpenClaw keeps in SQLite, runs nothing', async () => {
    const r = await runIn(dir, NODE, [LAUNCH_JS, 'app-server'], {
      PATH: BASE_PATH,
      HOME: dir,
      OPENCLAW_STATE_DIR: plugin.stateDir,
      OPENCLAW_SHIM_LAUNCH_PROBE: '1',
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const report = JSON.parse(String(r.stdout));
    expect(report).toMatchObject({
      ok: true,
      file: NODE,
      args: [managedIn(plugin.stateDir)],
      stateDir: plugin.stateDir,
    });
    expect(report.source).toContain('installed at');
  });

  it('a gateway state holding only the npm/ tree: the launcher execs the plugin Codex (0.154.0), with the shim set up', async () => {
    const stateDir = path.join(dir, 'home', '.openclaw');
    fs.mkdirSync(stateDir, { recursive: true });
    // Hard links: the same files as the cache, none of its bookkeeping (OpenClaw recovers the record from npm/).
    execFileSync('cp', ['-al', plugin.npmDir, path.join(stateDir, 'npm')]);
    fs.copyFileSync(path.join(plugin.stateDir, 'openclaw.json'), path.join(stateDir, 'openclaw.json'));
    const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
    fs.mkdirSync(codexHome, { recursive: true });
    const r = await runIn(dir, NODE, [LAUNCH_JS, '--version'], {
      PATH: BASE_PATH,
      HOME: path.join(dir, 'home'),
      CODEX_HOME: codexHome,
    });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/^codex-cli 0\.154\.0/m);
    const launches = fs
      .readFileSync(path.join(codexHome, 'openclaw-shim', 'logs', 'launch.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(launches.at(-1)).toMatchObject({ captured: true, stateDir, exec: { file: NODE } });
    expect(launches.at(-1).exec.source).toContain(path.join(stateDir, 'npm', 'projects'));
    expect(fs.existsSync(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'))).toBe(true);
  });
});
