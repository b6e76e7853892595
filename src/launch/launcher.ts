// openclaw-codex-launch: capture the gateway's canonical state, put the shim on PATH, exec the real Codex.
import { fileURLToPath } from 'node:url';
import type { Env } from '../canonical/types.ts';
import { gatewayNode } from '../install/gateway-node.ts';
import { packageRoot } from '../lib/package-files.ts';
import { handOver } from '../shim/exec.ts';
import { findRealOnPath } from '../shim/find-real.ts';
import { EXIT } from '../lib/exit.ts';
import { findCodex, type CodexCommand } from './find-codex.ts';
import { readLauncherRecord, type LauncherRecord } from './launcher-record.ts';
import { warn, writeLaunchLog, type LaunchRecord } from './launch-log.ts';
import { prepareLaunch, type Prepared } from './prepare.ts';
import { PROBE_VAR, probeReport, writeProbeReport } from './probe.ts';

const LABEL = 'openclaw-codex-launch';
export const LAUNCH_DEPTH_VAR = 'OPENCLAW_SHIM_LAUNCH_DEPTH';
const MAX_DEPTH = 8;

/** Depth past the limit means a wrapper loop (launcher → something → launcher …): stop loudly. */
export function nextDepth(env: Env): number | undefined {
  const depth = Number(env[LAUNCH_DEPTH_VAR] ?? '0') || 0;
  return depth >= MAX_DEPTH ? undefined : depth + 1;
}

/** setup's launcher.json lives at the root of the launcher's own copy; the npm package has none. */
export function ownRecord(): LauncherRecord | undefined {
  try {
    return readLauncherRecord(packageRoot());
  } catch {
    return undefined;
  }
}

function realOpenclawCandidates(env: Env, record: LauncherRecord | undefined, prepared: Prepared): string[] {
  const onPath = findRealOnPath(env);
  const all = [record?.realOpenclaw, prepared.realOpenclaw, onPath.ok ? onPath.path : undefined];
  return [...new Set(all.filter((p): p is string => !!p))];
}

export function logRecord(
  launcher: LaunchRecord['launcher'],
  env: Env,
  prepared: Prepared,
  exec: CodexCommand | { ok: true; file: string; source: string },
): LaunchRecord {
  return {
    time: new Date().toISOString(),
    pid: process.pid,
    ppid: process.ppid,
    launcher,
    ...(env.CODEX_HOME ? { codexHome: env.CODEX_HOME } : {}),
    captured: prepared.captured,
    ...(prepared.stateDir ? { stateDir: prepared.stateDir } : {}),
    ...(prepared.capturePath ? { capturePath: prepared.capturePath } : {}),
    ...(exec.ok ? { exec: { file: exec.file, source: exec.source } } : {}),
    disagreements: prepared.disagreements.map((d) => ({ source: d.source, stateDir: d.stateDir })),
    notes: exec.ok ? prepared.notes : [...prepared.notes, exec.message],
  };
}

/** Problems reach stderr (OpenClaw keeps Codex's stderr in its log); a clean launch says nothing. */
export function reportProblems(label: string, prepared: Prepared): void {
  if (!prepared.captured) for (const note of prepared.notes) warn(label, note);
  for (const d of prepared.disagreements)
    warn(label, `note: ${d.source} (${d.detail}) says ${d.stateDir}; using ${d.winner}`);
}

const selfFiles = (): string[] => [process.argv[1] ?? '', fileURLToPath(import.meta.url)].filter(Boolean);

/** Which Codex a launch would run for this state, without capturing, writing or running anything. */
function runProbe(env: Env, record: LauncherRecord | undefined): void {
  const stateDir = record?.stateDir ?? env.OPENCLAW_STATE_DIR;
  const onPath = findRealOnPath(env);
  const real = [record?.realOpenclaw, onPath.ok ? onPath.path : undefined].filter((p): p is string => !!p);
  const codex = findCodex({
    env,
    self: selfFiles(),
    ...(record?.codexCommand ? { recordedCommand: record.codexCommand } : {}),
    realOpenclaw: [...new Set(real)],
    ...(stateDir ? { stateDir } : {}),
    nodePath: process.execPath,
  });
  writeProbeReport(probeReport(codex, stateDir));
  process.exitCode = codex.ok ? EXIT.OK : codex.code;
}

export function runLauncher(args: string[]): void {
  const env: Env = { ...process.env };
  const depth = nextDepth(env);
  if (depth === undefined) {
    warn(
      LABEL,
      `launcher loop detected (${LAUNCH_DEPTH_VAR}=${env[LAUNCH_DEPTH_VAR]}); check OPENCLAW_SHIM_CODEX_BIN and the Codex command`,
    );
    process.exitCode = EXIT.LOOP;
    return;
  }
  const record = ownRecord();
  if (env[PROBE_VAR] === '1') {
    runProbe(env, record);
    return;
  }
  const prepared = prepareLaunch({
    env,
    codexHome: env.CODEX_HOME,
    ppid: process.ppid,
    nodePath: process.execPath,
    gatewayNode: gatewayNode(process.ppid),
    command: 'launch',
    ...(record?.realOpenclaw ? { realOpenclaw: record.realOpenclaw } : {}),
  });
  reportProblems(LABEL, prepared);
  const stateDir = prepared.stateDir ?? record?.stateDir;
  const codex = findCodex({
    env,
    self: selfFiles(),
    ...(record?.codexCommand ? { recordedCommand: record.codexCommand } : {}),
    realOpenclaw: realOpenclawCandidates(env, record, prepared),
    ...(stateDir ? { stateDir } : {}),
    nodePath: process.execPath,
  });
  writeLaunchLog(env.CODEX_HOME, logRecord('openclaw-codex-launch', env, prepared, codex));
  if (!codex.ok) {
    warn(LABEL, codex.message);
    process.exitCode = codex.code;
    return;
  }
  handOver(codex.file, [...codex.args, ...args], { ...prepared.env, [LAUNCH_DEPTH_VAR]: String(depth) }, LABEL);
}
