// The acpx command setup prints is accepted verbatim by the real OpenClaw 2026.5.12 (which bundles acpx) and reads back as printed.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeGateway, runIn } from '../helpers/sandbox.ts';

const g = makeGateway('json');
afterAll(() => g.cleanup());
const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home };

describe('setup prints the acpx wiring', () => {
  it('pasting the printed line into a shell sets acpx\'s codex agent to openclaw-shim launch with acpx\'s codex home', async () => {
    const dry = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--json'], env);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    const { acpx } = JSON.parse(String(dry.stdout));
    const codexHome = path.join(g.stateDir, 'acpx', 'codex-home');
    expect(acpx.value.args.slice(1)).toEqual(['launch', '--codex-home', codexHome, '--', 'npx', '@zed-industries/codex-acp']);
    const text = await runIn(g.dir, NODE, [CLI_JS, 'setup'], env);
    expect(String(text.stdout)).toContain(acpx.command);
    const set = await runIn(g.dir, 'sh', ['-c', acpx.command], env);
    expect(set.exitCode, String(set.stderr) + String(set.stdout)).toBe(0);
    const got = await runIn(g.dir, g.realBin, ['config', 'get', 'plugins.entries.acpx.config.agents.codex', '--json'], env);
    expect(JSON.parse(String(got.stdout))).toEqual(acpx.value);
  }, 240_000);
});
