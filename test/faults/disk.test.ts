// A full disk (ENOSPC) and a read-only remount (EROFS) at chosen repair steps, on a small tmpfs in a private mount namespace:
// exit 73 with the path and errno, the canonical store whole and parseable, nothing lost, and a re-run after the fix completes.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { FAULT_MODULE } from '../helpers/faults.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ns-trial.mjs');

/** Why this machine cannot run the trials, or undefined: root and a working `unshare -m` with tmpfs mounts are needed. */
function cannotRun(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: mounting a tmpfs in a private mount namespace needs root';
  try {
    execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt'], {
      stdio: 'ignore',
    });
    return undefined;
  } catch {
    return 'unshare -m / mount -t tmpfs is not available here';
  }
}
const skipWhy = cannotRun();
if (skipWhy) process.stderr.write(`test/faults/disk.test.ts skipped: ${skipWhy}\n`);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

interface Trial {
  faulted: { code: number | null; signal: string | null; stderr: string };
  parseable: boolean;
  afterFault: string[];
  afterResume: string[];
  reruns: Array<{ code: number; stderr: string }>;
}

function trial(action: 'fill' | 'ro', step: string): Trial {
  const mnt = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-tmpfs-')));
  dirs.push(mnt);
  const r = spawnSync(
    'unshare',
    ['-m', '--propagation', 'private', NODE, RUNNER, mnt, action, step, NODE, CLI_JS, FAULT_MODULE, BASE_PATH],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Trial;
}

const figures = faultFigures(import.meta.url);

const POINTS = ['backup:file', 'backup', 'merge:record:main', 'merge:store-backup:main', 'merge:main'];
const ERRNO = {
  fill: /could not write \/\S+: no space left on device \(ENOSPC\); nothing was half-written/,
  ro: /could not write \/\S+: read-only file system \(EROFS\); nothing was half-written/,
};

describe.skipIf(!!skipWhy)(
  'a full disk and a read-only remount during repair --apply (tmpfs in a private mount namespace)',
  () => {
    for (const action of ['fill', 'ro'] as const) {
      for (const step of POINTS) {
        it(`${action === 'fill' ? 'ENOSPC' : 'EROFS'} right after ${step}: exit 73 naming the path and errno, store whole, nothing lost; resumable`, () => {
          const t = trial(action, step);
          const kind = action === 'fill' ? 'ENOSPC (tmpfs filled)' : 'EROFS (remounted read-only)';
          figures.count(kind, step, [
            ...(t.parseable ? [] : ['a canonical store does not parse']),
            ...t.afterFault.map((p) => `after the fault: ${p}`),
            ...t.afterResume.map((p) => `after resuming: ${p}`),
          ]);
          expect(t.faulted.code, t.faulted.stderr).toBe(73);
          expect(t.faulted.stderr).toMatch(ERRNO[action]);
          expect(t.faulted.stderr).not.toMatch(/internal error|\n\s+at /);
          expect(
            t.faulted.stderr
              .trim()
              .split('\n')
              .filter((l) => l.startsWith('openclaw-shim:')),
          ).toHaveLength(1);
          expect(t.parseable).toBe(true);
          expect(t.afterFault).toEqual([]);
          expect(t.afterResume).toEqual([]);
          expect(t.reruns.at(-1)!.code, JSON.stringify(t.reruns)).toBe(0);
        }, 150_000);
      }
    }
  },
);
