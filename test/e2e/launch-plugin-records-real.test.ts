// The launcher finds a Codex plugin recorded where 2026.6.x–2026.7.x record installs: the `installed_plugin_index`
// table of `state/openclaw.sqlite`, its schema made by the real 2026.7.35 CLI. And 2026.7.35 is told what works
// instead of `openclaw plugins install @openclaw/codex`, which it refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseSync } from 'node:sqlite';
import { cachedCodexPlugin } from '../helpers/codex-plugin-cache.ts';
import { cachedOpenclaw } from '../../src/lib/openclaw-cache.ts';
import { scannedCodexPluginRoots } from '../../src/launch/codex-plugin.ts';
import { BASE_PATH, LAUNCH_JS, NODE } from '../helpers/paths.ts';
import { runIn } from '../helpers/sandbox.ts';

const plugin = cachedCodexPlugin();
const openclaw = cachedOpenclaw('2026.7.35');
if (!plugin || !openclaw)
  throw new Error('the codex plugin and openclaw@2026.7.35 must be cached; the global setup installs them');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-records-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sqlite = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');

describe('2026.7.35 plugin records', { timeout: 240_000 }, () => {
  const home = path.join(dir, 'home');
  const stateDir = path.join(home, '.openclaw');
  const realBinDir = path.join(dir, 'bin');
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(realBinDir);
  fs.symlinkSync(openclaw.bin, path.join(realBinDir, 'openclaw'));
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  const env = { PATH: `${realBinDir}${path.delimiter}${BASE_PATH}`, HOME: home, OPENCLAW_SHIM_LAUNCH_PROBE: '1' };

  it('the launcher runs the managed Codex of the plugin the installed_plugin_index table records', async () => {
    // The real CLI creates its shared database and the table (2026.7.35 writes no row for bundled plugins).
    const listed = await runIn(dir, path.join(realBinDir, 'openclaw'), ['plugins', 'list', '--json'], {
      PATH: env.PATH,
      HOME: home,
    });
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    // A plugin installed outside the state (so nothing but the record leads there), recorded as 2026.7.35 records it.
    const installPath = scannedCodexPluginRoots(plugin.stateDir)[0]!;
    const db: DatabaseSync = new sqlite.DatabaseSync(path.join(stateDir, 'state', 'openclaw.sqlite'));
    db.prepare(`INSERT INTO installed_plugin_index (index_key, version, host_contract_version, compat_registry_version, migration_version,
      policy_hash, generated_at_ms, install_records_json, plugins_json, diagnostics_json, updated_at_ms)
      VALUES ('installed-plugin-index', 1, '2026.7.35', '1', 1, 'x', 0, ?, '[]', '[]', 0)`).run(
      JSON.stringify({ codex: { source: 'npm', spec: '@openclaw/codex', installPath } }),
    );
    db.close();
    const r = await runIn(dir, NODE, [LAUNCH_JS, 'app-server'], { ...env, OPENCLAW_STATE_DIR: stateDir });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const report = JSON.parse(String(r.stdout)) as { ok: boolean; args: string[]; source: string };
    expect(report.ok).toBe(true);
    expect(report.source).toBe(`managed @openai/codex of the codex plugin installed at ${installPath}`);
    expect(
      report.args[0]!.startsWith(installPath.slice(0, installPath.indexOf(`${path.sep}node_modules${path.sep}`))),
    ).toBe(true);
  });

  it('with no Codex anywhere, the launcher does not advise a plugin install 2026.7.35 refuses', async () => {
    const bare = path.join(dir, 'bare', '.openclaw');
    fs.mkdirSync(bare, { recursive: true });
    const r = await runIn(dir, NODE, [LAUNCH_JS, 'app-server'], { ...env, OPENCLAW_STATE_DIR: bare });
    expect(r.exitCode).not.toBe(0);
    const said = `${String(r.stdout)}${String(r.stderr)}`;
    expect(said).not.toContain('openclaw plugins install');
    expect(said).toContain('OpenClaw 2026.7.35 refuses @openclaw/codex');
    expect(said).toContain('npm install -g @openai/codex');
  });
});
