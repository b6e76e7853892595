// Step 3 of repair: removes shadow trees that are wholly in the backup; with --link, leaves sessions symlinks.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { fsyncDir } from '../lib/atomic-write.ts';
import { copyProblem, treeCoveredBy } from './backup.ts';
import { yieldToSignals } from './hash.ts';
import { realOrResolved, unsafeTreeRoot } from '../store/shadow-root.ts';
import { backupsRoot, type ManifestTree } from '../store/backup-manifest.ts';
import { describeSpecials } from '../store/special.ts';
import { sessionsDirOf, type Action } from './plan.ts';

export interface RemoveContext {
  stateDir: string;
  /** This run's backup dir (a tree's `dir` is relative to it). */
  runDir: string;
  /** The shadow trees this run's survey found: a record naming anything else is not acted on. */
  surveyed: ReadonlySet<string>;
  /** Between 1 MiB chunks of hashing: throws once a signal came, so nothing is removed after it. */
  between?: () => void;
}

/** What marks a removal refused because the backup copy could not be trusted (the run is then superseded). */
export const DAMAGED_COPY = 'kept: the backup could not be verified';

/**
 * `keepWhy`: why the tree must stay (a locked or unreadable store). The tree is removed only when it is a
 * shadow this run found, wholly in the backup, and the backup copy re-hashes to its manifest now.
 */
export async function removeTree(tree: ManifestTree, keepWhy: string | undefined, ctx: RemoveContext): Promise<Action> {
  const { stateDir } = ctx;
  const base = { step: 'remove' as const, path: tree.source };
  if (!fs.lstatSync(tree.source, { throwIfNoEntry: false }))
    return { ...base, detail: 'already removed', status: 'skipped' };
  if (keepWhy) return { ...base, detail: `kept: ${keepWhy}`, status: 'skipped' };
  if (!ctx.surveyed.has(tree.source))
    return {
      ...base,
      detail: `kept: the run record names ${tree.source}, which is not a shadow tree this run found; a record is never taken as an instruction to delete (check ${ctx.runDir})`,
      status: 'failed',
    };
  const unsafe = unsafeTreeRoot(tree.source, stateDir, backupsRoot(stateDir));
  if (unsafe) return { ...base, detail: `kept: ${unsafe}; it is not a shadow tree`, status: 'skipped' };
  const covered = treeCoveredBy(tree, ctx.between);
  if (!covered.ok)
    return { ...base, detail: `kept: ${covered.why}; re-run repair --apply to back it up again`, status: 'skipped' };
  const damaged = copyProblem(ctx.runDir, stateDir, tree, ctx.between);
  if (damaged)
    return {
      ...base,
      detail: `${DAMAGED_COPY}: ${damaged}; nothing of it was removed; re-run repair --apply to back it up afresh`,
      status: 'failed',
    };
  // A signal that came during the hashing is acted on before anything is removed.
  await yieldToSignals();
  ctx.between?.();
  fs.rmSync(tree.source, { recursive: true, force: true });
  fsyncDir(path.dirname(tree.source));
  const specials = describeSpecials(tree.specials);
  return {
    ...base,
    detail: `removed (it is in the backup${specials ? `; ${specials} removed with it, they hold no data` : ''})`,
    status: 'done',
  };
}

/** Why the canonical sessions dir cannot be linked to: it (or a parent) is a dangling symlink, or it resolves into the shadow. */
function brokenTarget(target: string, shadow: string): string | undefined {
  const st = fs.lstatSync(target, { throwIfNoEntry: false });
  if (st?.isSymbolicLink() && !fs.existsSync(target))
    return `the canonical ${target} is a dangling symlink (to ${fs.readlinkSync(target)}); openclaw-shim doctor says how to put its data back`;
  if (st && isWithin(realOrResolved(target), realOrResolved(shadow)))
    return `the canonical ${target} resolves into this shadow (${realOrResolved(target)}); it would create a cycle`;
  return undefined;
}

/** The symlink the seed's mitigation made, refusing anything that could loop. */
export function linkSessions(shadow: string, stateDir: string, agent: string): Action {
  const at = sessionsDirOf(shadow, agent);
  const target = sessionsDirOf(stateDir, agent);
  const base = { step: 'link' as const, agent, path: at, target };
  const existing = fs.lstatSync(at, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && realOrResolved(at) === realOrResolved(target))
    return { ...base, detail: 'already linked', status: 'skipped' };
  if (existing) return { ...base, detail: 'kept: something else is already there', status: 'conflict' };
  const broken = brokenTarget(target, shadow);
  if (broken) return { ...base, detail: `not linked: ${broken}`, status: 'conflict' };
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  const realTarget = realOrResolved(target);
  const realShadow = realOrResolved(shadow);
  if (isWithin(realTarget, realShadow) || isWithin(realShadow, realTarget))
    return { ...base, detail: 'not linked: it would create a cycle', status: 'conflict' };
  fs.mkdirSync(path.dirname(at), { recursive: true, mode: 0o700 });
  fs.symlinkSync(target, at, 'dir');
  return { ...base, detail: 'linked to the canonical sessions dir', status: 'done' };
}
