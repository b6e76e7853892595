// A repair --apply that stopped before the end (interrupted, killed, or a tree kept): say so and how to continue.
import fs from 'node:fs';
import { cmd } from '../lib/shell-words.ts';
import { findOpenRun } from '../store/backups.ts';
import type { Ctx, Finding } from './findings.ts';

export function checkUnfinishedRepair(ctx: Ctx): Finding[] {
  const open = findOpenRun(ctx.stateDir);
  if (!open) return [];
  const left = open.run.trees.filter((t) => fs.existsSync(t.source)).map((t) => t.source);
  const resume = cmd(
    'openclaw-shim',
    'repair',
    '--state-dir',
    ctx.stateDir,
    '--apply',
    ...(open.run.link ? ['--link'] : []),
  );
  return [
    {
      code: 'REPAIR_UNFINISHED',
      severity: 'warn',
      message: `A repair of this state dir started ${open.run.createdAt} did not finish (backup ${open.dir}${open.manifest ? '' : ', not complete'}): ${left.length} of its ${open.run.trees.length} shadow tree(s) are still there${left.length ? ` (${left.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''})` : ''}. Re-running repair --apply continues it from its backup.`,
      fix: resume,
      path: open.dir,
    },
  ];
}
