// Writes one top-level key of a codex home's config.toml in place: atomic, mode and owner kept.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { withTopLevel, type TomlValue } from './codex-toml.ts';
import { readRegularFile } from '../lib/read-regular.ts';

export function setCodexConfigKey(file: string, key: string, next: TomlValue): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const text = stat ? readRegularFile(file) : '';
  let out: string;
  try {
    out = withTopLevel(text, key, next);
  } catch (error) {
    throw new ExitError(EXIT.DATA, `${file}: ${(error as Error).message}; edit it by hand`, { cause: error });
  }
  if (out === text) return;
  const owner = stat ?? fs.statSync(path.dirname(file));
  try {
    writeFileAtomic(file, out, { mode: stat ? stat.mode & 0o7777 : 0o600 });
    if (process.getuid?.() === 0) fs.chownSync(file, owner.uid, owner.gid);
  } catch (error) {
    throw new ExitError(EXIT.CANT_WRITE, `cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
