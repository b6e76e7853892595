// The acpx command setup prints is accepted verbatim by the real OpenClaw 2026.5.12 (which bundles acpx) and reads back as printed.
import fs from 'node:fs';
import path from 'node:path';
import { cachedCodex } from '../../src/lib/codex-cache.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';
import { makeGateway, runIn } from '../helpers/sandbox.ts';

const g = makeGateway('json');
afterAll(() => g.cleanup());
const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home };

describe('setup prints the acpx wiring', () => {
  it("pasting the printed line into a shell sets acpx's codex agent to openclaw-shim launch with acpx's codex home", async () => {
    const dry = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--json'], env);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    const { acpx } = JSON.parse(String(dry.stdout));
    const codexHome = path.join(g.stateDir, 'acpx', 'codex-home');
    expect(acpx.value.command).toBe(path.join(g.stateDir, 'openclaw-shim', 'launcher', 'bin', 'openclaw-codex-launch'));
    expect(acpx.value.args).toEqual(['launch', '--codex-home', codexHome, '--', 'npx', '@zed-industries/codex-acp']);
    const text = await runIn(g.dir, NODE, [CLI_JS, 'setup'], env);
    expect(String(text.stdout)).toContain(acpx.command);
    const set = await runIn(g.dir, 'sh', ['-c', acpx.command], env);
    expect(set.exitCode, String(set.stderr) + String(set.stdout)).toBe(0);
    const got = await runIn(
      g.dir,
      g.realBin,
      ['config', 'get', 'plugins.entries.acpx.config.agents.codex', '--json'],
      env,
    );
    expect(JSON.parse(String(got.stdout))).toEqual(acpx.value);
  }, 240_000);

  it('the printed command runs the adapter behind the shim from the state dir alone, after the package setup ran from is gone', async () => {
    // A copy of the package, as a checkout or an npm prefix would be; setup --apply runs from it, then it is deleted.
    const pkg = path.join(g.dir, 'pkg-copy');
    fs.mkdirSync(pkg);
    for (const f of ['bin', 'dist', 'package.json'])
      fs.cpSync(path.join(ROOT, f), path.join(pkg, f), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const applied = await runIn(
      g.dir,
      NODE,
      [path.join(pkg, 'bin', 'openclaw-shim.mjs'), 'setup', '--apply', '--json', '--node', NODE],
      { ...env, OPENCLAW_SHIM_CODEX_BIN: cachedCodex()!.bin },
    );
    expect(applied.exitCode, String(applied.stderr)).toBe(0);
    const { acpx } = JSON.parse(String(applied.stdout));
    fs.rmSync(pkg, { recursive: true, force: true });
    const adapter = path.join(g.dir, 'fake-adapter.sh');
    fs.writeFileSync(
      adapter,
      '#!/bin/sh\necho "openclaw=$(command -v openclaw)"\necho "CODEX_HOME=$CODEX_HOME"\necho "args=$*"\n',
      { mode: 0o755 },
    );
    const args = [...acpx.value.args.slice(0, acpx.value.args.indexOf('--') + 1), adapter, '--acp-flag'];
    const r = await runIn(g.dir, acpx.value.command, args, { PATH: '/usr/bin:/bin', HOME: g.home });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toContain(`openclaw=${path.join(acpx.codexHome, 'openclaw-shim', 'bin', 'openclaw')}`);
    expect(String(r.stdout)).toContain(`CODEX_HOME=${acpx.codexHome}`);
    expect(String(r.stdout)).toContain('args=--acp-flag');
    expect(String(r.stdout) + String(r.stderr)).not.toContain(pkg);
  }, 240_000);
});
