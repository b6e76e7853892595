// Everything the management CLI prints: stdout for results, stderr for progress and errors.
import fs from 'node:fs';
import tty from 'node:tty';

export interface Output {
  /** A result line on stdout. */
  line(text?: string): void;
  /** A whole JSON document on stdout. */
  json(value: unknown): void;
  /** Diagnostics on stderr. */
  error(text: string): void;
  /** Progress on stderr, shown only on a terminal and never with --json. */
  progress(text: string): void;
  /** Runs `then` once the reader of stdout has gone away (`| head`); `log --follow` ends there. */
  onReaderGone(then: () => void): void;
  /** ANSI styling, off under NO_COLOR or when stdout is not a terminal. */
  style: {
    bold(s: string): string;
    red(s: string): string;
    yellow(s: string): string;
    green(s: string): string;
    dim(s: string): string;
  };
}

/** fds whose reader went away: what follows for them is dropped. */
const gone = new Set<number>();
const goneListeners: Array<() => void> = [];

/**
 * A reader that went away (`| head`) gets nothing more, but the command still finishes and exits with
 * its own code: a monitor with `pipefail` must not read findings as success.
 */
function write(fd: 1 | 2, text: string): void {
  if (gone.has(fd)) return;
  try {
    fs.writeSync(fd, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      gone.add(fd);
      if (fd === 1) for (const then of goneListeners.splice(0)) then();
      return;
    }
    if (code !== 'EAGAIN') throw error;
    // A non-blocking pipe that is full: wait for it rather than drop output.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    write(fd, text);
  }
}

const wrap = (on: boolean, open: number, close: number) => (s: string) =>
  on ? `\u001b[${open}m${s}\u001b[${close}m` : s;

export function createOutput(opts: { json?: boolean } = {}): Output {
  // tty.isatty, not process.stdout.isTTY: the process streams are never created (see write()).
  const color = !process.env.NO_COLOR && tty.isatty(1) && process.env.TERM !== 'dumb';
  const showProgress = !opts.json && tty.isatty(2);
  return {
    line: (text = '') => write(1, `${text}\n`),
    json: (value) => write(1, `${JSON.stringify(value, null, 2)}\n`),
    error: (text) => write(2, text.endsWith('\n') ? text : `${text}\n`),
    progress: (text) => {
      if (showProgress) write(2, `${text}\n`);
    },
    onReaderGone: (then) => {
      if (gone.has(1)) then();
      else goneListeners.push(then);
    },
    style: {
      bold: wrap(color, 1, 22),
      red: wrap(color, 31, 39),
      yellow: wrap(color, 33, 39),
      green: wrap(color, 32, 39),
      dim: wrap(color, 2, 22),
    },
  };
}
