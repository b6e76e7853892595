// Resolution's safety edges: a candidate whose config or home lies in a Codex home is never chosen;
// a 2026.9.6 state is recognised by its SQLite file alone; a sibling of a Codex home is not inside it.
import { describe, expect, it } from 'vitest';
import { resolveCanonical } from '../../src/canonical/resolve.ts';
import type { Env } from '../../src/canonical/types.ts';
import { fakeFs } from './fake-fs.ts';

const S = '/srv/root/.openclaw';
const CH = `${S}/agents/main/agent/codex-home`;
const toolCall: Env = { PATH: '/usr/bin', HOME: `${CH}/home`, CODEX_HOME: CH };

function resolveWith(
  flags: { stateDir?: string; configPath?: string; home?: string },
  files: string[],
  dirs: string[] = [`${CH}/home`],
) {
  return resolveCanonical({ env: toolCall, cwd: '/work', flags, gatewayLocks: [], probe: fakeFs({ files, dirs }) });
}
const reasonOf = (r: ReturnType<typeof resolveWith>, source: string) =>
  r.candidates.find((c) => c.source === source)?.reason;

describe('resolveCanonical edges', () => {
  it('a --config-path inside the isolated home disqualifies the candidate, though its state dir is real', () => {
    const r = resolveWith({ stateDir: S, configPath: `${CH}/home/.openclaw/openclaw.json` }, [
      `${S}/openclaw.json`,
      `${CH}/home/.openclaw/openclaw.json`,
    ]);
    expect(reasonOf(r, 'explicit-flag')).toBe(`${CH}/home/.openclaw/openclaw.json is inside an isolated Codex home`);
    expect(r.canonical?.stateDir.source).not.toBe('explicit-flag');
  });

  it('a --home inside the isolated home disqualifies the candidate', () => {
    const r = resolveWith({ stateDir: S, home: `${CH}/home` }, [`${S}/openclaw.json`]);
    expect(reasonOf(r, 'explicit-flag')).toBe(`home ${CH}/home is inside an isolated Codex home`);
  });

  it('a state dir holding only state/openclaw.sqlite (2026.9.6, no JSON config) is a state', () => {
    const r = resolveWith({ stateDir: '/srv/gw/.openclaw' }, ['/srv/gw/.openclaw/state/openclaw.sqlite']);
    expect(r.canonical?.stateDir).toMatchObject({ value: '/srv/gw/.openclaw', source: 'explicit-flag' });
  });

  it('an explicit config path that exists outside the state dir counts as its config', () => {
    const r = resolveWith(
      { stateDir: '/srv/gw/.openclaw', configPath: '/etc/openclaw/openclaw.json' },
      ['/etc/openclaw/openclaw.json'],
      ['/srv/gw/.openclaw', `${CH}/home`],
    );
    expect(r.canonical?.configPath).toMatchObject({ value: '/etc/openclaw/openclaw.json', source: 'explicit-flag' });
  });

  it('a sibling whose name extends the Codex home (codex-home2) is not inside it', () => {
    const sibling = `${S}/agents/main/agent/codex-home2/.openclaw`;
    const r = resolveWith({ stateDir: sibling }, [`${sibling}/openclaw.json`]);
    expect(reasonOf(r, 'explicit-flag')).toBeUndefined();
    expect(r.canonical?.stateDir.value).toBe(sibling);
  });
});
