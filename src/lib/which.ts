// Finds executables on PATH and tells files apart by identity (device + inode), whatever the symlinks; shared by the shim and the launcher.
import fs from 'node:fs';
import path from 'node:path';
import { statOrNone } from './stat-or-none.ts';

export interface Identity {
  dev: number;
  ino: number;
}

/** A path this process cannot see (missing, EACCES on a PATH dir, ELOOP) is skipped like a missing one. */
export const identityOf = (p: string): Identity | undefined => {
  const st = statOrNone(p);
  return st ? { dev: st.dev, ino: st.ino } : undefined;
};

export const sameFile = (a: Identity | undefined, b: Identity | undefined): boolean =>
  !!a && !!b && a.dev === b.dev && a.ino === b.ino;

export type ExecState = 'ok' | 'not-executable' | 'missing';

export function execState(p: string): ExecState {
  const st = statOrNone(p);
  if (!st?.isFile()) return 'missing';
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return 'ok';
  } catch {
    return 'not-executable';
  }
}

/** The first executable `name` on PATH that `skip` does not reject; absolute dirs only. */
export function which(
  name: string,
  pathValue: string | undefined,
  skip: (candidate: string) => boolean = () => false,
): string | undefined {
  for (const dir of (pathValue ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    if (execState(candidate) === 'ok' && !skip(candidate)) return candidate;
  }
  return undefined;
}
