// The installed shim keeps V8's compiled code in its own dir: written once, used after, never from a file another user could write.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksum, codeCacheFileOf, readCodeCache, writeCodeCache } from '../../src/shim/code-cache.ts';
import { codeCachePathOf } from '../../src/layout/codex-home.ts';
import { SHIM_JS } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from './support.ts';

const KEY = 'a'.repeat(64);
const data = Buffer.from('compiled code, as far as this test cares');

describe('codeCacheFileOf', () => {
  it('names <codexHome>/openclaw-shim/shim-code-cache for an installed shim only', () => {
    expect(codeCacheFileOf('/s/agents/a/agent/codex-home/openclaw-shim/bin/openclaw')).toBe(
      '/s/agents/a/agent/codex-home/openclaw-shim/shim-code-cache',
    );
    for (const elsewhere of ['/usr/local/bin/openclaw', '/x/dist/shim.mjs', 'openclaw-shim/bin/openclaw', '']) {
      expect(codeCacheFileOf(elsewhere)).toBeUndefined();
    }
  });
});

describe('readCodeCache / writeCodeCache', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-cc-')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'shim-code-cache');

  it('reads back what it wrote, for the same key only, and leaves no temp file', () => {
    writeCodeCache(file, KEY, () => data);
    expect(readCodeCache(file, KEY)).toEqual(data);
    expect(readCodeCache(file, 'b'.repeat(64))).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual(['shim-code-cache']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((fs.readFileSync(file).indexOf(0x0a) + 1) % 8).toBe(0); // the payload sits word-aligned
  });

  it('ignores a cache others could have written, a link and a FIFO (without blocking)', () => {
    writeCodeCache(file, KEY, () => data);
    fs.chmodSync(file, 0o620);
    expect(readCodeCache(file, KEY)).toBeUndefined();
    fs.chmodSync(file, 0o600);
    const link = path.join(dir, 'link');
    fs.symlinkSync(file, link);
    expect(readCodeCache(link, KEY)).toBeUndefined();
    const fifo = path.join(dir, 'fifo');
    fs.rmSync(fifo, { force: true });
    execFileSync('mkfifo', [fifo]);
    expect(readCodeCache(fifo, KEY)).toBeUndefined();
    fs.rmSync(link);
    fs.rmSync(fifo);
  });

  it('writes nothing, and throws nothing, where it cannot write (a file where its dir should be)', () => {
    const notDir = path.join(dir, 'not-a-dir');
    fs.writeFileSync(notDir, '');
    let asked = false;
    writeCodeCache(path.join(notDir, 'shim-code-cache'), KEY, () => {
      asked = true;
      return data;
    });
    expect(asked).toBe(false); // nothing is serialized for a file that cannot be written
    expect(fs.readdirSync(dir).sort()).toEqual(['not-a-dir', 'shim-code-cache']);
  });
});

