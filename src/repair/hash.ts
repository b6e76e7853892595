// Streams files through sha256 in fixed chunks: hashing and byte-for-byte copying without whole-file buffers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { forFile } from '../lib/atomic-write.ts';
import { writeAll } from '../lib/write-all.ts';
import { openRegular } from '../lib/read-regular.ts';
import { copyChunk } from './steps.ts';

const CHUNK = 1 << 20;

/** Hashes `file` in 1 MiB chunks, yielding after each (driven sync or with a yield to signals). */
function* hashing(file: string): Generator<void, string> {
  const hash = crypto.createHash('sha256');
  const fd = openRegular(file);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let n: number; (n = fs.readSync(fd, buf, 0, CHUNK, null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      yield;
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

export function sha256File(file: string, between?: () => void): string {
  return driveSync(hashing(file), () => between?.());
}

/** What a finished copy reports: the source's sha256 and size. */
type Copied = { sha256: string; size: number };

/** The copies being written now, by destination: a process that must exit at once discards them. */
const inFlight = new Set<string>();

/**
 * Removes every copy still being written (a second SIGINT exits without unwinding): a cut copy never stays
 * behind looking like a copy. Returns the paths removed.
 */
export function discardCopiesInFlight(): string[] {
  const cut = [...inFlight];
  cut.forEach(rmQuietly);
  inFlight.clear();
  return cut;
}

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
    inFlight.add(dest);
    let whole = false;
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      for (let n: number; (n = fs.readSync(input, buf, 0, CHUNK, null)) > 0; ) {
        hash.update(buf.subarray(0, n));
        writeAll(output, buf.subarray(0, n));
        size += n;
        copyChunk();
        yield;
      }
      fs.fchmodSync(output, mode & 0o7777);
      fs.fsyncSync(output);
      whole = true;
    } finally {
      fs.closeSync(output);
      inFlight.delete(dest);
      if (!whole) rmQuietly(dest);
    }
  } finally {
    fs.closeSync(input);
  }
  const t = new Date(mtimeMs);
  fs.utimesSync(dest, t, t);
  return { sha256: hash.digest('hex'), size };
}

/** Runs a chunked job to its end, `pause` between chunks; a throw from `pause` ends it (a partial copy is removed). */
async function drive<T>(job: Generator<void, T>, pause: () => void | Promise<void>): Promise<T> {
  try {
    for (let step = job.next(); ; step = job.next()) {
      if (step.done) return step.value;
      await pause();
    }
  } catch (error) {
    job.return(undefined as never);
    throw error;
  }
}

function driveSync<T>(job: Generator<void, T>, pause: () => void): T {
  try {
    for (let step = job.next(); ; step = job.next()) {
      if (step.done) return step.value;
      pause();
    }
  } catch (error) {
    job.return(undefined as never);
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
 * source's sha256 and size, without yielding (the agent database's copy before an import, a step of its own).
 */
export function copyWithHash(src: string, dest: string, mode: number, mtimeMs: number): Copied {
  try {
    return driveSync(chunkedCopy(src, dest, mode, mtimeMs), () => {});
  } catch (error) {
    throw forFile(error, dest);
  }
}

/** Lets the event loop run once: a SIGINT/SIGTERM that came meanwhile reaches its handler. */
export const yieldToSignals = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Copies `src` to a new file `dest` (never overwriting), fsyncs it, keeps mode and mtime; returns the
 * source's sha256 and size. The loop yields between 1 MiB chunks so a signal handler runs, then `between`
 * may throw (the partial `dest` is removed).
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

/** sha256File for large files that must stop on a signal: yields between 1 MiB chunks, then `between` may throw. */
export function sha256FileInterruptible(file: string, between: () => void): Promise<string> {
  return drive(hashing(file), async () => {
    await yieldToSignals();
    between();
  });
}
