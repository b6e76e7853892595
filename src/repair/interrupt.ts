// SIGINT/SIGTERM during repair --apply: finish the step under way, stop between steps, say what was done, exit 130.
import type { Action } from './plan.ts';

/** Thrown between steps once a signal came; carries what was done so far. */
export class RepairInterrupted extends Error {
  readonly signal: NodeJS.Signals;
  readonly stateDir: string;
  readonly backupDir: string | null;
  readonly actions: Action[];

  constructor(signal: NodeJS.Signals, stateDir: string, backupDir: string | null, actions: Action[]) {
    super(`repair interrupted (${signal})`);
    this.name = 'RepairInterrupted';
    this.signal = signal;
    this.stateDir = stateDir;
    this.backupDir = backupDir;
    this.actions = actions;
  }
}

export interface InterruptGuard {
  /** Aborted when the first signal comes: lock waits stop at once. */
  signal: AbortSignal;
  /** Throws RepairInterrupted when a signal came (call between steps). */
  check(stateDir: string, backupDir: string | null, actions: Action[]): void;
  /** The first signal that came, if any. */
  received(): NodeJS.Signals | undefined;
  dispose(): void;
}

/**
 * The first SIGINT/SIGTERM is noted (the step under way finishes: a write is never cut in half); a
 * second one runs `hardStop` (release the lock) and exits 130 at once.
 */
export function guardInterrupts(hardStop: () => void): InterruptGuard {
  const abort = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (got) {
      hardStop();
      process.exit(130);
    }
    got = sig;
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    check: (stateDir, backupDir, actions) => {
      if (got) throw new RepairInterrupted(got, stateDir, backupDir, actions);
    },
    received: () => got,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

const count = (actions: Action[], step: Action['step'], status: Action['status']): number =>
  actions.filter((a) => a.step === step && a.status === status).length;

/** What the operator reads on stderr (pure). */
export function describeInterrupt(e: RepairInterrupted, resume: string): string {
  const done = [
    `${count(e.actions, 'backup', 'done') + count(e.actions, 'backup', 'skipped')} tree(s) backed up`,
    `${count(e.actions, 'merge', 'done')} store(s) merged`,
    `${count(e.actions, 'remove', 'done')} tree(s) removed`,
  ].join(', ');
  const where = e.backupDir ? ` The backup and its journal stay in ${e.backupDir}.` : ' Nothing was written.';
  return `repair of ${e.stateDir} interrupted by ${e.signal} between steps: ${done}; nothing was half-written.${where} Resume with: ${resume}`;
}
