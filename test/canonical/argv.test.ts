// Table-driven tests of root-option parsing: --profile / --dev as the real CLI applies them, and the command path.
import { describe, expect, it } from 'vitest';
import { optionValue, parseArgv } from '../../src/canonical/argv.ts';

const rows: Array<{ args: string[]; profile?: string; commandPath: string[] }> = [
  { args: ['sessions', '--json'], commandPath: ['sessions'] },
  { args: ['--profile', 'work', 'sessions'], profile: 'work', commandPath: ['sessions'] },
  { args: ['--profile=work', 'sessions'], profile: 'work', commandPath: ['sessions'] },
  { args: ['--dev', 'sessions'], profile: 'dev', commandPath: ['sessions'] },
  { args: ['gateway', '--dev'], commandPath: ['gateway'] },
  { args: ['sessions', '--profile', 'late'], profile: 'late', commandPath: ['sessions'] },
  {
    args: ['sessions', 'cleanup', '--profile=late', '--enforce'],
    profile: 'late',
    commandPath: ['sessions', 'cleanup'],
  },
  { args: ['--profile', '--json'], commandPath: [] },
  { args: ['--profile', '  '], commandPath: [] },
  { args: ['qa', 'matrix', '--profile', 'x'], commandPath: ['qa', 'matrix'] },
  { args: ['--log-level', 'debug', 'sessions', 'cleanup'], commandPath: ['sessions', 'cleanup'] },
  { args: ['sessions', '--', '--profile', 'ignored'], commandPath: ['sessions'] },
  { args: ['--profile', 'a', '--profile', 'b', 'status'], profile: 'b', commandPath: ['status'] },
];

describe('parseArgv', () => {
  it.each(rows)('$args', ({ args, profile, commandPath }) => {
    const parsed = parseArgv(args);
    expect(parsed.profile).toBe(profile);
    expect(parsed.commandPath).toEqual(commandPath);
  });
});

describe('optionValue', () => {
  it.each([
    [['sessions', '--agent', 'target'], 'target'],
    [['sessions', '--agent=target'], 'target'],
    [['sessions', '--agent'], undefined],
    [['sessions', '--agent', '--json'], undefined],
    [['--', '--agent', 'x'], undefined],
  ] as Array<[string[], string | undefined]>)('%j', (args, want) => {
    expect(optionValue(args, '--agent')).toBe(want);
  });
});
