// allow_login_shell edited in a Codex config.toml: before Codex's [projects] tables, comments kept, exactly undone.
import { expect, it } from 'vitest';
import { readTopLevel, withTopLevel } from '../../src/setup/codex-toml.ts';

const CODEX_WROTE = '# mine\nmodel = "gpt-5"\n\n[projects."/work"]\ntrust_level = "trusted"\n';

it('inserts the key at the top level, not into the last table, and keeps comments', () => {
  const off = withTopLevel(CODEX_WROTE, 'allow_login_shell', { set: true, value: false });
  expect(off).toBe(
    '# mine\nmodel = "gpt-5"\nallow_login_shell = false\n\n[projects."/work"]\ntrust_level = "trusted"\n',
  );
  expect(readTopLevel(off, 'allow_login_shell')).toEqual({ set: true, value: false });
  expect(withTopLevel(off, 'allow_login_shell', { set: false })).toBe(CODEX_WROTE);
});

it('replaces an existing value in place and restores it', () => {
  const on = 'allow_login_shell = true # keep\n[x]\na = 1\n';
  const off = withTopLevel(on, 'allow_login_shell', { set: true, value: false });
  expect(readTopLevel(off, 'allow_login_shell')).toEqual({ set: true, value: false });
  expect(readTopLevel(withTopLevel(off, 'allow_login_shell', { set: true, value: true }), 'allow_login_shell')).toEqual(
    { set: true, value: true },
  );
});

it('an empty or table-less file works; a broken one is refused', () => {
  expect(withTopLevel('', 'allow_login_shell', { set: true, value: false })).toBe('allow_login_shell = false\n');
  expect(() => withTopLevel('a = \n', 'allow_login_shell', { set: true, value: false })).toThrow();
  expect(readTopLevel('a = \n', 'x')).toHaveProperty('error');
});
