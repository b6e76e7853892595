// Root reading another user's state reads as that user: nothing the owner could not read is read or printed.
import fs from 'node:fs';
import path from 'node:path';
import { actAsOwner, becameOwner, ownerOf, type Owner } from './owner.ts';

/**
 * When this process is root and the first existing dir of `dirs` belongs to another user, becomes that
 * user for the rest of the run (an agent of theirs may have planted links to root-only files in their
 * state). Anyone else stays who they are (a read they may not do is reported as unreadable). Afterwards
 * the working dir is one the owner can enter. Returns the owner this process became, if it did.
 */
export function readAsOwnerOf(dirs: Array<string | undefined>): Owner | undefined {
  if (becameOwner()) return becameOwner();
  if (process.getuid?.() !== 0 || typeof process.setuid !== 'function') return undefined;
  const dir = dirs.find((d): d is string => !!d?.trim() && fs.existsSync(d));
  if (!dir) return undefined;
  let owner: Owner;
  try {
    owner = ownerOf(path.resolve(dir));
  } catch {
    return undefined;
  }
  if (owner.uid === 0) return undefined;
  actAsOwner(dir);
  try {
    fs.accessSync(process.cwd(), fs.constants.X_OK);
  } catch {
    process.chdir('/');
  }
  return becameOwner();
}
