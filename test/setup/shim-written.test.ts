// Uninstall removes every file the shim itself writes in its dir (the code cache and its temp files), and only those.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isShimWrittenName, shimRootOf } from '../../src/layout/codex-home.ts';
import { shimWrittenFiles } from '../../src/setup/facts.ts';
import { writeCodeCache } from '../../src/shim/code-cache.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-sw-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the files the shim writes in its dir', () => {
  it('are named as the layout says: the cache and the temp file it is written through', () => {
    const root = shimRootOf(path.join(dir, 'named'));
    fs.mkdirSync(root, { recursive: true });
    let whileWriting: string[] = [];
    writeCodeCache(path.join(root, 'shim-code-cache'), 'k'.repeat(64), () => {
      whileWriting = fs.readdirSync(root);
      return Buffer.from('code');
    });
    expect(whileWriting).toHaveLength(1);
    expect(whileWriting[0]).toMatch(/^shim-code-cache\./);
    for (const name of [...whileWriting, ...fs.readdirSync(root)]) expect(isShimWrittenName(name), name).toBe(true);
  });

  it('are found by name, regular files only: not logs, capture, foreign names, links or dirs', () => {
    const codexHome = path.join(dir, 'found');
    const root = shimRootOf(codexHome);
    fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
    fs.mkdirSync(path.join(root, 'shim-code-cache.7.tmp'));
    for (const n of ['shim-code-cache', 'shim-code-cache.4242.tmp', 'shim-code-cache.bak', 'capture.json', 'x.tmp'])
      fs.writeFileSync(path.join(root, n), '');
    fs.writeFileSync(path.join(dir, 'elsewhere'), 'not ours');
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(root, 'shim-code-cache.99.tmp'));
    expect(shimWrittenFiles(codexHome).sort()).toEqual(
      [path.join(root, 'shim-code-cache'), path.join(root, 'shim-code-cache.4242.tmp')].sort(),
    );
    expect(shimWrittenFiles(path.join(dir, 'no-such-home'))).toEqual([]);
  });
});
