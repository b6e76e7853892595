// Reads a file's text only when it is a regular file: a FIFO in a store's place would block the read forever.
import fs from 'node:fs';

/** Error codes: ENOENT as usual; EISDIR for a directory; ENOTREG (ours) for a FIFO, socket or device. */
export function readRegularFile(file: string): string {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR (a directory where the file should be)'), { code: 'EISDIR' });
    if (!st.isFile()) throw Object.assign(new Error('not a regular file (a FIFO, socket or device)'), { code: 'ENOTREG' });
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}
