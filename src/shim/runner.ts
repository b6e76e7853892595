// Picks the Node and the hand-over for the real CLI from what is on disk, and starts it that way.
import fs from 'node:fs';
import path from 'node:path';
import type { readCapture } from '../canonical/gather.ts';
import type { Env } from '../canonical/types.ts';
import { EXIT } from '../lib/exit.ts';
import { writeStderr } from '../lib/stderr.ts';
import { handOver } from './exec.ts';
import { moduleClass } from './module-class.ts';
import { ranInThisProcess, runInProcess } from './in-process.ts';
import { chooseRunner, NODE_FLOOR, suitable, type NodeInfo, type Runner } from './node-rules.ts';
import { scriptKindOf } from './real-script.ts';

const EXIT_NO_NODE = EXIT.NODE_TOO_OLD;

/** What the redirect log says about the hand-over. */
export interface RunnerLog {
  handover: 'in-process' | 'exec';
  node?: NodeInfo & { why: string };
  reason?: string;
}

const canRunMain = (): boolean => typeof (moduleClass() as { runMain?: unknown }).runMain === 'function';

/** The first `node` on the child's PATH, as `#!/usr/bin/env node` would find it. */
function nodeOnPath(pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, 'node');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Runs `node -p process.versions.node` (tens of ms): only when no recorded Node suits. */
function probeVersion(file: string): string | undefined {
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const r = spawnSync(file, ['-p', 'process.versions.node'], {
    encoding: 'utf8',
    timeout: 10_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const exists = (file: string): boolean => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The runner for `realBin` (`head`: its first bytes, when read already) given the capture and the
 * child's PATH; probes PATH's Node only as a last resort.
 */
export function pickRunner(
  realBin: string,
  head: Buffer | undefined,
  env: Env,
  childEnv: Env,
  capture: ReturnType<typeof readCapture>,
): Runner {
  const recorded = capture?.read.ok ? capture.read.capture : undefined;
  const script = scriptKindOf(realBin, head, recorded?.realPackage);
  const gateway = recorded?.node;
  const own = { path: process.execPath, version: process.versions.node };
  const runner = chooseRunner({
    script,
    own,
    ...(gateway ? { gateway, gatewayExists: exists(gateway.path) } : {}),
    forceExec: env.OPENCLAW_SHIM_FORCE_EXEC === '1',
    canRunMain: canRunMain() && !ranInThisProcess(realBin),
  });
  if (runner.how !== 'no-node' || script.kind !== 'node') return runner;
  const onPath = nodeOnPath(childEnv.PATH);
  const version = onPath ? probeVersion(onPath) : undefined;
  if (onPath && version && suitable(version, script.engines)) {
    return { how: 'exec-node', node: { path: onPath, version }, why: `${runner.why}; node on PATH (v${version}) does` };
  }
  return {
    how: 'no-node',
    why: `${runner.why}${onPath ? `, nor node on PATH ${onPath} (v${version ?? '?'})` : ', and there is no node on PATH'}`,
  };
}

export function runnerLog(runner: Runner): RunnerLog {
  if (runner.how === 'in-process' || runner.how === 'exec-node') {
    return { handover: runner.how === 'in-process' ? 'in-process' : 'exec', node: { ...runner.node, why: runner.why } };
  }
  return { handover: 'exec', reason: runner.why };
}

/** The one line for `no-node` (exit 71). */
export const noNodeMessage = (realBin: string, runner: Runner): string =>
  `openclaw-shim: no Node can run the real openclaw ${realBin}: ${runner.why}; fix: install Node >= ${NODE_FLOOR} that suits its package.json engines and re-run openclaw-shim install --node <that node>\n`;

/** Starts the real CLI the chosen way (`env`: the shim's copy of process.env); `no-node` ends with exit 71 and one line. */
export function startReal(runner: Runner, realBin: string, args: readonly string[], childEnv: Env, env?: Env): void {
  if (runner.how === 'in-process') return runInProcess(realBin, args, childEnv, env);
  if (runner.how === 'exec-node') return handOver(runner.node.path, [realBin, ...args], childEnv, 'openclaw-shim');
  if (runner.how === 'exec') return handOver(realBin, args, childEnv, 'openclaw-shim');
  writeStderr(noNodeMessage(realBin, runner));
  process.exitCode = EXIT_NO_NODE;
}
