// Step 3 of repair: removes shadow trees that are wholly in the backup; with --link, leaves sessions symlinks.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { fsyncDir } from '../lib/atomic-write.ts';
import { treeCoveredBy } from './backup.ts';
import { realOrResolved, unsafeTreeRoot } from '../store/shadow-root.ts';
import { backupsRoot, type ManifestTree } from '../store/backup-manifest.ts';
import { describeSpecials } from '../store/special.ts';
import { sessionsDirOf, type Action } from './plan.ts';

/** `keepWhy`: why the tree must stay (a locked or unreadable store); the tree is removed only when wholly in the backup. */
export function removeTree(tree: ManifestTree, keepWhy: string | undefined, stateDir: string): Action {
  const base = { step: 'remove' as const, path: tree.source };
  if (!fs.lstatSync(tree.source, { throwIfNoEntry: false })) return { ...base, detail: 'already removed', status: 'skipped' };
  if (keepWhy) return { ...base, detail: `kept: ${keepWhy}`, status: 'skipped' };
  const unsafe = unsafeTreeRoot(tree.source, stateDir, backupsRoot(stateDir));
  if (unsafe) return { ...base, detail: `kept: ${unsafe}; it is not a shadow tree`, status: 'skipped' };
  const covered = treeCoveredBy(tree);
  if (!covered.ok) return { ...base, detail: `kept: ${covered.why}; re-run repair --apply to back it up again`, status: 'skipped' };
  fs.rmSync(tree.source, { recursive: true, force: true });
  fsyncDir(path.dirname(tree.source));
  const specials = describeSpecials(tree.specials);
  return { ...base, detail: `removed (it is in the backup${specials ? `; ${specials} removed with it, they hold no data` : ''})`, status: 'done' };
}

/** Why the canonical sessions dir cannot be linked to: it (or a parent) is a dangling symlink, or it resolves into the shadow. */
function brokenTarget(target: string, shadow: string): string | undefined {
  const st = fs.lstatSync(target, { throwIfNoEntry: false });
  if (st?.isSymbolicLink() && !fs.existsSync(target)) return `the canonical ${target} is a dangling symlink (to ${fs.readlinkSync(target)}); openclaw-shim doctor says how to put its data back`;
  if (st && isWithin(realOrResolved(target), realOrResolved(shadow))) return `the canonical ${target} resolves into this shadow (${realOrResolved(target)}); it would create a cycle`;
  return undefined;
}

/** The symlink the seed's mitigation made, refusing anything that could loop. */
export function linkSessions(shadow: string, stateDir: string, agent: string): Action {
  const at = sessionsDirOf(shadow, agent);
  const target = sessionsDirOf(stateDir, agent);
  const base = { step: 'link' as const, agent, path: at, target };
  const existing = fs.lstatSync(at, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && realOrResolved(at) === realOrResolved(target)) return { ...base, detail: 'already linked', status: 'skipped' };
  if (existing) return { ...base, detail: 'kept: something else is already there', status: 'conflict' };
  const broken = brokenTarget(target, shadow);
  if (broken) return { ...base, detail: `not linked: ${broken}`, status: 'conflict' };
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  const realTarget = realOrResolved(target);
  const realShadow = realOrResolved(shadow);
  if (isWithin(realTarget, realShadow) || isWithin(realShadow, realTarget)) return { ...base, detail: 'not linked: it would create a cycle', status: 'conflict' };
  fs.mkdirSync(path.dirname(at), { recursive: true, mode: 0o700 });
  fs.symlinkSync(target, at, 'dir');
  return { ...base, detail: 'linked to the canonical sessions dir', status: 'done' };
}
