// SIGINT/SIGTERM during repair --apply: stop at the next chunk or step, say what was done, exit 130.
import fs from 'node:fs';
import { releaseAllHeld } from '../lib/session-lock.ts';
import { runHardStops } from './hard-stop.ts';
import { discardCopiesInFlight } from './hash.ts';
import type { Action } from './plan.ts';

/** Thrown between steps once a signal came; carries what was done so far. */
export class RepairInterrupted extends Error {
  readonly signal: NodeJS.Signals;
  readonly stateDir: string;
  readonly backupDir: string | null;
  readonly actions: Action[];
  /** Where it stopped, when inside a step (`during the merge into …`); else between steps. */
  during?: string;

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

/** What a second signal says before the process exits at once. */
export interface HardStop {
  /** `repair of <state>` / `undo of <backup>`. */
  what: string;
  /** The command that resumes. */
  resume: string;
}

/** The line a second signal leaves on stderr (pure): what was cut, why nothing left passes for complete, how to resume. */
export function describeHardStop(
  stop: HardStop,
  signal: NodeJS.Signals,
  discarded: string[],
  stopped: string[] = [],
): string {
  const cut = discarded.length ? `the copy under way was discarded (${discarded.join(', ')})` : 'no copy was under way';
  const also = stopped.map((s) => `; ${s}`).join('');
  return `${stop.what} stopped at once by a second ${signal}: ${cut}${also}; the locks were released. Nothing left can pass for complete: a store is only ever replaced whole, a backup counts only once its manifest is written, a transcript only once copied whole and verified; the resume redoes the rest. Resume with: ${stop.resume}`;
}

/**
 * The first SIGINT/SIGTERM is noted (the step under way stops at its next 1 MiB chunk or between steps: a
 * write is never cut in half); a second one exits 130 at once, after discarding the copy under way,
 * releasing every lock this process holds and saying how to resume.
 */
export function guardInterrupts(stop: HardStop): InterruptGuard {
  const abort = new AbortController();
  let got: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (got) {
      const discarded = discardCopiesInFlight();
      const stopped = runHardStops();
      releaseAllHeld();
      try {
        fs.writeSync(2, `openclaw-shim: ${describeHardStop(stop, sig, discarded, stopped)}\n`);
      } catch {
        // stderr gone (a closed pipe): the exit code still says it.
      }
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
  return `repair of ${e.stateDir} interrupted by ${e.signal} ${e.during ?? 'between steps'}: ${done}; nothing was half-written.${where} Resume with: ${resume}`;
}
