// setup's --timer, --timer-dir and --textfile-dir: the doctor timer planned (and written) for setup's state dir.
import type { Output } from '../lib/output.ts';
import { ownerOf } from '../lib/owner.ts';
import { resolveCanon, type SetupOptions } from './context.ts';
import { DEFAULT_TEXTFILE_DIR } from './doctor-timer.ts';
import { planDoctorTimer, renderDoctorTimer, writeDoctorTimer, type TimerPlan } from './doctor-timer-apply.ts';

export interface TimerArgs {
  apply: boolean;
  timer?: boolean;
  'timer-dir'?: string;
  'textfile-dir'?: string;
}

export const timerOptions = {
  timer: {
    type: 'boolean',
    describe:
      "With --apply, also write the doctor service and timer (every minute, --textfile) into systemd's unit dir",
  },
  'timer-dir': {
    type: 'string',
    describe: 'With --apply, write the doctor service and timer into this dir instead (implies --timer)',
  },
  'textfile-dir': {
    type: 'string',
    describe: `node_exporter's textfile dir the timer's doctor writes into (default ${DEFAULT_TEXTFILE_DIR})`,
  },
} as const;

/**
 * Planned from the state dir setup resolves, and written (when asked) before setup becomes the state's
 * owner: a root's system unit dir is root's. A failed write stops setup before it changes anything else.
 */
export function doctorTimerHere(
  a: TimerArgs,
  opts: SetupOptions,
): { plan: TimerPlan; json: object; render(out: Output): void } {
  const { canon } = resolveCanon(opts);
  // Another user's state and not root: setup refuses (77) right after; nothing is written for it first.
  const mine = process.getuid?.() === 0 || ownerOf(canon.stateDir).uid === process.getuid?.();
  const want = a.apply && mine && (a.timer === true || a['timer-dir'] !== undefined);
  let plan = planDoctorTimer({
    stateDir: canon.stateDir,
    nodePath: opts.nodePath,
    textfileDir: a['textfile-dir'] ?? DEFAULT_TEXTFILE_DIR,
    ...(want ? { write: a['timer-dir'] ? { dir: a['timer-dir'] } : {} } : {}),
  });
  if (want) plan = writeDoctorTimer(plan);
  // As for setup's own files, bodies stay out of --json: where they go and what was written.
  const json = {
    target: plan.target,
    files: plan.files.map((f) => f.name),
    commands: plan.commands,
    written: plan.written,
  };
  return { plan, json, render: (out) => renderDoctorTimer(out, plan) };
}
