// write(2) until every byte is down: a short count (a full disk, a signal) is never taken for a whole write.
import fs from 'node:fs';

/** Writes all of `data` at the fd's position; throws the errno of the write that failed (ENOSPC, EIO…). */
export function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < bytes.length; ) {
    const n = fs.writeSync(fd, bytes, off, bytes.length - off);
    // write(2) returning 0 for a non-empty buffer means no progress will ever be made.
    if (n <= 0)
      throw Object.assign(
        new Error(`ENOSPC: no space left on device, write (0 of ${bytes.length - off} bytes written)`),
        { code: 'ENOSPC', syscall: 'write' },
      );
    off += n;
  }
}

/**
 * Appends one record with O_APPEND in as few writes as the kernel allows (one, below the pipe/page
 * limits), looping on a short count; a failure leaves at most a cut line at the end, never a lost one.
 */
export function appendAll(fd: number, line: string): void {
  writeAll(fd, line);
}
