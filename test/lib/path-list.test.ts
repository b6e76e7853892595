// prependOnce: the shim dir first, exactly once, the rest in order.
import { describe, expect, it } from 'vitest';
import { prependOnce } from '../../src/lib/path-list.ts';

describe('prependOnce', () => {
  const dir = '/s/agents/main/agent/codex-home/openclaw-shim/bin';
  it.each([
    ['/usr/bin:/bin', `${dir}:/usr/bin:/bin`],
    [undefined, dir],
    ['', dir],
    [`${dir}:/usr/bin`, `${dir}:/usr/bin`],
    [`/usr/bin:${dir}:/bin`, `${dir}:/usr/bin:/bin`],
    [`/usr/bin:${dir}/:/bin:${dir}`, `${dir}:/usr/bin:/bin`],
    ['/a::/b', `${dir}:/a::/b`],
  ])('%s', (input, expected) => {
    expect(prependOnce(input, dir)).toBe(expected);
  });

  it('is idempotent: a relaunch never grows PATH', () => {
    const once = prependOnce('/usr/bin:/bin', dir);
    expect(prependOnce(once, dir)).toBe(once);
  });
});
