// Environment faults (full disk, read-only remount, I/O error, permission, link loop, too-deep data) → documented exit codes, one line naming the path.
import { EXIT, ExitError } from './exit.ts';

/** errno → words, as strerror says them. */
const WORDS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links (or a link where none may be)',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
};

/** Faults of the place written to: whatever the syscall, nothing was half-written (the atomic write's promise). */
const WRITE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EFBIG']);
const READ_SYSCALLS = new Set([
  'read',
  'scandir',
  'readdir',
  'stat',
  'lstat',
  'fstat',
  'readlink',
  'realpath',
  'access',
]);

interface Errno {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  target?: string;
}

const isErrno = (e: unknown): e is Errno =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { code?: unknown }).code === 'string' &&
  /^E[A-Z]+$/.test((e as { code: string }).code);

/** The errno error in `error`'s cause chain (ours wrap Node's), or undefined. */
export function errnoIn(error: unknown): Errno | undefined {
  for (let e = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (isErrno(e)) return e;
  }
  return undefined;
}

const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

const RESUME = 'nothing was half-written; free space or make it writable, then run again to resume';

/** The exit for an environment fault, or undefined for anything else (a bug: exit 70). Pure. */
export function faultExit(error: unknown): ExitError | undefined {
  for (let e = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (isStackOverflow(e))
      return new ExitError(
        EXIT.DATA,
        'a file read is nested too deeply to be openclaw-shim or OpenClaw data (JSON deeper than the stack); nothing was written',
        { cause: error },
      );
  }
  const errno = errnoIn(error);
  if (!errno) return undefined;
  const words = WORDS[errno.code];
  if (!words) return undefined;
  const where = errno.target ?? errno.path ?? '(unknown path)';
  const what = `${words} (${errno.code})`;
  if (WRITE_FAULTS.has(errno.code))
    return new ExitError(EXIT.CANT_WRITE, `could not write ${where}: ${what}; ${RESUME}`, { cause: error });
  if (errno.code === 'EIO') {
    if (READ_SYSCALLS.has(errno.syscall ?? ''))
      return new ExitError(EXIT.CANT_READ, `could not read ${where}: ${what}; nothing was written after it`, {
        cause: error,
      });
    return new ExitError(EXIT.CANT_WRITE, `could not write ${where}: ${what}; ${RESUME}`, { cause: error });
  }
  if (errno.code === 'EACCES' || errno.code === 'EPERM') {
    const fix = 'run as the owner of that path (or fix its mode)';
    if (READ_SYSCALLS.has(errno.syscall ?? '') || (errno.syscall === 'open' && !errno.target))
      return new ExitError(EXIT.CANT_READ, `could not read ${where}: ${what}; ${fix}`, { cause: error });
    return new ExitError(
      EXIT.CANT_WRITE,
      `could not write ${where}: ${what}; nothing was half-written; ${fix}, then run again to resume`,
      { cause: error },
    );
  }
  if (errno.code === 'ELOOP')
    return new ExitError(EXIT.DATA, `${where}: ${what}; openclaw-shim never follows such a link`, { cause: error });
  return new ExitError(EXIT.CANT_READ, `${where}: ${what}`, { cause: error });
}
