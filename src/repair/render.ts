// Repair's human output: the plan (dry run) or what was done, one line per action, exact paths.
import path from 'node:path';
import type { Output } from '../lib/output.ts';
import type { RepairResult } from './apply.ts';
import type { Action } from './plan.ts';

function mark(out: Output, a: Action): string {
  switch (a.status) {
    case 'done':
      return out.style.green('[done]   ');
    case 'planned':
      return '[plan]   ';
    case 'skipped':
      return out.style.dim('[skip]   ');
    case 'locked':
      return out.style.red('[locked] ');
    default:
      return out.style.yellow(`[${a.status}] `.padEnd(9));
  }
}

/**
 * Arrows point the way the bytes go: a restore copies from the backup to the live path. The copy may be an
 * earlier run's that this run reused (`../<earlier>/trees/0`): any run dir beside this one is a backup too.
 */
function arrow(a: Action, backupDir: string | null): string {
  if (!a.target) return a.path;
  const runsRoot = backupDir === null ? null : path.dirname(backupDir);
  const fromBackup = a.step === 'restore' && runsRoot !== null && a.target.startsWith(`${runsRoot}${path.sep}`);
  return fromBackup ? `${a.target} -> ${a.path}` : `${a.path} -> ${a.target}`;
}

export function printRepair(out: Output, r: RepairResult): void {
  const dry = r.mode.endsWith('dry-run');
  if (r.nothingToDo) return void out.line(`Nothing to do for ${r.stateDir}.`);
  if (r.mode.startsWith('undo') && r.actions.every((a) => a.status === 'skipped')) {
    out.line(`Nothing to undo from ${r.backupDir}: its merged sessions are out and its trees are back already.`);
    // Sessions imported into an agent database stay there on every undo run: said each time, not only the first.
    for (const a of r.actions.filter((x) => x.step === 'import'))
      out.line(`${mark(out, a)}${a.step.padEnd(8)} ${a.path}  ${out.style.dim(a.detail)}`);
    return;
  }
  out.line(
    out.style.bold(
      `${r.mode.startsWith('undo') ? 'Undo' : 'Repair'} of ${r.stateDir}${dry ? ' (dry run: nothing changed)' : ''}`,
    ),
  );
  if (r.backupDir) out.line(`Backup dir: ${r.backupDir}${r.resumed ? ' (continuing an unfinished repair)' : ''}`);
  for (const a of r.actions)
    out.line(`${mark(out, a)}${a.step.padEnd(8)} ${arrow(a, r.backupDir)}  ${out.style.dim(a.detail)}`);
  if (dry && r.actions.some((a) => a.status === 'planned')) out.line(`Run again with --apply to do this.`);
}
