// V8's code cache of the installed shim: where it lives, who may have written it, read and written whole.
import fs from 'node:fs';
import path from 'node:path';
import { codeCachePathOf, shimPathOf } from '../layout/codex-home.ts';
import { writeAll } from '../lib/write-all.ts';

/**
 * Each cache starts with `key` (a hash of the source it was made from), the payload's checksum, spaces to
 * a multiple of 8 bytes (the payload then sits word-aligned: checksum reads it in place) and a newline.
 * V8 checks only the source's length, so a cache from another build of the same length would run that
 * build's code; and a release V8 does not checksum the payload, so damaged bytes crash every call (SIGTRAP).
 */
function header(key: string, payload: Buffer): Buffer {
  const text = `${key} ${checksum(payload)}`;
  return Buffer.from(`${text.padEnd(Math.ceil((text.length + 1) / 8) * 8 - 1)}\n`, 'latin1');
}

/**
 * A hash of the payload's 32-bit words in four lanes, and the length: it finds damage, not an attacker. The
 * trust rules keep other users out, and whoever can write this file as the shim's own user can rewrite the
 * shim itself. Each step is xor, multiply, xorshift, multiply, xorshift: two multiplies, so no difference
 * passes a step unchanged whatever the data. Plain FNV-1a let two flipped top bits in one lane cancel, and
 * one multiply-xorshift let a fixed three-bit pattern cancel; each crashed every call (operators' trials).
 * Not sha256 nor crc32: loading node:crypto or node:zlib costs a tool call about 8 ms, more than the whole
 * cache saves; this loop takes 1–2 ms over the shim's 100 kB.
 */
export function checksum(bytes: Buffer): string {
  // Words from byte 0 wherever the buffer sits: the same bytes hash the same (a copy only if unaligned).
  const at = bytes.byteOffset & 3 ? Buffer.from(Uint8Array.prototype.slice.call(bytes).buffer) : bytes;
  const w = new Int32Array(at.buffer, at.byteOffset, at.length >> 2);
  const p = 16777619;
  const q = -2048144789; // 0x85ebca6b, MurmurHash3's finalizer constant
  let [a, b, c, d] = [0x811c9dc5 | 0, 1, 2, 3];
  const lanes = w.length & ~3;
  for (let i = 0; i < lanes; i += 4) {
    a = Math.imul(a ^ w[i]!, p);
    a = Math.imul(a ^ (a >>> 15), q);
    a ^= a >>> 13;
    b = Math.imul(b ^ w[i + 1]!, p);
    b = Math.imul(b ^ (b >>> 15), q);
    b ^= b >>> 13;
    c = Math.imul(c ^ w[i + 2]!, p);
    c = Math.imul(c ^ (c >>> 15), q);
    c ^= c >>> 13;
    d = Math.imul(d ^ w[i + 3]!, p);
    d = Math.imul(d ^ (d >>> 15), q);
    d ^= d >>> 13;
  }
  const step = (h: number, x: number): number => {
    const m = Math.imul(Math.imul(h ^ x, p) ^ (Math.imul(h ^ x, p) >>> 15), q);
    return m ^ (m >>> 13);
  };
  for (let i = lanes; i < w.length; i++) a = step(a, w[i]!);
  for (let i = w.length * 4; i < at.length; i++) b = step(b, at[i]!);
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}${hex(c)}${hex(d)}.${at.length}`;
}

/** Far above any real cache (about 100 kB): a larger file is not read (a call would pay seconds), only replaced. */
export const MAX_CACHE_BYTES = 8 * 1024 * 1024;

/** The cache of an installed shim (`<codexHome>/openclaw-shim/bin/openclaw`); none for a shim anywhere else. */
export function codeCacheFileOf(self: string): string | undefined {
  if (!path.isAbsolute(self)) return undefined;
  const codexHome = path.dirname(path.dirname(path.dirname(self)));
  return shimPathOf(codexHome) === self ? codeCachePathOf(codexHome) : undefined;
}

/** Ours alone: owned by this uid and writable by nobody else (issue 14: code another user could write is never run). */
const ours = (st: fs.Stats): boolean => st.uid === process.geteuid?.() && (st.mode & 0o022) === 0;

/** The dir holds only what this uid put there: the cache may be read and replaced. */
export function dirIsOurs(file: string): boolean {
  try {
    const st = fs.lstatSync(path.dirname(file));
    return st.isDirectory() && ours(st);
  } catch {
    return false;
  }
}

/** The cached data for this build, or undefined (missing, foreign, not a regular file, another build's). */
export function readCodeCache(file: string, key: string): Buffer | undefined {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !ours(st) || st.size > MAX_CACHE_BYTES) return undefined;
    const bytes = fs.readFileSync(fd);
    const end = bytes.indexOf(0x0a);
    if (end < 0) return undefined;
    const [builtFor, sum] = bytes.subarray(0, end).toString('latin1').trimEnd().split(' ');
    const payload = bytes.subarray(end + 1);
    return builtFor === key && payload.length > 0 && sum === checksum(payload) ? payload : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes the cache whole (a temp file renamed) or not at all: a read-only codex home just goes without. */
export function writeCodeCache(file: string, key: string, data: () => Buffer): void {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    const payload = data();
    writeAll(fd, Buffer.concat([header(key, payload), payload]));
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch {
    try {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing of ours to clean up
    }
  }
}
