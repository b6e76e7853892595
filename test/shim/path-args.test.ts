// Path arguments into the isolated home's .openclaw, mapped onto the canonical state (pure).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapPathArgs, PATH_ARG_SOURCE, shadowRoots } from '../../src/shim/path-args.ts';

const state = '/srv/gw/.openclaw';
const codexHome = `${state}/agents/main/agent/codex-home`;
const home = `${codexHome}/home`;
const shadow = `${home}/.openclaw`;
const store = 'agents/main/sessions/sessions.json';
const isolation = { codexHome, isolatedHome: home, via: 'HOME' as const };
const map = (args: string[], cwd = '/work') =>
  mapPathArgs({
    args,
    env: { HOME: home, CODEX_HOME: codexHome },
    cwd,
    isolation,
    canonicalStateDir: state,
    codexHomes: [codexHome],
  });

describe('mapPathArgs', () => {
  it('a separate argument (the shell expanded ~): the same path in the canonical state, one record naming the flag', () => {
    const r = map(['sessions', 'cleanup', '--enforce', '--json', '--store', `${shadow}/${store}`]);
    expect(r.args).toEqual(['sessions', 'cleanup', '--enforce', '--json', '--store', `${state}/${store}`]);
    expect(r.records).toEqual([
      { name: 'argv[5] (--store)', from: `${shadow}/${store}`, to: `${state}/${store}`, source: PATH_ARG_SOURCE },
    ]);
  });

  it('--store=… keeps its flag; the shadow root itself maps onto the state dir', () => {
    const r = map(['sessions', `--store=${shadow}/${store}`, 'x', shadow]);
    expect(r.args).toEqual(['sessions', `--store=${state}/${store}`, 'x', state]);
    expect(r.records.map((x) => x.name)).toEqual(['argv[1] (--store)', 'argv[3]']);
  });

  it('relative values resolve against a cwd inside the shadow; command words never move', () => {
    const cwd = `${shadow}/agents/main/sessions`;
    const r = map(['sessions', 'cleanup', '--store', 'sessions.json', '--json'], cwd);
    expect(r.args).toEqual(['sessions', 'cleanup', '--store', `${state}/${store}`, '--json']);
    expect(map(['sessions', 'cleanup', '--store', 'sessions.json']).records).toEqual([]);
  });

  it('leaves paths elsewhere, look-alikes, legacy names and everything after -- alone', () => {
    expect(map(['sessions', '--store', `${state}/${store}`, '--store', `${home}/.openclaw-work/x`]).records).toEqual(
      [],
    );
    expect(map(['agent', '--', `${shadow}/x`]).records).toEqual([]);
    expect(map(['x', `${home}/.clawdbot/a`]).args).toEqual(['x', `${state}/a`]);
  });

  it('knows the roots: <HOME>/.openclaw (and legacy names), or the isolated state dir the resolution found', () => {
    expect(shadowRoots({ HOME: home }, isolation, [codexHome])).toContain(shadow);
    expect(
      shadowRoots({ HOME: '/root' }, { codexHome, isolatedHome: `${codexHome}/state`, via: 'OPENCLAW_STATE_DIR' }, [
        codexHome,
      ]),
    ).toEqual([`${codexHome}/state`]);
    expect(shadowRoots({ HOME: '/root' }, {}, [codexHome])).toEqual([]);
    expect(path.isAbsolute(shadowRoots({ HOME: home }, isolation, [codexHome])[0]!)).toBe(true);
  });
});

describe('shadowRoots without path.join for resolved homes', () => {
  it.each(['/', home, `${home}/`, `${codexHome}//home`, `${codexHome}/x/../home`, `${codexHome}/./home`])(
    'HOME %j: the roots path.join would give',
    (h) => {
      const want = [
        ...new Set(['.openclaw', '.clawdbot', '.moldbot', '.moltbot'].map((n) => path.join(path.resolve(h), n))),
      ];
      const inside = h === '/' ? ['/'] : [codexHome];
      expect(shadowRoots({ HOME: h }, { codexHome }, inside)).toEqual(want);
      expect(shadowRoots({}, { codexHome, isolatedHome: h, via: 'HOME' }, [])).toEqual([
        ...new Set(['.openclaw', '.clawdbot', '.moldbot', '.moltbot'].map((n) => path.join(h, n))),
      ]);
    },
  );
});
