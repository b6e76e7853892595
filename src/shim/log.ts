// Appends one JSON line per invocation to the redirect log, with rotation; never blocks the CLI.
import fs from 'node:fs';
import path from 'node:path';
import type { RewriteRecord } from '../canonical/rewrite.ts';
import { logsDirOf } from '../layout/codex-home.ts';
import { writeStderr } from '../lib/stderr.ts';
import { appendAll } from '../lib/write-all.ts';

const LOG_NAME = 'openclaw-shim.jsonl';
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const KEEP_ROTATED = 3;
const STALE_ROTATE_LOCK_MS = 30_000;

export interface LogRecord {
  time: string;
  pid: number;
  ppid: number;
  cwd: string;
  argv: string[];
  realBin?: string;
  decision: 'redirected' | 'unchanged' | 'bypassed' | 'refused' | 'failed';
  redirects: RewriteRecord[];
  stateDir?: string;
  codexHome?: string;
  reason?: string;
  /** How the real CLI was started: in the shim's process, or by exec (optionally of a chosen Node). */
  handover?: 'in-process' | 'exec';
  /** The Node that runs the real CLI when the shim chose it, and why. */
  node?: { path: string; version: string; why: string };
  shimVersion: string;
}

/**
 * The last resort, private to this uid: Codex's workspace-write sandbox leaves the state dir (and the
 * codex home in it) read-only but $TMPDIR and /tmp writable, so tool calls there still leave a record.
 */
export function tmpLogFile(env: Record<string, string | undefined>, uid = process.getuid?.() ?? 0): string {
  const tmp = env.TMPDIR && path.isAbsolute(env.TMPDIR) ? env.TMPDIR : '/tmp';
  return path.join(tmp, `openclaw-shim-${uid}`, LOG_NAME);
}

/**
 * Candidate log files, best first: the override (else the canonical state's logs/), then the
 * codex home's fallback, then (in a codex home) the private temp file, so an unwritable override or state dir never
 * loses the record. `codexHome` is the isolation's codex home when CODEX_HOME is unset.
 */
export function logTargets(
  env: Record<string, string | undefined>,
  stateDir: string | undefined,
  codexHome?: string,
): string[] {
  const out: string[] = [];
  if (env.OPENCLAW_SHIM_LOG) out.push(env.OPENCLAW_SHIM_LOG);
  else if (stateDir) out.push(path.join(stateDir, 'logs', LOG_NAME));
  const home = env.CODEX_HOME || codexHome;
  // Only a tool call in a Codex home (where the sandbox may close both) falls back to the temp log.
  if (home) out.push(path.join(logsDirOf(home), LOG_NAME), tmpLogFile(env));
  return [...new Set(out)];
}

/**
 * A log dir in a shared temp dir is used only when it is ours alone: a real directory (not a
 * link), owned by this uid, closed to others. Anyone could have made it first.
 */
export function privateDirOk(dir: string, uid = process.getuid?.() ?? 0): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
}

/** Renames log → log.1 → … under an exclusive lock, so concurrent writers rotate once. */
function rotateIfLarge(file: string, maxBytes: number): void {
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size < maxBytes) return;
  const lock = `${file}.rotate-lock`;
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch {
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > STALE_ROTATE_LOCK_MS) fs.rmSync(lock, { force: true });
    return;
  }
  try {
    if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) < maxBytes) return;
    for (let i = KEEP_ROTATED - 1; i >= 1; i -= 1) {
      if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    fs.renameSync(file, `${file}.1`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Non-blocking, then checked (with its size): a FIFO in the log's place (no reader: ENXIO) must never hang a call. */
function openAppend(file: string, extra = 0): { fd: number; size: number } {
  const { O_WRONLY, O_APPEND, O_CREAT, O_NONBLOCK } = fs.constants;
  const fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | extra, 0o600);
  const st = fs.fstatSync(fd);
  if (st.isFile()) return { fd, size: st.size };
  fs.closeSync(fd);
  throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
}

/** Opens the log, making its dir only when it is missing: open, fstat, write, close is all a call pays. */
function openLog(file: string): { fd: number; size: number } {
  try {
    return openAppend(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    return openAppend(file);
  }
}

/**
 * One `write(2)` with O_APPEND per record keeps lines whole under concurrent writers; a short count is
 * written on, a failure thrown (next target). A log at `maxBytes` or more is rotated first.
 */
export function appendLine(file: string, line: string, maxBytes = Number.POSITIVE_INFINITY): void {
  let { fd, size } = openLog(file);
  if (size >= maxBytes) {
    fs.closeSync(fd);
    rotateIfLarge(file, maxBytes);
    ({ fd } = openLog(file));
  }
  try {
    appendAll(fd, line);
  } finally {
    fs.closeSync(fd);
  }
}

/** The same into the private temp dir (checked first): no link followed, nothing appended to a file another user made. */
function appendPrivate(file: string, line: string): void {
  const { fd } = openAppend(file, fs.constants.O_NOFOLLOW);
  try {
    if (fs.fstatSync(fd).uid !== (process.getuid?.() ?? 0)) throw new Error('not ours');
    appendAll(fd, line);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the record to the first target that accepts it; returns that path, or undefined. */
export function writeLog(
  record: LogRecord,
  targets: string[],
  env: Record<string, string | undefined>,
): string | undefined {
  const max = Number(env.OPENCLAW_SHIM_LOG_MAX_BYTES) > 0 ? Number(env.OPENCLAW_SHIM_LOG_MAX_BYTES) : DEFAULT_MAX_BYTES;
  const line = `${JSON.stringify(record)}\n`;
  for (const target of targets) {
    try {
      if (target !== tmpLogFile(env)) {
        appendLine(target, line, max);
        return target;
      }
      if (!privateDirOk(path.dirname(target))) continue;
      rotateIfLarge(target, max);
      appendPrivate(target, line);
      return target;
    } catch {
      // Not writable here (read-only state, other owner): try the next target.
    }
  }
  return undefined;
}

/** Writes the record; when no target takes it, says so in one stderr line instead of dropping it silently. */
export function writeLogOrSay(record: LogRecord, targets: string[], env: Record<string, string | undefined>): void {
  if (targets.length === 0 || writeLog(record, targets, env)) return;
  writeStderr(
    `openclaw-shim: redirect log not written (none writable: ${targets.join(', ')}); set OPENCLAW_SHIM_LOG to a writable file\n`,
  );
}
