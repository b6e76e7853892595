// Writes doctor's metrics for node_exporter's textfile collector: DIR/openclaw_shim.prom, atomically, 0644.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';

export const TEXTFILE_NAME = 'openclaw_shim.prom';

/**
 * The collector reads only `*.prom`: the temp file (`.openclaw_shim.prom.<pid>….tmp`, same dir, fsynced)
 * is never scraped half-written, and the rename replaces the old file in one step. The dir must exist:
 * it is node_exporter's, not ours to create.
 */
export function writeTextfile(dir: string, text: string): string {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory())
    throw new ExitError(
      EXIT.NO_INPUT,
      `--textfile ${dir}: no such directory (node_exporter's --collector.textfile.directory)`,
    );
  const file = path.join(dir, TEXTFILE_NAME);
  try {
    writeFileAtomic(file, text, { mode: 0o644 });
  } catch (error) {
    throw new ExitError(
      EXIT.CANT_WRITE,
      `--textfile: could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  return file;
}
