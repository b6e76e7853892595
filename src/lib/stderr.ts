// Diagnostics go to fd 2 with one synchronous write, never through process.stderr (Node:
// creating that stream can leave a piped fd non-blocking for the program we hand over to).
import fs from 'node:fs';

export function writeStderr(text: string): void {
  try {
    fs.writeSync(2, text);
  } catch {
    // stderr is closed: the exit code still tells.
  }
}
