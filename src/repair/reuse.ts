// Finds an earlier complete backup whose copy of a tree is identical to the tree now, so a re-run does not copy it again.
import fs from 'node:fs';
import path from 'node:path';
import { walkTree } from '../store/walk.ts';
import { sha256File } from './hash.ts';
import { backupDirsNewestFirst, readManifestIn } from '../store/backups.ts';
import type { ManifestTree } from '../store/backup-manifest.ts';
import { specialType } from '../store/special.ts';

/** A tree's contents now, in manifest terms; files hashed, special files never opened. */
export type Snapshot = Pick<ManifestTree, 'dirs' | 'files' | 'links'> & {
  specials: NonNullable<ManifestTree['specials']>;
};

export function snapshotTree(source: string): Snapshot {
  const snap: Snapshot = { dirs: [], files: [], links: [], specials: [] };
  for (const e of walkTree(source, (abs, err) => {
    throw new Error(`cannot read ${abs}: ${err.message}`);
  })) {
    const type = specialType(e.stat);
    if (e.stat.isDirectory()) snap.dirs.push({ path: e.rel, mode: e.stat.mode & 0o7777 });
    else if (e.stat.isSymbolicLink()) snap.links.push({ path: e.rel, target: fs.readlinkSync(e.abs) });
    else if (type) snap.specials.push({ path: e.rel, type });
    else
      snap.files.push({
        path: e.rel,
        size: e.stat.size,
        mode: e.stat.mode & 0o7777,
        mtimeMs: e.stat.mtimeMs,
        sha256: sha256File(e.abs),
      });
  }
  return snap;
}

const keyed = <T extends { path: string }>(items: readonly T[] | undefined, value: (t: T) => string): string =>
  (items ?? [])
    .map((t) => `${t.path}\0${value(t)}`)
    .sort()
    .join('\n');

/** Same relative paths, sizes and sha256; same links and special files; same dirs (pure). */
export function sameContent(
  tree: Pick<ManifestTree, 'dirs' | 'files' | 'links' | 'specials'>,
  snap: Snapshot,
): boolean {
  return (
    keyed(tree.files, (f) => `${f.size}\0${f.sha256}`) === keyed(snap.files, (f) => `${f.size}\0${f.sha256}`) &&
    keyed(tree.links, (l) => l.target) === keyed(snap.links, (l) => l.target) &&
    keyed(tree.specials, (s) => s.type) === keyed(snap.specials, (s) => s.type) &&
    keyed(tree.dirs, () => '') === keyed(snap.dirs, () => '')
  );
}

/** Every byte of the copy is still there and matches its manifest hash. */
function copyIntact(copyDir: string, tree: ManifestTree): boolean {
  return tree.files.every((f) => {
    const copy = path.join(copyDir, f.path);
    return fs.statSync(copy, { throwIfNoEntry: false })?.size === f.size && sha256File(copy) === f.sha256;
  });
}

export interface Reusable {
  /** The tree entry for this run's manifest: the earlier entry with `dir` pointing at the earlier copy. */
  tree: ManifestTree;
  copyDir: string;
}

/** Complete earlier backups (they have a manifest), newest first, holding a tree of this source. */
function earlierTrees(
  stateDir: string,
  source: string,
  currentDir: string,
): Array<{ dir: string; tree: ManifestTree }> {
  return backupDirsNewestFirst(stateDir)
    .filter((dir) => dir !== currentDir)
    .flatMap((dir) =>
      (readManifestIn(dir)?.trees ?? []).filter((t) => t.source === source).map((tree) => ({ dir, tree })),
    );
}

/** An earlier identical, intact copy of `source` to use instead of a new one; undefined when there is none. */
export function findReusable(
  stateDir: string,
  source: string,
  ownerAgent: string,
  currentDir: string,
): Reusable | undefined {
  const earlier = earlierTrees(stateDir, source, currentDir);
  if (earlier.length === 0) return undefined;
  const snap = snapshotTree(source);
  for (const e of earlier) {
    const copyDir = path.resolve(e.dir, e.tree.dir);
    if (!sameContent(e.tree, snap) || !copyIntact(copyDir, e.tree)) continue;
    const tree: ManifestTree = {
      ...e.tree,
      source,
      ownerAgent,
      dir: path.relative(currentDir, copyDir),
      reusedFrom: e.tree.reusedFrom ?? e.dir,
    };
    return { tree, copyDir };
  }
  return undefined;
}
