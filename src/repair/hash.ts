// Streams files through sha256 in fixed chunks: hashing and byte-for-byte copying without whole-file buffers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { forFile } from '../lib/atomic-write.ts';
import { writeAll } from '../lib/write-all.ts';
import { openRegular } from '../lib/read-regular.ts';

const CHUNK = 1 << 20;

export function sha256File(file: string, between?: () => void): string {
  const hash = crypto.createHash('sha256');
  const fd = openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n: number; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      between?.();
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** What a finished copy reports: the source's sha256 and size. */
type Copied = { sha256: string; size: number };

/**
 * Copies `src` (a regular file: a FIFO would block) to a new file `dest` (never overwriting) in 1 MiB
 * chunks, yielding after each; fsyncs it, keeps mode and mtime. Closed early (`return()`, or a throw),
 * it removes the partial `dest`: a cut copy never stays behind looking like a copy.
 */
function* chunkedCopy(src: string, dest: string, mode: number, mtimeMs: number): Generator<void, Copied> {
  const hash = crypto.createHash('sha256');
  const input = openRegular(src);
  let size = 0;
  try {
    const output = fs.openSync(dest, 'wx', mode & 0o7777);
    let whole = false;
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let n: number; (n = fs.readSync(input, buf, 0, CHUNK, null)) > 0; ) {
        hash.update(buf.subarray(0, n));
        writeAll(output, buf.subarray(0, n));
        size += n;
        yield;
      }
      fs.fchmodSync(output, mode & 0o7777);
      fs.fsyncSync(output);
      whole = true;
    } finally {
      fs.closeSync(output);
      if (!whole) rmQuietly(dest);
    }
  } finally {
    fs.closeSync(input);
  }
  const t = new Date(mtimeMs);
  fs.utimesSync(dest, t, t);
  return { sha256: hash.digest('hex'), size };
}

/** Runs a copy to its end, `pause` between chunks; a throw from `pause` ends the copy (partial file removed). */
async function drive(copy: Generator<void, Copied>, pause: () => void | Promise<void>): Promise<Copied> {
  try {
    for (let step = copy.next(); ; step = copy.next()) {
      if (step.done) return step.value;
      await pause();
    }
  } catch (error) {
    copy.return(undefined as never);
    throw error;
  }
}

function driveSync(copy: Generator<void, Copied>, pause: () => void): Copied {
  try {
    for (let step = copy.next(); ; step = copy.next()) {
      if (step.done) return step.value;
      pause();
    }
  } catch (error) {
    copy.return(undefined as never);
    throw error;
  }
}

function rmQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A read-only remount: the next run redoes the copy.
  }
}

/**
 * Copies `src` to a new file `dest` (never overwriting), fsyncs it, keeps mode and mtime; returns the
 * source's sha256 and size. `between` runs between 1 MiB chunks (a signal check): when it throws, the
 * partial `dest` is removed.
 */
export function copyWithHash(src: string, dest: string, mode: number, mtimeMs: number, between?: () => void): Copied {
  try {
    return driveSync(chunkedCopy(src, dest, mode, mtimeMs), () => between?.());
  } catch (error) {
    throw forFile(error, dest);
  }
}

/** Lets the event loop run once: a SIGINT/SIGTERM that came meanwhile reaches its handler. */
export const yieldToSignals = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * copyWithHash for large copies that must stop on a signal: the loop yields between 1 MiB chunks so a
 * signal handler runs, then `between` may throw (the partial `dest` is removed). Same result as copyWithHash.
 */
export async function copyWithHashInterruptible(
  src: string,
  dest: string,
  mode: number,
  mtimeMs: number,
  between: () => void,
): Promise<Copied> {
  try {
    return await drive(chunkedCopy(src, dest, mode, mtimeMs), async () => {
      await yieldToSignals();
      between();
    });
  } catch (error) {
    throw forFile(error, dest);
  }
}
