// execve's size limits are checked before process.execve, which aborts Node instead of throwing.
import { describe, expect, it } from 'vitest';
import { fitsExec } from '../../src/shim/exec.ts';

describe('fitsExec', () => {
  it.each([
    ['an ordinary call', ['sessions', '--json'], { HOME: '/root' }, true],
    ['one argument over 128 KiB (MAX_ARG_STRLEN)', ['x'.repeat(128 * 1024)], {}, false],
    ['one environment entry over 128 KiB', [], { BIG: 'y'.repeat(128 * 1024) }, false],
    ['many arguments adding up past ~2 MiB', Array.from({ length: 20 }, () => 'z'.repeat(100 * 1024)), {}, false],
    ['arguments just under the limits', Array.from({ length: 10 }, () => 'z'.repeat(100 * 1024)), {}, true],
    ['multi-byte characters counted in bytes', ['é'.repeat(70 * 1024)], {}, false],
  ])('%s', (_name, args, env, fits) => {
    expect(fitsExec(args, env)).toBe(fits);
  });
});
