// Which first words are unknown commands, and which command a typo surely meant (pure).
import { describe, expect, it } from 'vitest';
import { closeCommand, editDistance, unknownCommandMessage } from '../../src/cli/unknown-command.ts';

const names = ['demo', 'setup', 'uninstall', 'install', 'launch', 'doctor', 'repair', 'explain', 'log', 'completion'];

describe('unknown commands', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('repiar', 'repair')).toBe(1);
    expect(editDistance('foo', 'log')).toBe(2); // what yargs suggested; two edits on a three-letter name is no typo
    expect(editDistance('', 'log')).toBe(3);
  });

  it.each([
    ['doctr', 'doctor'],
    ['lg', 'log'],
    ['explian', 'explain'],
    ['in', 'install'],
    ['ex', 'explain'],
    ['foo', undefined],
    ['set', 'setup'],
    ['d', undefined],
    ['de', 'demo'],
  ])('%s → %s', (word, meant) => {
    expect(closeCommand(word, names)).toBe(meant);
  });

  it('options and known commands are not unknown', () => {
    expect(unknownCommandMessage(['--help'], names)).toBeUndefined();
    expect(unknownCommandMessage(['doctor', '--json'], names)).toBeUndefined();
    expect(unknownCommandMessage([], names)).toBeUndefined();
  });
});
