// With OPENCLAW_STATE_DIR inherited (setup's systemd drop-in), `openclaw --profile work` through the shim:
// 2026.5.12 ignores the profile, 2026.9.6 lets it win. explain predicts each release, says when the
// profile is ignored, and its deliberate command reaches the profile's state on both.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { makeGateway, runIn, type Flavor, type Gateway } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';

const gateways: Gateway[] = [];
afterAll(() => {
  for (const g of gateways) g.cleanup();
});

const profileConfig: Record<Flavor, string> = {
  json: '{ agents: { list: [ { id: "main", default: true } ] } }\n',
  sqlite: '{ agents: { ownership: "explicit", entries: { main: {} } } }\n',
};

function setup(flavor: Flavor) {
  const g = makeGateway(flavor, { agents: ['main'] });
  gateways.push(g);
  const work = path.join(g.home, '.openclaw-work');
  fs.mkdirSync(path.join(work, 'agents', 'main', 'sessions'), { recursive: true });
  fs.writeFileSync(path.join(work, 'openclaw.json'), profileConfig[flavor]);
  const shim = installShim({
    codexHome: g.codexHome,
    env: { PATH: `${g.realBinDir}${path.delimiter}${process.env.PATH}`, HOME: g.home },
    flags: { stateDir: g.stateDir },
    command: 'install',
  });
  // What the gateway's codex app-server sees with the drop-in: OPENCLAW_STATE_DIR/CONFIG_PATH inherited.
  const env = (extra: Record<string, string> = {}) => {
    const e = g.isolatedEnv({ OPENCLAW_STATE_DIR: g.stateDir, OPENCLAW_CONFIG_PATH: g.configPath, ...extra });
    return { ...e, PATH: `${shim.shimDir}${path.delimiter}${e.PATH}` };
  };
  return { g, work, env };
}

/** The store the real CLI read: `sessions --json` prints its path. */
async function storeDir(g: Gateway, env: Record<string, string>): Promise<string> {
  const r = await runIn(g.dir, 'openclaw', ['--profile', 'work', 'sessions', '--json'], env);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  const out = String(r.stdout);
  const p = (JSON.parse(out.slice(out.indexOf('{'))) as { path: string }).path;
  return p.slice(0, p.indexOf(`${path.sep}agents${path.sep}`));
}

async function explain(g: Gateway, env: Record<string, string>) {
  const r = await runIn(
    g.dir,
    NODE,
    [CLI_JS, 'explain', '--json', '--', '--profile', 'work', 'sessions', '--json'],
    env,
  );
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return JSON.parse(String(r.stdout)) as {
    openclawVersion: string;
    openclawWillUse: { stateDir: string };
    profileNote: { applies: boolean; message: string; deliberate?: string };
  };
}

describe.each([
  ['json', '2026.5.12', false],
  ['sqlite', '2026.9.6', true],
] as const)(
  '--profile with an inherited OPENCLAW_STATE_DIR (%s, %s)',
  { timeout: 180_000 },
  (flavor, version, profileWins) => {
    const { g, work, env } = setup(flavor);

    it('explain predicts the state dir the real CLI then uses', async () => {
      const x = await explain(g, env());
      expect(x.openclawVersion).toBe(version);
      const used = await storeDir(g, env());
      expect(used).toBe(profileWins ? work : g.stateDir);
      expect(x.openclawWillUse.stateDir).toBe(used);
      expect(x.profileNote.applies).toBe(profileWins);
      if (!profileWins) {
        expect(x.profileNote.message).toContain('--profile work will be ignored');
        expect(x.profileNote.deliberate).toBe(
          `OPENCLAW_SHIM_STATE_DIR=${work} openclaw --profile work sessions --json`,
        );
      }
    });

    it('the deliberate way reaches the profile through the shim', async () => {
      expect(await storeDir(g, env({ OPENCLAW_SHIM_STATE_DIR: work }))).toBe(work);
    });
  },
);
