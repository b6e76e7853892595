// The real 2026.5.12 CLI, called from an isolated HOME with `--store ~/.openclaw/…` already expanded by the
// shell: without the shim it creates a shadow store; through the shim (in-process and exec hand-over) it
// acts on the canonical store, the log records the mapped argument, and no shadow tree appears.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { PATH_ARG_SOURCE } from '../../src/shim/path-args.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';
import { readLog } from '../shim/support.ts';

const gateways: Gateway[] = [];
afterAll(() => {
  for (const g of gateways) g.cleanup();
});

const STORE = path.join('agents', 'main', 'sessions', 'sessions.json');
const storeOf = (stdout: unknown): string => {
  const s = String(stdout);
  return (JSON.parse(s.slice(s.indexOf('{'))) as { storePath: string }).storePath;
};

describe('openclaw sessions cleanup --enforce --json --store ~/.openclaw/… (2026.5.12)', { timeout: 240_000 }, () => {
  const g = makeGateway('json', { agents: ['main'] });
  gateways.push(g);
  const shadow = path.join(g.isolatedHome, '.openclaw');
  const shim = installShim({
    codexHome: g.codexHome,
    env: { PATH: `${g.realBinDir}${path.delimiter}${process.env.PATH}`, HOME: g.home },
    flags: { stateDir: g.stateDir },
    command: 'install',
  });
  const shimEnv = (extra: Record<string, string> = {}) => {
    const e = g.isolatedEnv(extra);
    return { ...e, PATH: `${shim.shimDir}${path.delimiter}${e.PATH}` };
  };
  const canonical = path.join(g.stateDir, STORE);
  const logFile = path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl');

  it('without the shim: the expanded ~ makes a shadow store (the incident, by argument)', async () => {
    const r = await runIn(
      g.dir,
      g.realBin,
      ['sessions', 'cleanup', '--enforce', '--json', '--store', path.join(shadow, STORE)],
      g.isolatedEnv(),
    );
    expect(storeOf(r.stdout)).toBe(path.join(shadow, STORE));
    expect(fs.existsSync(shadow)).toBe(true);
    fs.rmSync(shadow, { recursive: true, force: true });
  });

  describe.each([
    { handover: 'in-process', extra: {} as Record<string, string>, form: (p: string) => ['--store', p] },
    {
      handover: 'exec',
      extra: { OPENCLAW_SHIM_FORCE_EXEC: '1' } as Record<string, string>,
      form: (p: string) => [`--store=${p}`],
    },
  ])('through the shim, hand-over $handover', ({ handover, extra, form }) => {
    it('acts on the canonical store, logs the mapped argument as a redirect, and leaves no shadow', async () => {
      const updatedAt = Date.now();
      fs.writeFileSync(
        canonical,
        JSON.stringify({ 'agent:main:main': { sessionId: `s-${handover}`, updatedAt } }, null, 2),
      );
      const args = ['sessions', 'cleanup', '--enforce', '--json', ...form(path.join(shadow, STORE))];
      const r = await runIn(g.dir, 'openclaw', args, shimEnv(extra));
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(storeOf(r.stdout)).toBe(canonical);
      expect(String(r.stderr)).toContain(`(store ${canonical})`);
      expect(JSON.parse(fs.readFileSync(canonical, 'utf8'))).toHaveProperty(
        ['agent:main:main', 'sessionId'],
        `s-${handover}`,
      );
      expect(fs.existsSync(shadow)).toBe(false);
      const last = readLog(logFile).at(-1)!;
      expect(last).toMatchObject({ decision: 'redirected', handover });
      const mapped = (last.redirects as Array<{ name: string; from: string; to: string; source: string }>).filter(
        (x) => x.source === PATH_ARG_SOURCE,
      );
      expect(mapped).toEqual([
        {
          name: `argv[${args.length - 1}] (--store)`,
          from: args.at(-1),
          to: args.at(-1)!.replace(path.join(shadow, STORE), canonical),
          source: PATH_ARG_SOURCE,
        },
      ]);
    });
  });
});
