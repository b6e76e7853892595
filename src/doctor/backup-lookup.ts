// Which repair backup holds a path that is gone (a dangling canonical link's target), newest first.
import { isWithin } from '../canonical/layout.ts';
import { backupDirsNewestFirst, readManifestIn } from '../store/backups.ts';

/** The newest complete backup dir of this state dir with a tree that held `target`; undefined when none. */
export function backupHolding(stateDir: string, target: string): string | undefined {
  return backupDirsNewestFirst(stateDir).find((dir) => readManifestIn(dir)?.trees.some((t) => isWithin(target, t.source)));
}
