// Probe mode of openclaw-codex-launch: resolve the real Codex as a launch would, report it as JSON, run nothing.
import fs from 'node:fs';
import type { CodexCommand } from './find-codex.ts';

/** Set to 1 by `setup` to ask the installed launcher which Codex it would run (OpenClaw never sets it). */
export const PROBE_VAR = 'OPENCLAW_SHIM_LAUNCH_PROBE';

export interface ProbeReport {
  schema: 'openclaw-shim/launch-probe';
  ok: boolean;
  file?: string;
  args?: string[];
  source?: string;
  code?: number;
  message?: string;
  stateDir?: string;
}

export function probeReport(codex: CodexCommand, stateDir: string | undefined): ProbeReport {
  const base = { schema: 'openclaw-shim/launch-probe' as const, ...(stateDir ? { stateDir } : {}) };
  return codex.ok
    ? { ...base, ok: true, file: codex.file, args: codex.args, source: codex.source }
    : { ...base, ok: false, code: codex.code, message: codex.message };
}

/** One JSON line on stdout (only in probe mode: a real launch never writes stdout, it belongs to Codex). */
export function writeProbeReport(report: ProbeReport): void {
  try {
    fs.writeSync(1, `${JSON.stringify(report)}\n`);
  } catch {
    // The reader went away: the exit code still tells.
  }
}
