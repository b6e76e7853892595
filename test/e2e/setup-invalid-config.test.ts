// A config OpenClaw itself finds invalid refuses every edit: setup says the config is invalid with OpenClaw's own
// words (exit 65), never that OpenClaw refused its key, never exit 70. The real 2026.5.12 and 2026.9.6 CLIs.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn, type Flavor } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { EXIT } from '../../src/lib/exit.ts';

const INVALID: Record<Flavor, string> = {
  json: '{ agents: { list: [ { id: "main", default: true } ] }, gateway: { port: "nope" } }\n',
  sqlite: '{ agents: { ownership: "explicit", entries: { main: {} } }, gateway: { port: "nope" } }\n',
};

describe.each(['json', 'sqlite'] as const)('setup on an invalid config (%s)', (flavor) => {
  const g = makeGateway(flavor, { agents: ['main'] });
  afterAll(() => g.cleanup());
  const setup = (...args: string[]) =>
    runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir, '--real-openclaw', g.realBin, ...args], {
      PATH: g.isolatedEnv().PATH!,
      HOME: g.home,
    });

  it("the dry run and --apply: one line naming the config, OpenClaw's problem and the fix; nothing written", {
    timeout: 300_000,
  }, async () => {
    fs.writeFileSync(g.configPath, INVALID[flavor]);
    const before = fs.readdirSync(g.stateDir, { recursive: true }).sort();
    for (const args of [[], ['--apply']]) {
      const r = await setup(...args);
      const err = String(r.stderr).replace(/^openclaw-shim: warning: .*\n/gm, '');
      expect(r.exitCode, err).toBe(EXIT.DATA);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toContain(`OpenClaw's config ${g.configPath} is invalid, so OpenClaw refuses every command`);
      expect(err).toMatch(/gateway\.port: .*expected number/);
      expect(err).toContain('openclaw config validate');
      expect(err).not.toMatch(/refused plugins\.entries|internal error|failed \(exit/);
    }
    expect(fs.readdirSync(g.stateDir, { recursive: true }).sort()).toEqual(before);
    expect(fs.readFileSync(g.configPath, 'utf8')).toBe(INVALID[flavor]);
  });
});
