// The one way to read a file: opened non-blocking and fstat-checked first, since a FIFO in a file's place blocks a read forever.
import fs from 'node:fs';

export interface ReadOptions {
  /** Refuse a symbolic link in the last component (ELOOP): for files another user or an agent could plant. */
  noFollow?: boolean;
}

const fail = (message: string, code: string): Error => Object.assign(new Error(message), { code });

/**
 * An fd on `file` only when it is a regular file. Error codes: ENOENT and the like as usual; EISDIR for a
 * directory; ENOTREG (ours) for a FIFO, socket or device; ELOOP for a link when `noFollow`.
 */
export function openRegular(file: string, opts: ReadOptions = {}): number {
  const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | (opts.noFollow ? O_NOFOLLOW : 0));
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw fail('EISDIR (a directory where the file should be)', 'EISDIR');
    if (!st.isFile()) throw fail('not a regular file (a FIFO, socket or device)', 'ENOTREG');
    return fd;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

export function readRegularBytes(file: string, opts: ReadOptions = {}): Buffer {
  const fd = openRegular(file, opts);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export const readRegularFile = (file: string, opts: ReadOptions = {}): string =>
  readRegularBytes(file, opts).toString('utf8');

/** At most the first `max` bytes (a shim's or script's head). */
export function readRegularHead(file: string, max: number, opts: ReadOptions = {}): string {
  const fd = openRegular(file, opts);
  try {
    const buf = Buffer.alloc(max);
    return buf.toString('utf8', 0, fs.readSync(fd, buf, 0, max, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The text, or undefined when it is missing or cannot be read as a regular file. */
export function readRegularOrNone(file: string, opts: ReadOptions = {}): string | undefined {
  try {
    return readRegularFile(file, opts);
  } catch {
    return undefined;
  }
}

/** The error's code, or the message for our own (a path's problem in one word or phrase). */
export const readErrorOf = (error: unknown): string => {
  const e = error as NodeJS.ErrnoException;
  return e.code === 'ENOTREG' || e.code === 'EISDIR' ? e.message : (e.code ?? e.message);
};
