// One JSON line per launch in `<codexHome>/openclaw-shim/logs/launch.jsonl`, and problems on stderr.
import fs from 'node:fs';
import path from 'node:path';
import { writeStderr } from '../lib/stderr.ts';
import { appendLine } from '../shim/log.ts';
import { logsDirOf, shimRootOf } from '../layout/codex-home.ts';

const LAUNCH_LOG_NAME = 'launch.jsonl';
const MAX_BYTES = 512 * 1024;

export interface LaunchRecord {
  time: string;
  pid: number;
  ppid: number;
  launcher: 'openclaw-codex-launch' | 'openclaw-shim launch';
  codexHome?: string;
  captured: boolean;
  stateDir?: string;
  capturePath?: string;
  /** What runs next and why it was chosen; never its arguments (they may carry secrets). */
  exec?: { file: string; source: string };
  disagreements: Array<{ source: string; stateDir: string }>;
  notes: string[];
}

const launchLogPath = (codexHome: string): string => path.join(logsDirOf(codexHome), LAUNCH_LOG_NAME);

/** Appends with one write(2); keeps one rotated generation. Never throws: the launch must go on. */
export function writeLaunchLog(codexHome: string | undefined, record: LaunchRecord): void {
  if (!codexHome || !fs.existsSync(shimRootOf(codexHome))) return;
  const file = launchLogPath(codexHome);
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) fs.renameSync(file, `${file}.1`);
    appendLine(file, `${JSON.stringify(record)}\n`);
  } catch {
    // Read-only codex home: stderr already carries anything that went wrong.
  }
}

/** One labelled diagnostic line on fd 2. */
export const warn = (label: string, text: string): void => writeStderr(`${label}: ${text}\n`);
