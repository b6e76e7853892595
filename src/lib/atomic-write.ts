// Writes a file whole or not at all: a recognisable temp file in the same dir, every byte written and re-read, fsync, rename, dir fsync.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from './process-identity.ts';
import { writeAll } from './write-all.ts';

export interface AtomicWriteOptions {
  /** File mode; defaults to the existing file's mode, else 0600. */
  mode?: number;
}

/** `.<name>.openclaw-shim.<pid>.<random>.tmp`: a later run (and doctor) can tell our leftovers from anyone else's files. */
const TEMP = /^\.(.+)\.openclaw-shim\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export const tempPathFor = (file: string): string =>
  path.join(
    path.dirname(file),
    `.${path.basename(file)}.openclaw-shim.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`,
  );

/** The pid that made a temp file of ours; undefined for any other name (pure). */
export function ourTempPid(name: string): number | undefined {
  const m = TEMP.exec(name);
  return m ? Number(m[2]) : undefined;
}

/** Marks a failed write's error with the file it was for (the temp file's name would mislead). */
export function forFile<E>(error: E, file: string): E {
  if (error && typeof error === 'object' && !('target' in error)) Object.assign(error, { target: file });
  return error;
}

const rmQuietly = (file: string): void => {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A read-only remount refuses the cleanup too; the next run (or doctor) removes our temp file.
  }
};

const sha256 = (data: Uint8Array): string => crypto.createHash('sha256').update(data).digest('hex');

/** Re-reads what landed on disk: a short or changed file is never renamed into place. */
function verifyWritten(tmp: string, file: string, bytes: Uint8Array): void {
  const back = fs.readFileSync(tmp);
  if (back.length !== bytes.length || sha256(back) !== sha256(bytes)) {
    throw Object.assign(
      new Error(`EIO: ${tmp} reads back ${back.length} of ${bytes.length} bytes or different bytes`),
      { code: 'EIO', syscall: 'write', path: file },
    );
  }
}

/** Readers see the old bytes or the new bytes, never a mix, even if we die mid-write or the disk fills. */
export function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const mode = opts.mode ?? (fs.statSync(file, { throwIfNoEntry: false })?.mode ?? 0o600) & 0o7777;
    const tmp = tempPathFor(file);
    const fd = fs.openSync(tmp, 'wx', mode);
    try {
      try {
        writeAll(fd, bytes);
        fs.fchmodSync(fd, mode);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      verifyWritten(tmp, file, bytes);
      fs.renameSync(tmp, file);
    } catch (error) {
      rmQuietly(tmp);
      throw error;
    }
    fsyncDir(dir);
  } catch (error) {
    throw forFile(error, file);
  }
}

/** fsync on a dir makes a rename durable; EINVAL/ENOTSUP (filesystems without it) are not failures, EIO is. */
export function fsyncDir(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EBADF' && code !== 'EPERM') throw forFile(error, dir);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes our temp files in `dir` whose writer is gone (a killed run); someone else's files are never touched. Returns the removed names. */
export function removeStaleTemps(dir: string, alive: (pid: number) => boolean = isAlive): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const stale = names.filter((n) => {
    const pid = ourTempPid(n);
    return (
      pid !== undefined &&
      pid !== process.pid &&
      !alive(pid) &&
      fs.lstatSync(path.join(dir, n), { throwIfNoEntry: false })?.isFile()
    );
  });
  for (const n of stale) fs.rmSync(path.join(dir, n), { force: true });
  return stale;
}
