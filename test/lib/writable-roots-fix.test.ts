// The writable_roots advice fits the config.toml it is given: pasted or followed, the file stays valid TOML.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { writableRootsFix } from '../../src/lib/writable-roots-fix.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roots-fix-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const state = "/srv/gw's state/.openclaw";

function rootsAfterPasting(text: string | undefined): unknown {
  const file = path.join(dir, `config ${Math.random().toString(36).slice(2)}.toml`);
  if (text !== undefined) fs.writeFileSync(file, text);
  const fix = writableRootsFix(file, text, state);
  execFileSync('/bin/sh', ['-c', fix]);
  const data = parse(fs.readFileSync(file, 'utf8')) as {
    sandbox_workspace_write?: { writable_roots?: unknown };
    projects?: unknown;
  };
  return { roots: data.sandbox_workspace_write?.writable_roots, projects: data.projects };
}

describe('writableRootsFix', () => {
  it('no table: a command that appends one, valid after the [projects] tables Codex appends', () => {
    const text = 'sandbox_mode = "workspace-write"\n[projects."/w"]\ntrust_level = "trusted"';
    expect(rootsAfterPasting(text)).toEqual({ roots: [state], projects: { '/w': { trust_level: 'trusted' } } });
  });

  it('no file at all: the command creates one Codex can read', () => {
    expect(rootsAfterPasting(undefined)).toEqual({ roots: [state], projects: undefined });
  });

  it('a table without the key: the key goes under that table, not a second header', () => {
    const fix = writableRootsFix('/c/config.toml', '[sandbox_workspace_write]\nexclude_slash_tmp = true\n', '/s');
    expect(fix).toBe('add the line writable_roots = ["/s"] under [sandbox_workspace_write] in /c/config.toml');
    const followed = '[sandbox_workspace_write]\nwritable_roots = ["/s"]\nexclude_slash_tmp = true\n';
    expect(parse(followed)).toEqual({ sandbox_workspace_write: { writable_roots: ['/s'], exclude_slash_tmp: true } });
  });

  it('the key already there: the path to add to its array', () => {
    const text = '[sandbox_workspace_write] # mine\nwritable_roots = ["/x"]\n[projects."/w"]\n';
    expect(writableRootsFix('/c/config.toml', text, '/s')).toBe(
      'add "/s" to the writable_roots array under [sandbox_workspace_write] in /c/config.toml',
    );
  });

  it('a key of another table with the same name is not taken for ours', () => {
    const text = '[sandbox_workspace_write]\n[other]\nwritable_roots = ["/x"]\n';
    expect(writableRootsFix('/c/config.toml', text, '/s')).toContain('add the line writable_roots = ["/s"] under');
  });

  it('a dotted key or an inline table: the value to extend, never a header that would clash', () => {
    expect(writableRootsFix('/c', 'sandbox_workspace_write.network_access = true\n', '/s')).toBe(
      'add "/s" to sandbox_workspace_write.writable_roots in /c',
    );
    expect(writableRootsFix('/c', 'sandbox_workspace_write = { writable_roots = [] }\n', '/s')).toBe(
      'add "/s" to sandbox_workspace_write.writable_roots in /c',
    );
  });
});
