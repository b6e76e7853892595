// Runs once around the tests: makes sure the built files exist and the releases are cached, marks every
// process of the run, and at the end fails the run if any such process is still there (and stops it).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { ensureCodex, ensureCodexAcp } from '../../src/lib/codex-cache.ts';
import { ensureCodexPlugin } from './codex-plugin-cache.ts';
import { packageRoot } from '../../src/lib/package-files.ts';
import { RUN_VAR } from './hermetic.ts';
import { killAll, markedProcesses } from './leftovers.ts';
import { makeReachableCopy, REACH_VAR } from './other-user.ts';

/** vitest's own workers and its esbuild service inherit the marker; they end with the run itself. */
const isRunner = (p: { cmdline: string }): boolean => /vitest|tinypool|esbuild/.test(p.cmdline);

export default async function setup(): Promise<() => Promise<void>> {
  for (const f of ['shim.mjs', 'launch.mjs', 'cli.mjs']) {
    if (!fs.existsSync(path.join(packageRoot(), 'dist', f))) throw new Error(`dist/${f} is missing: run npm run build (npm test does)`);
  }
  // Inherited by the workers (started after this), which give it to everything they run.
  const run = randomUUID();
  process.env[RUN_VAR] = run;
  const log = (t: string) => process.stderr.write(`[setup] ${t}\n`);
  await Promise.all(Object.values(OPENCLAW_VERSIONS).map((v) => ensureOpenclaw(v, log)));
  // The real Codex, the Codex plugin of 2026.9.x (with its own managed Codex) and the ACP adapter (installs need the registry).
  await Promise.all([ensureCodex(undefined, log), ensureCodexPlugin(undefined, log), ensureCodexAcp(undefined, log)]);
  const reachDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-reach-'));
  const copy = makeReachableCopy(reachDir);
  if (copy) {
    process.env[REACH_VAR] = copy;
    log(`the checkout is out of reach of other users: tests acting as one run a copy in ${copy}`);
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
    throw new Error(`the tests left ${left.length} process(es) running (now killed):\n${left.map((p) => `  ${p.pid} ${p.cmdline.slice(0, 200)}`).join('\n')}`);
  };
}
