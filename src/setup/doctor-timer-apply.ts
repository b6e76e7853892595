// setup's doctor timer: the units for this state (printed always), written into a unit dir when asked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import type { Output } from '../lib/output.ts';
import { ownerOf } from '../lib/owner.ts';
import { packageRoot } from '../lib/package-files.ts';
import { doctorTimerUnits, type DoctorTimer } from './doctor-timer.ts';

export interface TimerOptions {
  stateDir: string;
  nodePath: string;
  textfileDir: string;
  /** Write the units (setup --apply with --timer or --timer-dir): into `dir`, else systemd's own unit dir. */
  write?: { dir?: string };
}

export interface TimerPlan extends DoctorTimer {
  /** Where the units go when written (the unit dir, `~` expanded, or --timer-dir). */
  target: string;
  written: string[];
}

const expandHome = (p: string): string => (p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p);

/** Root runs it as a system unit in the owner's name; anyone else gets a user unit. */
export function planDoctorTimer(o: TimerOptions): TimerPlan {
  const root = process.getuid?.() === 0;
  const owner = root ? ownerOf(o.stateDir) : undefined;
  const units = doctorTimerUnits({
    stateDir: o.stateDir,
    node: o.nodePath,
    cli: path.join(packageRoot(), 'bin', 'openclaw-shim.mjs'),
    textfileDir: o.textfileDir,
    ...(owner ? { user: owner.name ?? String(owner.uid) } : {}),
  });
  return { ...units, target: o.write?.dir ? path.resolve(o.write.dir) : expandHome(units.unitDir), written: [] };
}

/**
 * Writes both units (atomic, 0644) before setup becomes the state's owner: a system unit dir is root's.
 * The dir must exist (a user unit dir is created); nothing else is touched.
 */
export function writeDoctorTimer(plan: TimerPlan): TimerPlan {
  if (plan.target === expandHome('~/.config/systemd/user')) fs.mkdirSync(plan.target, { recursive: true, mode: 0o755 });
  if (!fs.statSync(plan.target, { throwIfNoEntry: false })?.isDirectory())
    throw new ExitError(EXIT.NO_INPUT, `--timer-dir ${plan.target}: no such directory`);
  const written: string[] = [];
  for (const f of plan.files) {
    const file = path.join(plan.target, f.name);
    try {
      writeFileAtomic(file, f.text, { mode: 0o644 });
    } catch (error) {
      throw new ExitError(
        EXIT.CANT_WRITE,
        `could not write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}${written.length ? ` (written before it: ${written.join(', ')})` : ''}`,
        { cause: error },
      );
    }
    written.push(file);
  }
  return { ...plan, written };
}

export function renderDoctorTimer(out: Output, t: TimerPlan): void {
  const s = out.style;
  const how = t.written.length ? 'written' : 'optional, not written: add --timer --apply, or --timer-dir DIR --apply';
  out.line(
    s.bold(`Doctor timer for monitoring (${how}): ${t.files.map((f) => path.join(t.target, f.name)).join(', ')}`),
  );
  for (const f of t.files) {
    out.line(`  # ${path.join(t.target, f.name)}`);
    for (const l of f.text.trimEnd().split('\n')) out.line(`  ${l}`);
  }
  out.line(s.dim(`  then: ${t.commands.join(' && ')}   (docs/monitoring.md: the textfile dir, OnFailure=)`));
}
