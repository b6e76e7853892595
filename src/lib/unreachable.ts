// A path this user cannot reach for permissions (its own mode, or a dir on the way such as a 0700 home): 77 as its owner's.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ExitError } from './exit.ts';
import { currentArgv, decideOwner, ownerOf } from './owner.ts';

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * The dir that keeps this user from `dir`: `dir` itself when it cannot be listed and entered, else the
 * deepest ancestor it may not search (stat of `dir` fails with EACCES). Undefined when `dir` is reachable or
 * truly absent (ENOENT, ENOTDIR): that is "no such state" (66), not a permission problem.
 */
export function permissionBlock(dir: string): string | undefined {
  const abs = path.resolve(dir);
  try {
    fs.statSync(abs);
  } catch (error) {
    if (codeOf(error) !== 'EACCES') return undefined;
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      if (fs.existsSync(d) || d === path.dirname(d)) return d;
    }
  }
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
    return undefined;
  } catch (error) {
    return codeOf(error) === 'EACCES' ? abs : undefined;
  }
}

/**
 * Not root, and `dir` lies where only another user may go: refused as a stranger (77) with the exact command
 * as the owner of the dir in the way. Root reaches everything; the owner of that dir gets no refusal here.
 */
export function refuseUnreachable(dir: string, what: string): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return;
  const block = permissionBlock(dir);
  if (!block) return;
  const abs = path.resolve(dir);
  const where = block === abs ? `${what} ${abs}` : `${what} ${abs} lies behind ${block}, which you may not enter; it`;
  const d = decideOwner(uid, ownerOf(block), where, currentArgv());
  if (d.kind === 'refuse') throw new ExitError(EXIT.NOT_OWNER, d.message);
}
