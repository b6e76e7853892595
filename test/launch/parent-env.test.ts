// Reading the gateway's environment from /proc.
import { describe, expect, it } from 'vitest';
import { parseEnviron, readProcessEnv } from '../../src/launch/parent-env.ts';

describe('parent environment', () => {
  it('parses NUL-separated NAME=value pairs, values may hold =', () => {
    expect(parseEnviron('HOME=/root\0A=b=c\0EMPTY=\0junk\0')).toEqual({ HOME: '/root', A: 'b=c', EMPTY: '' });
  });

  it('reads a live process where /proc shows it, and says why not otherwise', () => {
    const self = readProcessEnv(process.pid);
    if (process.platform === 'linux') expect(self.ok && self.env.PATH).toBe(process.env.PATH);
    expect(readProcessEnv(1).ok).toBe(false);
    expect(readProcessEnv(2 ** 30)).toMatchObject({ ok: false });
  });
});
