// Which repair backup holds a path that is gone (a dangling canonical link's target), newest first.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { readManifestIn } from '../repair/journal.ts';
import { backupsRoot } from '../repair/manifest.ts';

/** The newest complete backup dir of this state dir with a tree that held `target`; undefined when none. */
export function backupHolding(stateDir: string, target: string): string | undefined {
  const root = backupsRoot(stateDir);
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => !n.endsWith('.lock')).sort().reverse();
  } catch {
    return undefined;
  }
  for (const name of names) {
    const dir = path.join(root, name);
    if (readManifestIn(dir)?.trees.some((t) => isWithin(target, t.source))) return dir;
  }
  return undefined;
}
