// resolvedPath and isWithin answer exactly what path.resolve and path.relative do, for every shape of path.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWithin, resolvedPath } from '../../src/canonical/layout.ts';

/** The definitions these replaced, kept as the reference. */
const reference = {
  resolve: (p: string): string => path.resolve(p),
  isWithin: (child: string, parent: string): boolean => {
    const rel = path.relative(path.resolve(parent), path.resolve(child));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  },
};

const PARTS = ['a', 'b', 'ab', '.', '..', '', '..x', '.b', '...', 'codex-home', 'a b'];

/** Every path of up to three parts, absolute or relative, with and without a trailing slash. */
function corpus(): string[] {
  const out = new Set<string>(['/', '', '.', '..', '//', '///a']);
  const walk = (parts: string[]): void => {
    if (parts.length) {
      const body = parts.join('/');
      for (const p of [body, `/${body}`, `${body}/`, `/${body}/`, `//${body}`]) out.add(p);
    }
    if (parts.length < 3) for (const part of PARTS) walk([...parts, part]);
  };
  walk([]);
  return [...out];
}

describe('resolvedPath and isWithin', () => {
  const paths = corpus();

  it(`resolvedPath is path.resolve for ${paths.length} paths`, () => {
    for (const p of paths) expect(resolvedPath(p), p).toBe(reference.resolve(p));
  });

  it('isWithin agrees with path.relative for every pair of a sample (abs, relative, `..x`, `//`, trailing `/`)', () => {
    const sample = paths.filter((_, i) => i % 11 === 0);
    const wrong: string[] = [];
    let inside = 0;
    for (const child of sample) {
      for (const parent of sample) {
        const want = reference.isWithin(child, parent);
        if (isWithin(child, parent) !== want) wrong.push(`${child} in ${parent}: ${want}`);
        if (want) inside += 1;
      }
    }
    expect(wrong).toEqual([]);
    expect(inside).toBeGreaterThan(sample.length); // the sample holds real nestings, not only strangers
  });

  it('names the cases that matter for the shim', () => {
    expect(isWithin('/s/agents/a/agent/codex-home/home', '/s/agents/a/agent/codex-home')).toBe(true);
    expect(isWithin('/s/agents/a/agent/codex-home2', '/s/agents/a/agent/codex-home')).toBe(false);
    expect(isWithin('/s/x/../y', '/s/y')).toBe(true);
    expect(isWithin('/anything', '/')).toBe(true);
    expect(isWithin('/s/..x', '/s')).toBe(false); // as path.relative's `..x` always read
  });
});
