// Pure rules for what repair never carries out of a shadow: sessionFile paths out of the sessions dir, config changes.
import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/repair/merge.ts';
import { planImport } from '../../src/repair/import-plan.ts';
import { sessionFileOutside } from '../../src/store/session-file.ts';
import { configLeafDiffs, configSetCommands, describeDiffs } from '../../src/store/config-diff.ts';

const SHADOW = '/shadow/agents/t/sessions';
const CANON = '/s/agents/t/sessions';

describe('sessionFileOutside', () => {
  it.each([
    ['/etc/shadow', '/etc/shadow'],
    ['/tmp/x', '/tmp/x'],
    [' /etc/passwd ', '/etc/passwd'],
    ['../../../etc/shadow', '../../../etc/shadow'],
    [`${CANON}/../other/x.jsonl`, `${CANON}/../other/x.jsonl`],
    ['/s/agents/other/sessions/x.jsonl', '/s/agents/other/sessions/x.jsonl'],
    [CANON, CANON],
  ])('%j lies outside', (sessionFile, named) => {
    expect(sessionFileOutside({ sessionId: 'a', sessionFile }, CANON)).toBe(named);
  });
  it.each([[`${CANON}/a.jsonl`], ['a.jsonl'], ['topic/a.jsonl'], [''], [undefined], [42]])('%j is fine', (sf) => {
    expect(sessionFileOutside({ sessionId: 'a', sessionFile: sf }, CANON)).toBeUndefined();
  });
});

describe('planMerge with recorded paths', () => {
  it('re-points a shadow path, refuses a path out of the state as a conflict naming key and path', () => {
    const plan = planMerge({
      agent: 't',
      shadowStorePath: `${SHADOW}/sessions.json`,
      canonicalStorePath: `${CANON}/sessions.json`,
      shadowFiles: ['a.jsonl', 'shadow', 'x'],
      shadowStore: {
        A: { sessionId: 'a', updatedAt: 1, sessionFile: `${SHADOW}/a.jsonl` },
        E: { sessionId: 'e', updatedAt: 2, sessionFile: '/etc/shadow' },
        X: { sessionId: 'x', updatedAt: 3, sessionFile: '/tmp/x' },
        R: { sessionId: 'r', updatedAt: 4, sessionFile: '../../../../etc/passwd' },
      },
      canonicalStore: {},
      compare: () => 'missing',
    });
    expect(plan.add.map((a) => a.key)).toEqual(['A']);
    expect(plan.conflicts.map((c) => [c.key, c.path])).toEqual([
      ['E', `${SHADOW}/sessions.json`],
      ['X', `${SHADOW}/sessions.json`],
      ['R', `${SHADOW}/sessions.json`],
    ]);
    expect(plan.conflicts[0]!.reason).toContain('"/etc/shadow" lies outside /s/agents/t/sessions');
    expect(plan.conflicts[1]!.reason).toContain('"/tmp/x"');
  });
  it('an import of a JSON shadow refuses such an entry too', () => {
    const plan = planImport({
      agent: 't',
      source: `${SHADOW}/sessions.json`,
      sourceKind: 'sessions-json',
      sqlitePath: '/s/agents/t/agent/openclaw-agent.sqlite',
      stageDir: CANON,
      shadow: { 'agent:t:a': { sessionId: 'a' }, 'agent:t:e': { sessionId: 'e' } },
      canonical: { rows: new Map() },
      planned: {},
      outsidePath: (key) => (key === 'agent:t:e' ? '/etc/shadow' : undefined),
      transcriptOf: () => undefined,
      compare: () => 'missing',
    });
    expect(plan.add.map((a) => a.key)).toEqual(['agent:t:a']);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({ key: 'agent:t:e', reason: expect.stringContaining('"/etc/shadow" lies outside') }),
    ]);
  });
});

describe('configLeafDiffs', () => {
  const canonical = { agents: { list: [{ id: 'main', default: true }], defaults: { model: 'a' } } };
  it('names each differing leaf path, never a secret value, and the config set commands for shown scalars', () => {
    const shadow = {
      agents: { list: [{ id: 'main', default: true }], defaults: { model: 'a', timeoutSeconds: 600 } },
      gateway: { auth: { token: 'S3CRET-VALUE' } },
      channels: { 'my.bot': { botToken: 'OTHER-SECRET' }, x: { enabled: false } },
    };
    const diffs = configLeafDiffs(shadow, canonical);
    expect(diffs.map((d) => d.path)).toEqual([
      'agents.defaults.timeoutSeconds',
      'gateway.auth.token',
      'channels["my.bot"].botToken',
      'channels.x.enabled',
    ]);
    const text = describeDiffs(diffs) + configSetCommands(diffs, '/s/openclaw.json');
    expect(text).not.toMatch(/S3CRET|OTHER-SECRET/);
    expect(text).toContain('agents.defaults.timeoutSeconds (600 here, unset in the canonical config)');
    expect(text).toContain('gateway.auth.token ([redacted] here, unset in the canonical config)');
    expect(configSetCommands(diffs, '/s/openclaw.json')).toBe(
      'OPENCLAW_CONFIG_PATH=/s/openclaw.json openclaw config set agents.defaults.timeoutSeconds 600 && OPENCLAW_CONFIG_PATH=/s/openclaw.json openclaw config set channels.x.enabled false',
    );
  });
  it('a container replaced by a scalar is named, not printed; equal configs give nothing', () => {
    expect(configLeafDiffs({ agents: 'x' }, canonical)).toEqual([
      { path: 'agents', shadow: '"x"', canonical: '{…}', settable: 'x' },
    ]);
    expect(configLeafDiffs(structuredClone(canonical), canonical)).toEqual([]);
  });
});
