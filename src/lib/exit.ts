// Exit codes of every openclaw-shim program, and the error that carries one to the top.

export const EXIT = {
  OK: 0,
  /** doctor: findings; any command: a failure already reported. */
  FINDINGS: 1,
  USAGE: 2,
  /** A capture, backup manifest or store that is not what it claims to be. */
  DATA: 65,
  /** The named state dir, backup or codex home does not exist. */
  NO_INPUT: 66,
  /** The shim would run itself (PATH or OPENCLAW_SHIM_REAL_BIN loop). */
  LOOP: 69,
  INTERNAL: 70,
  /** No Node >= 22.12 for openclaw-shim, a shim or the launcher (their sh prelude / JS guard), or none that suits the real CLI's engines. */
  NODE_TOO_OLD: 71,
  /** A file could not be written (ENOSPC, EDQUOT, EROFS, EIO on write): nothing half-written; run again to resume. */
  CANT_WRITE: 73,
  /** A file could not be read (EIO while reading, too many open files). */
  CANT_READ: 74,
  /** A lock is held by a live process; nothing was written. Try again. */
  LOCKED: 75,
  /** The shim: a state-writing command, and the state dir is read-only here (Codex's sandbox); the real CLI did not start. */
  READ_ONLY: 80,
  /** The state dir belongs to another user and this process is not root: nothing was written (EX_NOPERM). */
  NOT_OWNER: 77,
  /** The shim refused: isolated home and no canonical state. */
  REFUSED: 78,
  /** setup refused: the launcher it would wire resolves no real Codex (OpenClaw's config left alone). */
  NO_CODEX: 79,
  /** repair: OpenClaw imported the staged store itself and holds other sessions than repair staged (kept, said). */
  IMPORTED_OTHERWISE: 81,
  /** repair --apply stopped by SIGINT/SIGTERM between steps, after saying what was done. */
  INTERRUPTED: 130,
  NOT_EXECUTABLE: 126,
  NOT_FOUND: 127,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Thrown to end a command with a given exit code. `reported` means the message was already
 * printed; otherwise the top-level boundary prints `message` once, without a stack trace.
 */
export class ExitError extends Error {
  readonly code: number;
  readonly reported: boolean;

  constructor(code: number, message: string, opts: { cause?: unknown; reported?: boolean } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ExitError';
    this.code = code;
    this.reported = opts.reported ?? false;
  }
}
