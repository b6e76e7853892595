// Step 1 of repair: copies shadow trees byte for byte into the backup dir, verifies them, writes the manifest last.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { walkTree } from '../store/walk.ts';
import { unsafeTreeRoot } from '../store/shadow-root.ts';
import { copyWithHashInterruptible, sha256File, sha256FileInterruptible } from './hash.ts';
import {
  BACKUP_VERSION,
  FILES,
  MANIFEST_SCHEMA,
  backupsRoot,
  type Manifest,
  type ManifestTree,
  type RunFile,
} from '../store/backup-manifest.ts';
import { findReusable } from './reuse.ts';
import { specialType } from '../store/special.ts';
import { RepairInterrupted } from './interrupt.ts';
import { stepDone } from './steps.ts';
import { linkOnTheWay } from '../store/record-paths.ts';
import { isWithin } from '../canonical/layout.ts';

export class BackupError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'BackupError';
  }
}

/**
 * One file into the backup through `<backup>/copy.partial`, renamed into place once whole: a copy cut by
 * SIGKILL or a second signal is named partial and in no manifest, and the next run starts the copy again.
 */
async function copyWhole(
  e: { abs: string; stat: fs.Stats },
  to: string,
  partial: string,
  between: () => void,
): Promise<{ sha256: string; size: number }> {
  const out = await copyWithHashInterruptible(e.abs, partial, e.stat.mode, e.stat.mtimeMs, between);
  fs.renameSync(partial, to);
  return out;
}

/** Never follows a symlink (copied as a symlink); special files are recorded by type, not copied. */
async function copyTree(
  source: string,
  dest: string,
  ownerAgent: string,
  dir: string,
  partial: string,
  between: () => void,
): Promise<ManifestTree> {
  const tree: ManifestTree = { source, ownerAgent, dir, dirs: [], files: [], links: [], specials: [] };
  fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
  for (const e of walkTree(source, (abs, err) => {
    throw new BackupError(`cannot read ${abs}`, err);
  })) {
    const to = path.join(dest, e.rel);
    const special = specialType(e.stat);
    if (e.stat.isDirectory()) {
      fs.mkdirSync(to, { mode: 0o700 });
      tree.dirs.push({ path: e.rel, mode: e.stat.mode & 0o7777 });
    } else if (e.stat.isSymbolicLink()) {
      const target = fs.readlinkSync(e.abs);
      fs.symlinkSync(target, to);
      tree.links.push({ path: e.rel, target });
    } else if (special) {
      tree.specials!.push({ path: e.rel, type: special });
    } else {
      const { sha256, size } = await copyWhole(e, to, partial, between);
      tree.files.push({ path: e.rel, size, mode: e.stat.mode & 0o7777, mtimeMs: e.stat.mtimeMs, sha256 });
      stepDone('backup:file');
    }
  }
  return tree;
}

/** A tree that resolves to the state dir (or around it) or into the backups is never copied: that copy would nest into itself. */
function assertBackupSource(source: string, stateDir: string): void {
  const why = unsafeTreeRoot(source, stateDir, backupsRoot(stateDir));
  if (why) throw new BackupError(`refusing to back up ${source}: ${why}`);
}

/** Re-reads every copy (stopping on a signal between chunks): a manifest is only written for a backup whose bytes match. */
async function verifyCopy(backupDir: string, tree: ManifestTree, between: () => void): Promise<void> {
  for (const f of tree.files) {
    const copy = path.join(backupDir, tree.dir, f.path);
    if ((await sha256FileInterruptible(copy, between)) !== f.sha256)
      throw new BackupError(`backup copy ${copy} does not match its source ${path.join(tree.source, f.path)}`);
  }
}

/**
 * Any half-made copy is discarded and redone: only the manifest marks a backup complete. A tree an earlier
 * complete backup holds byte for byte (and intact) is not copied again: the manifest points at that copy.
 */
export async function makeBackup(backupDir: string, run: RunFile, between: () => void = () => {}): Promise<Manifest> {
  const treesDir = path.join(backupDir, 'trees');
  const partial = path.join(backupDir, FILES.partial);
  fs.rmSync(treesDir, { recursive: true, force: true });
  fs.rmSync(partial, { force: true });
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    version: BACKUP_VERSION,
    createdAt: new Date().toISOString(),
    stateDir: run.stateDir,
    trees: [],
  };
  try {
    for (const t of run.trees) {
      assertBackupSource(t.source, run.stateDir);
      const reused = findReusable(run.stateDir, t.source, t.ownerAgent, backupDir);
      if (reused) {
        manifest.trees.push(reused.tree);
        continue;
      }
      const tree = await copyTree(t.source, path.join(backupDir, t.dir), t.ownerAgent, t.dir, partial, between);
      await verifyCopy(backupDir, tree, between);
      manifest.trees.push(tree);
    }
  } catch (error) {
    if (error instanceof BackupError || error instanceof RepairInterrupted) throw error;
    throw new BackupError(`backup into ${backupDir} failed: ${(error as Error).message}`, error);
  }
  writeFileAtomic(path.join(backupDir, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/** Whether the tree, as it is now, is entirely in the manifest: every file by hash, every link by target, every special file by type. */
export function treeCoveredBy(tree: ManifestTree, between?: () => void): { ok: true } | { ok: false; why: string } {
  if (!fs.existsSync(tree.source)) return { ok: true };
  const files = new Map(tree.files.map((f) => [f.path, f]));
  const links = new Map(tree.links.map((l) => [l.path, l.target]));
  const specials = new Map((tree.specials ?? []).map((s) => [s.path, s.type]));
  for (const e of walkTree(tree.source)) {
    if (e.stat.isDirectory()) continue;
    if (e.stat.isSymbolicLink()) {
      if (links.get(e.rel) !== fs.readlinkSync(e.abs)) return { ok: false, why: `${e.abs} is not in the backup` };
      continue;
    }
    const special = specialType(e.stat);
    if (special) {
      if (specials.get(e.rel) !== special) return { ok: false, why: `${e.abs} (${special}) is not in the backup` };
      continue;
    }
    const f = files.get(e.rel);
    if (!f || f.size !== e.stat.size || sha256File(e.abs, between) !== f.sha256)
      return { ok: false, why: `${e.abs} changed since the backup` };
  }
  return { ok: true };
}

/**
 * Why the backup copy of `tree` cannot be trusted now (re-read in this run, whoever made it): its dir is not
 * inside the backups (or is reached through a link), or a file is missing, cut or changed, or a link differs.
 */
export function copyProblem(
  runDir: string,
  stateDir: string,
  tree: ManifestTree,
  between?: () => void,
): string | undefined {
  const root = backupsRoot(stateDir);
  const copyDir = path.resolve(runDir, tree.dir);
  if (!isWithin(copyDir, root) || copyDir === root) return `its backup copy ${copyDir} lies outside ${root}`;
  const link = linkOnTheWay(root, copyDir, true);
  if (link) return `its backup copy is reached through a link (${link})`;
  for (const f of tree.files) {
    const copy = path.join(copyDir, f.path);
    const st = fs.lstatSync(copy, { throwIfNoEntry: false });
    if (!st?.isFile()) return `the backup copy ${copy} is missing`;
    if (st.size !== f.size || sha256File(copy, between) !== f.sha256)
      return `the backup copy ${copy} no longer matches the manifest's sha256`;
  }
  for (const l of tree.links) {
    const copy = path.join(copyDir, l.path);
    const st = fs.lstatSync(copy, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink() || fs.readlinkSync(copy) !== l.target)
      return `the backup copy of the link ${copy} is missing or differs`;
  }
  return undefined;
}
