// Runs once around every project's tests: the built programs exist, every process of the run is marked, and
// at the end the run fails if any such process is still there (and stops it).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/lib/package-files.ts';
import { RUN_VAR } from './hermetic.ts';
import { killAll, markedProcesses } from './leftovers.ts';
import { makeReachableCopy, REACH_VAR } from './other-user.ts';

/** vitest's own workers and its esbuild service inherit the marker; they end with the run itself. */
const isRunner = (p: { cmdline: string }): boolean => /vitest|tinypool|esbuild/.test(p.cmdline);

export default function setup(): (() => Promise<void>) | undefined {
  for (const f of ['shim.mjs', 'launch.mjs', 'cli.mjs', 'shim-source-key']) {
    if (!fs.existsSync(path.join(packageRoot(), 'dist', f)))
      throw new Error(`dist/${f} is missing: run npm run build (npm test does)`);
  }
  // Each project runs this; the first one marks the run and owns its teardown.
  if (process.env[RUN_VAR]) return undefined;
  // Inherited by the workers (started after this), which give it to everything they run.
  const run = randomUUID();
  process.env[RUN_VAR] = run;
  const reachDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-reach-'));
  const copy = makeReachableCopy(reachDir);
  if (copy) {
    process.env[REACH_VAR] = copy;
    process.stderr.write(
      `[setup] the checkout is out of reach of other users: tests acting as one run a copy in ${copy}\n`,
    );
  }
  return async () => {
    fs.rmSync(reachDir, { recursive: true, force: true });
    // A moment for processes killed by the last tests' own cleanup to go.
    let left = markedProcesses(RUN_VAR, run, isRunner);
    for (let i = 0; i < 20 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 250));
      left = markedProcesses(RUN_VAR, run, isRunner);
    }
    if (!left.length) return;
    killAll(left);
    const list = left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n');
    throw new Error(`the tests left ${left.length} process(es) running (now killed):\n${list}`);
  };
}
