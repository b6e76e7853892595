// Where OpenClaw gateways of every user keep their locks: `<tmp>/openclaw-<uid>` (2026.5) and `<state>/tmp/openclaw-<uid>` (2026.9).
import fs from 'node:fs';
import path from 'node:path';

/** The uid in a lock dir's name `openclaw-<uid>`; undefined for any other name (pure). */
export const uidOfLockDir = (name: string): number | undefined =>
  /^openclaw-(\d+)$/.exec(name) ? Number(name.slice('openclaw-'.length)) : undefined;

/** `<root>/openclaw-<uid>` for every uid present. */
export function everyUserLockDir(roots: string[]): string[] {
  const out: string[] = [];
  for (const root of new Set(roots)) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const n of names) if (uidOfLockDir(n) !== undefined) out.push(path.join(root, n));
  }
  return out;
}

/** `<state>/tmp/openclaw-<uid>` for every uid present (2026.9 keeps its gateway locks in the state). */
export const stateLockDirs = (stateDirs: string[]): string[] =>
  everyUserLockDir(stateDirs.map((s) => path.join(s, 'tmp')));
