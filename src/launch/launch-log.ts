// One JSON line per launch in `<codexHome>/openclaw-shim/logs/launch.jsonl`, and problems on stderr.
import fs from 'node:fs';
import path from 'node:path';

export const LAUNCH_LOG_NAME = 'launch.jsonl';
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

export const launchLogPath = (codexHome: string): string => path.join(codexHome, 'openclaw-shim', 'logs', LAUNCH_LOG_NAME);

/** Appends with one write(2); keeps one rotated generation. Never throws: the launch must go on. */
export function writeLaunchLog(codexHome: string | undefined, record: LaunchRecord): void {
  if (!codexHome || !fs.existsSync(path.join(codexHome, 'openclaw-shim'))) return;
  const file = launchLogPath(codexHome);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) fs.renameSync(file, `${file}.1`);
    const fd = fs.openSync(file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(record)}\n`);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Read-only codex home: stderr already carries anything that went wrong.
  }
}

/** Diagnostics go to fd 2 with a synchronous write (never process.stderr: see facts §5). */
export function warn(label: string, text: string): void {
  try {
    fs.writeSync(2, `${label}: ${text}\n`);
  } catch {
    // stderr closed.
  }
}
