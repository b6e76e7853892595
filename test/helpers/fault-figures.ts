// Fault figures, "trials / nothing lost / lost" per fault kind, counted by the tests that run the trials: printed when a
// file's tests end and kept as JSON in the run's temp dir, so the numbers a note quotes are the suite's own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface Tally {
  trials: number;
  nothingLost: number;
  lost: number;
  /** `label: what went wrong` for every trial that lost (or leaked, hung, or ended in 70). */
  failures: string[];
}

/** Where each test file's figures go: `<tmp>/ocshim-fault-figures/<test file>.json`. */
export const FIGURES_DIR = path.join(os.tmpdir(), 'ocshim-fault-figures');

/**
 * A tally for one test file (`import.meta.url`). `count(kind, label, problems)` records one trial: nothing lost when
 * `problems` is empty. Count before asserting, so a failing trial is in the figures too.
 */
export function faultFigures(testFile: string): { count(kind: string, label: string, problems: string[]): string[] } {
  const tally: Record<string, Tally> = {};
  afterAll(() => {
    const kinds = Object.entries(tally);
    if (kinds.length === 0) return;
    for (const [kind, t] of kinds)
      process.stderr.write(
        `fault figures: ${kind}: ${t.trials} trials / ${t.nothingLost} nothing lost / ${t.lost} lost\n`,
      );
    fs.mkdirSync(FIGURES_DIR, { recursive: true });
    const name = path.basename(new URL(testFile).pathname);
    fs.writeFileSync(path.join(FIGURES_DIR, `${name}.json`), `${JSON.stringify(tally, null, 2)}\n`);
  });
  return {
    count(kind, label, problems) {
      const t = (tally[kind] ??= { trials: 0, nothingLost: 0, lost: 0, failures: [] });
      t.trials += 1;
      if (problems.length === 0) t.nothingLost += 1;
      else {
        t.lost += 1;
        t.failures.push(`${label}: ${problems.join('; ')}`);
      }
      return problems;
    },
  };
}

/** sha256 of every regular file under `dir` (links not followed), by path: the bytes a trial must not lose. */
export function bytesUnder(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of names) {
      const p = path.join(d, e.name);
      if (skip(path.relative(dir, p))) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** The files of `before` now missing or holding other bytes. */
export function lostSince(before: Map<string, string>): string[] {
  const now = (p: string): string | undefined => {
    try {
      return crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    } catch {
      return undefined;
    }
  };
  return [...before].filter(([p, h]) => now(p) !== h).map(([p]) => `${p} lost or changed`);
}
