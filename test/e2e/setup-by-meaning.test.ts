// setup then uninstall restore the config by meaning with the real CLIs: an authored {"enabled":true} stays just that.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedCodex } from '../../src/lib/codex-cache.ts';
import { parseJson5 } from '../../src/lib/json5.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeGateway, runIn, type Flavor } from '../helpers/sandbox.ts';

const AGENTS: Record<Flavor, unknown> = {
  json: { list: [{ id: 'main', default: true }] },
  sqlite: { ownership: 'explicit', entries: { main: {} } },
};

describe.each(['json', 'sqlite'] as Flavor[])(
  'plugins.entries.codex = {"enabled":true} through setup and uninstall (%s)',
  (flavor) => {
    const g = makeGateway(flavor);
    afterAll(() => g.cleanup());
    const authored = { agents: AGENTS[flavor], plugins: { entries: { codex: { enabled: true } } } };
    fs.writeFileSync(g.configPath, `${JSON.stringify(authored, null, 2)}\n`);
    const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home, OPENCLAW_SHIM_CODEX_BIN: cachedCodex()!.bin };
    const plugins = () => (parseJson5(fs.readFileSync(g.configPath, 'utf8')) as { plugins?: unknown }).plugins;

    it('uninstall leaves exactly the authored entry: no "config": {} behind', async () => {
      const setup = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir, '--apply', '--json'], env);
      expect(setup.exitCode, String(setup.stderr)).toBe(0);
      expect(plugins()).toMatchObject({
        entries: {
          codex: {
            enabled: true,
            config: { appServer: { command: expect.stringContaining('openclaw-codex-launch') } },
          },
        },
      });
      const uninstall = await runIn(
        g.dir,
        NODE,
        [CLI_JS, 'uninstall', '--state-dir', g.stateDir, '--apply', '--json'],
        env,
      );
      expect(uninstall.exitCode, String(uninstall.stderr)).toBe(0);
      expect(plugins()).toEqual(authored.plugins);
    }, 300_000);
  },
);
