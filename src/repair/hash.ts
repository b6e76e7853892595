// Streams files through sha256 in fixed chunks: hashing and byte-for-byte copying without whole-file buffers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { openRegular } from '../store/read-regular.ts';

const CHUNK = 1 << 20;

export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** Copies `src` to a new file `dest` (never overwriting), fsyncs it, keeps mode and mtime; returns the source's sha256 and size. */
export function copyWithHash(src: string, dest: string, mode: number, mtimeMs: number): { sha256: string; size: number } {
  const hash = crypto.createHash('sha256');
  const input = openRegular(src);
  let size = 0;
  try {
    const output = fs.openSync(dest, 'wx', mode & 0o7777);
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let n; (n = fs.readSync(input, buf, 0, CHUNK, null)) > 0; ) {
        hash.update(buf.subarray(0, n));
        fs.writeSync(output, buf, 0, n);
        size += n;
      }
      fs.fchmodSync(output, mode & 0o7777);
      fs.fsyncSync(output);
    } finally {
      fs.closeSync(output);
    }
  } finally {
    fs.closeSync(input);
  }
  const t = new Date(mtimeMs);
  fs.utimesSync(dest, t, t);
  return { sha256: hash.digest('hex'), size };
}
