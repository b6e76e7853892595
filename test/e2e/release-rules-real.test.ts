// Each release rule of src/releases against the real CLI of the releases on each side of its boundary
// (2026.5.12, 2026.6.35, 2026.7.35 | 2026.8.2, 2026.9.6): the store `openclaw sessions` reads, and where
// `--profile` with an inherited OPENCLAW_STATE_DIR goes, as explain predicts and the shim's notice names.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { releaseRules } from '../../src/releases/releases.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';

const gateways: Gateway[] = [];
afterAll(() => {
  for (const g of gateways) g.cleanup();
});

const CONFIG = {
  json: '{ agents: { list: [ { id: "main", default: true } ] } }\n',
  sqlite: '{ agents: { ownership: "explicit", entries: { main: {} } } }\n',
} as const;

/** The path `sessions --json` prints: the store the real CLI read. */
function storeOf(stdout: string): string {
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { path: string }).path;
}

describe.each(['2026.5.12', '2026.6.35', '2026.7.35', '2026.8.2', '2026.9.6'])(
  'OpenClaw %s',
  { timeout: 240_000 },
  (version) => {
    const rules = releaseRules(version)!;
    const flavor = rules.sessionStore === 'sqlite' ? 'sqlite' : 'json';
    const g = makeGateway(flavor, { agents: ['main'], version });
    gateways.push(g);
    fs.writeFileSync(g.configPath, CONFIG[flavor]);
    const work = path.join(g.home, '.openclaw-work');
    fs.mkdirSync(path.join(work, 'agents', 'main', 'sessions'), { recursive: true });
    fs.writeFileSync(path.join(work, 'openclaw.json'), CONFIG[flavor]);
    const shim = installShim({
      codexHome: g.codexHome,
      env: { PATH: `${g.realBinDir}${path.delimiter}${process.env.PATH}`, HOME: g.home },
      flags: { stateDir: g.stateDir },
      command: 'install',
    });
    // What a tool call sees under setup's systemd drop-in: OPENCLAW_STATE_DIR/CONFIG_PATH inherited.
    const env = () => {
      const e = g.isolatedEnv({ OPENCLAW_STATE_DIR: g.stateDir, OPENCLAW_CONFIG_PATH: g.configPath });
      return { ...e, PATH: `${shim.shimDir}${path.delimiter}${e.PATH}` };
    };

    it(`store kind: ${rules.sessionStore}`, async () => {
      const r = await runIn(g.dir, g.realBin, ['sessions', '--json'], { PATH: g.isolatedEnv().PATH!, HOME: g.home });
      expect(r.exitCode, String(r.stderr)).toBe(0);
      const expected =
        rules.sessionStore === 'sqlite'
          ? path.join(g.stateDir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite')
          : path.join(g.stateDir, 'agents', 'main', 'sessions', 'sessions.json');
      expect(storeOf(String(r.stdout))).toBe(expected);
    });

    it(`--profile with an inherited OPENCLAW_STATE_DIR: ${rules.profileRule}; explain and the pre-write notice agree with the real CLI`, async () => {
      const used = await runIn(g.dir, 'openclaw', ['--profile', 'work', 'sessions', '--json'], env());
      expect(used.exitCode, String(used.stderr)).toBe(0);
      const store = storeOf(String(used.stdout));
      expect(store.startsWith(`${rules.profileRule === 'switch-inherited' ? work : g.stateDir}${path.sep}`)).toBe(true);
      const x = await runIn(
        g.dir,
        NODE,
        [CLI_JS, 'explain', '--json', '--', '--profile', 'work', 'sessions', 'cleanup', '--enforce'],
        env(),
      );
      expect(x.exitCode, String(x.stderr)).toBe(0);
      const e = JSON.parse(String(x.stdout)) as {
        openclawVersion: string;
        profileRule: string;
        openclawWillUse: { stateDir: string };
        profileNote: { applies: boolean };
        mutationNotice: string;
      };
      expect([e.openclawVersion, e.profileRule]).toEqual([version, rules.profileRule]);
      expect(e.openclawWillUse.stateDir).toBe(store.slice(0, store.indexOf(`${path.sep}agents${path.sep}`)));
      expect(e.profileNote.applies).toBe(rules.profileRule === 'switch-inherited');
      // The notice the shim prints before `sessions cleanup` names the very store `sessions` read.
      expect(e.mutationNotice).toContain(`(store ${store})`);
      const shimmed = await runIn(
        g.dir,
        'openclaw',
        ['--profile', 'work', 'sessions', 'cleanup', '--dry-run', '--json'],
        env(),
      );
      expect(String(shimmed.stderr)).toContain(
        `would act on (dry run) state dir ${path.dirname(store).replace(/\/agents\/main\/.*$/, '')}`,
      );
      expect(String(shimmed.stderr)).toContain(`(store ${store})`);
    });
  },
);
