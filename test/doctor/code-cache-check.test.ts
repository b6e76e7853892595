// doctor judges a shim's code cache as the shim would: this build's with a failing checksum is damaged, others are not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheState, headerKey, thisBuildsKey } from '../../src/doctor/code-cache-check.ts';
import { codeCachePathOf } from '../../src/layout/codex-home.ts';
import { writeCodeCache } from '../../src/shim/code-cache.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-cachecheck-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A codex home whose shim dir is the owner's alone, as install makes it. */
function home(): { codexHome: string; file: string } {
  const codexHome = path.join(dir, `home-${n++}`);
  fs.mkdirSync(path.join(codexHome, 'openclaw-shim'), { recursive: true, mode: 0o700 });
  return { codexHome, file: codeCachePathOf(codexHome) };
}
const KEY = 'a'.repeat(64);
const payload = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff));

describe('codeCacheState', () => {
  it('none, then ok once the shim has written it (its own writer)', () => {
    const { codexHome, file } = home();
    expect(codeCacheState(codexHome, KEY)).toBe('none');
    writeCodeCache(file, KEY, () => payload);
    expect(codeCacheState(codexHome, KEY)).toBe('ok');
  });

  it("this build's key, a byte of the payload changed: damaged", () => {
    const { codexHome, file } = home();
    writeCodeCache(file, KEY, () => payload);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100]! ^= 0x40;
    fs.writeFileSync(file, bytes);
    expect(codeCacheState(codexHome, KEY)).toBe('damaged');
  });

  it("this build's key and nothing after it (a cut header, an empty payload): damaged", () => {
    const { codexHome, file } = home();
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    expect(codeCacheState(codexHome, KEY)).toBe('damaged');
  });

  it("another build's cache, or one with no header: other-build (the shim replaces it), even if damaged", () => {
    const { codexHome, file } = home();
    writeCodeCache(file, 'b'.repeat(64), () => payload);
    expect(codeCacheState(codexHome, KEY)).toBe('other-build');
    fs.writeFileSync(file, Buffer.alloc(300, 0xee));
    expect(codeCacheState(codexHome, KEY)).toBe('other-build');
  });

  it('one the shim does not trust (writable by others, a symlink): ignored, as the shim ignores it', () => {
    const a = home();
    writeCodeCache(a.file, KEY, () => payload);
    fs.chmodSync(a.file, 0o666);
    expect(codeCacheState(a.codexHome, KEY)).toBe('ignored');
    const b = home();
    fs.symlinkSync(a.file, b.file);
    expect(codeCacheState(b.codexHome, KEY)).toBe('ignored');
  });

  it("headerKey reads the first word of the first line; the build's key is the 64-hex key the build wrote", () => {
    expect(headerKey(Buffer.from(`${KEY} 0123.42   \npayload`))).toBe(KEY);
    expect(headerKey(Buffer.alloc(0))).toBe('');
    expect(thisBuildsKey()).toMatch(/^[0-9a-f]{64}$/);
  });
});
