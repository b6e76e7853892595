// Table-driven tests of state-writing command detection and the one-line notice naming the store.
import { describe, expect, it } from 'vitest';
import { mutatingCommand, mutationNotice } from '../../src/shim/mutating.ts';
import { defaultAgentOf } from '../../src/shim/default-agent.ts';
import { fakeFs } from '../canonical/fake-fs.ts';

describe('defaultAgentOf', () => {
  it.each([
    [{ agents: { list: [{ id: 'a' }, { id: 'B', default: true }] } }, 'b'],
    [{ agents: { list: [{ id: 'first' }, { id: 'second' }] } }, 'first'],
    [{ agents: { ownership: 'explicit', entries: { one: {}, two: { default: true } } } }, 'two'],
    [{ agents: { entries: { solo: {} } } }, 'solo'],
    [{}, 'main'],
    ['not an object', 'main'],
  ])('%j -> %s', (config, want) => {
    expect(defaultAgentOf(config)).toBe(want);
  });
});

const rows: Array<[string[], string | undefined]> = [
  [['sessions', 'cleanup', '--enforce'], 'sessions cleanup'],
  [['sessions', 'delete', 'agent:main:main'], 'sessions delete'],
  [['sessions', 'archive'], 'sessions archive'],
  [['sessions', 'compact'], 'sessions compact'],
  [['sessions', '--agent', 'target', 'cleanup'], 'sessions cleanup'],
  [['--profile', 'work', 'sessions', 'cleanup'], 'sessions cleanup'],
  [['reset', '--yes'], 'reset'],
  [['doctor', '--fix'], 'doctor --fix'],
  [['agents', 'delete', 'coder'], 'agents delete'],
  [['config', 'set', 'gateway.port', '1'], 'config set'],
  [['config', 'unset', 'x'], 'config unset'],
  [['config', 'patch', '{}'], 'config patch'],
  [['gateway', 'call', 'sessions.reset'], 'gateway call sessions.reset'],
  [['sessions', '--json'], undefined],
  [['sessions', 'list'], undefined],
  [['doctor'], undefined],
  [['config', 'get', 'x'], undefined],
  [['gateway', 'call', 'health'], undefined],
  [['status'], undefined],
];

describe('mutatingCommand', () => {
  it.each(rows)('%j -> %s', (args, want) => {
    expect(mutatingCommand(args)).toBe(want);
  });
});

describe('mutationNotice', () => {
  const S = '/srv/root/.openclaw';
  const probe = fakeFs({ files: [`${S}/agents/sql/agent/openclaw-agent.sqlite`] });

  it.each([
    [['sessions', 'cleanup', '--agent', 'target'], `${S}/agents/target/sessions/sessions.json`],
    [['sessions', 'cleanup', '--agent', 'sql'], `${S}/agents/sql/agent/openclaw-agent.sqlite`],
    [['sessions', 'cleanup', '--all-agents'], `${S}/agents/*`],
    [['config', 'set', 'a', 'b'], `${S}/openclaw.json`],
    [['sessions', 'cleanup'], `${S}/agents/ops/sessions/sessions.json`],
    [['sessions', 'cleanup', '--store', '/tmp/other/sessions.json'], '/tmp/other/sessions.json'],
  ])('%j names %s', (args, store) => {
    const line = mutationNotice(args, S, `${S}/openclaw.json`, { probe, readDefault: () => 'ops' })!;
    expect(line).toContain(`state dir ${S}`);
    expect(line).toContain(`store ${store}`);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });

  it.each([
    ['2026.9.6', 'sqlite', `${S}/agents/fresh/agent/openclaw-agent.sqlite`],
    ['2026.5.12', 'json', `${S}/agents/sql/sessions/sessions.json`],
  ] as const)('a %s CLI (%s) names its own kind of store, whatever files exist yet', (_v, kind, store) => {
    const agent = kind === 'sqlite' ? 'fresh' : 'sql';
    expect(
      mutationNotice(['sessions', 'cleanup', '--agent', agent], S, `${S}/openclaw.json`, { probe, kind }),
    ).toContain(`store ${store})`);
  });

  it('says "would act on" for a dry run', () => {
    expect(
      mutationNotice(['sessions', 'cleanup', '--dry-run', '--agent', 'a'], S, `${S}/openclaw.json`, { probe }),
    ).toMatch(/would act on \(dry run\)/);
  });

  it('says nothing for a read-only command', () => {
    expect(mutationNotice(['sessions', '--json'], S, `${S}/openclaw.json`, { probe })).toBeUndefined();
  });
});
