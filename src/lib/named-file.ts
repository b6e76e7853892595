// A file named on the command line (--real-openclaw): absent (127), or behind a dir this user may not enter (77).
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ExitError } from './exit.ts';
import { becameOwner, ownerLabel } from './owner.ts';
import { permissionBlock } from './unreachable.ts';

/**
 * Throws unless `file` can be reached by this process. Root has become the state dir's owner by now, so a
 * path only root can reach (a binary in /root) is one the owner cannot: that is said, with the dir in the
 * way, never "does not exist".
 */
export function requireNamedFile(file: string, flag: string): void {
  try {
    fs.statSync(file);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES')
      throw new ExitError(EXIT.NOT_FOUND, `${flag} ${file} does not exist`, { cause: error });
  }
  const block = permissionBlock(file) ?? path.dirname(path.resolve(file));
  const owner = becameOwner();
  const who = owner ? `${ownerLabel(owner)}, the state dir's owner, as whom this runs,` : 'you';
  const name = owner?.name ?? `uid ${owner?.uid}`;
  const fix = owner
    ? `install OpenClaw where ${name} can reach it (e.g. npm install -g openclaw as that user) and pass that path`
    : 'pass a path you can reach, or run this as the owner of that dir';
  throw new ExitError(EXIT.NOT_OWNER, `${flag} ${file} lies behind ${block}, which ${who} may not enter: ${fix}`);
}