describe('the installed shim', () => {
  let sb: ShimSandbox;
  let cache: string;
  beforeAll(() => {
    sb = makeShimSandbox();
    cache = codeCachePathOf(sb.codexHome);
  });
  afterAll(() => sb.cleanup());
  const call = async () => {
    const fake = sb.fake(`printf '%s|' "$HOME" "$OPENCLAW_STATE_DIR" "$@"`);
    const r = await run(sb.shim, { args: ['sessions', '--json'], env: sb.env([fake], { OPENCLAW_SHIM_QUIET: '1' }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.toString();
  };
  const expected = () => `${sb.home}|${sb.stateDir}|sessions|--json|`;
  const identity = () => {
    const st = fs.statSync(cache);
    return { ino: st.ino, mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
  };

  it('writes its code cache on the first call (0600) and uses it unchanged on the next', async () => {
    expect(fs.existsSync(cache)).toBe(false);
    expect(await call()).toBe(expected());
    const first = identity();
    expect(first.mode).toBe(0o600);
    expect(await call()).toBe(expected());
    expect(identity()).toEqual(first);
  });

  it('replaces a cache of another build (its key) or one V8 rejects, with the same result', async () => {
    const bytes = fs.readFileSync(cache);
    const head = bytes.indexOf(0x0a) + 1;
    const [key, sum] = bytes
      .subarray(0, head - 1)
      .toString('latin1')
      .split(' ');
    fs.writeFileSync(cache, Buffer.concat([Buffer.from(`${'0'.repeat(64)} ${sum}\n`), bytes.subarray(head)]), {
      mode: 0o600,
    });
    const other = identity();
    expect(await call()).toBe(expected());
    expect(identity().ino).not.toBe(other.ino);
    expect(fs.readFileSync(cache).subarray(0, 64).toString('latin1')).toBe(key);
    // This build's key over bytes V8 cannot use (a torn or foreign payload): refused or rejected, recompiled.
    fs.writeFileSync(cache, Buffer.concat([bytes.subarray(0, head), Buffer.alloc(bytes.length - head, 7)]));
    const torn = identity();
    expect(await call()).toBe(expected());
    expect(identity().ino).not.toBe(torn.ino);
  });

  it('never hands V8 a payload damaged on disk (a release V8 runs it and dies of SIGTRAP on every call)', async () => {
    const bytes = fs.readFileSync(cache);
    const damaged = Buffer.from(bytes);
    const mid = Math.floor(bytes.length / 2);
    for (let i = mid; i < mid + 2000 && i < bytes.length; i++) damaged[i] = damaged[i]! ^ 0xff;
    fs.writeFileSync(cache, damaged, { mode: 0o600 });
    const before = identity();
    expect(await call()).toBe(expected());
    expect(await call()).toBe(expected());
    expect(identity().ino).not.toBe(before.ino);
  });

  it('does not read a cache far larger than any real one (a call would pay seconds), and replaces it', async () => {
    fs.rmSync(cache, { force: true });
    fs.writeFileSync(cache, `${'0'.repeat(64)} x\n`, { mode: 0o600 });
    fs.truncateSync(cache, 64 * 1024 * 1024); // sparse: costs no disk
    const huge = identity();
    expect(await call()).toBe(expected());
    expect(identity().ino).not.toBe(huge.ino);
    expect(fs.statSync(cache).size).toBeLessThan(1024 * 1024);
  });

  it('never reads a cache others could write, nor writes one in a dir others could write', async () => {
    fs.chmodSync(cache, 0o666);
    const foreign = identity();
    expect(await call()).toBe(expected());
    expect(identity().ino).not.toBe(foreign.ino);
    expect(identity().mode).toBe(0o600);
    const root = path.dirname(cache);
    fs.rmSync(cache);
    fs.chmodSync(root, 0o777);
    try {
      expect(await call()).toBe(expected());
      expect(fs.existsSync(cache)).toBe(false);
    } finally {
      fs.chmodSync(root, 0o700);
    }
  });

  it('run from anywhere else (dist/shim.mjs itself), writes no cache at all', async () => {
    const before = fs.readdirSync(path.dirname(SHIM_JS)).sort();
    const fake = sb.fake('exit 0');
    const r = await run(process.execPath, {
      args: [SHIM_JS, '--version'],
      env: sb.env([fake], { OPENCLAW_SHIM_QUIET: '1' }),
    });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.dirname(SHIM_JS)).sort()).toEqual(before);
  });
});

describe('checksum', () => {
  it('is the same for the same bytes wherever they sit in memory, and differs for one changed byte', () => {
    const bytes = Buffer.from(Array.from({ length: 1003 }, (_, i) => (i * 7) & 0xff));
    const sums = [0, 1, 2, 3].map((shift) => {
      const room = Buffer.alloc(bytes.length + 8);
      bytes.copy(room, shift);
      return checksum(room.subarray(shift, shift + bytes.length));
    });
    expect(new Set(sums).size).toBe(1);
    const changed = Buffer.from(bytes);
    changed[1001] = changed[1001]! ^ 1;
    expect(checksum(changed)).not.toBe(sums[0]);
    expect(checksum(bytes.subarray(0, 1002))).not.toBe(sums[0]);
  });

  it('tells apart damage that plain FNV misses: two flipped top bits in one lane (an operator crashed on it)', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 17) & 0xff));
    const sum = checksum(bytes);
    const flipped = (pairs: Array<[number, number]>): string => {
      const b = Buffer.from(bytes);
      for (const [at, bit] of pairs) b[at] = b[at]! ^ (1 << bit);
      return checksum(b);
    };
    // Bit 31 of words 16 bytes apart (the same lane), as in the trial: byte 3 of a little-endian word.
    expect(
      flipped([
        [1003, 7],
        [1019, 7],
      ]),
    ).not.toBe(sum);
    for (let i = 0; i < 64; i++) {
      for (const gap of [16, 32, 48, 160, 1600])
        expect(
          flipped([
            [i * 4 + 3, 7],
            [i * 4 + 3 + gap, 7],
          ]),
        ).not.toBe(sum);
    }
    // And bit 16 of the second word too (the second trial): what one multiply-xorshift step left unchanged.
    for (let i = 0; i < 64; i++) {
      const word = 4 * i;
      expect(
        flipped([
          [word + 3, 7],
          [word + 19, 7],
          [word + 18, 0],
        ]),
      ).not.toBe(sum);
    }
    // Any two bits anywhere (a fixed pseudo-random sample).
    let seed = 1;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let k = 0; k < 2000; k++) {
      const first = next(bytes.length);
      const second = (first + 1 + next(bytes.length - 1)) % bytes.length;
      expect(
        flipped([
          [first, next(8)],
          [second, next(8)],
        ]),
      ).not.toBe(sum);
    }
  });
});
