// No write behind a live OpenClaw's back: repair and undo refuse (exit 75) while one may write the state, saying how to stop and resume.
import { EXIT, ExitError } from '../lib/exit.ts';
import { cmd } from '../lib/shell-words.ts';
import { becameOwner } from '../lib/owner.ts';
import { findLiveWriters, type LiveWriter, type WriterScanOptions } from '../store/live-writers.ts';
import type { Action } from './plan.ts';

/** What is about to be written, and the command that picks the work up again. */
export interface GuardContext {
  stateDir: string;
  /** `openclaw-shim repair --state-dir S --apply`, or `… --undo DIR --apply`. */
  resume: string;
  /** Set once something was written: the run is unfinished and its backup dir is this. */
  backupDir?: string;
  /** Where in the run (`before merging into …`), for the message. */
  before?: string;
  scan?: WriterScanOptions;
}

/** The resume command; a `--real-openclaw` the operator named is named again (its importer is needed on 2026.8+ states). */
export const resumeRepair = (stateDir: string, link: boolean, realOpenclaw?: string): string =>
  cmd(
    'openclaw-shim',
    'repair',
    '--state-dir',
    stateDir,
    '--apply',
    ...(link ? ['--link'] : []),
    ...(realOpenclaw ? ['--real-openclaw', realOpenclaw] : []),
  );
export const resumeUndo = (backupDir: string): string => cmd('openclaw-shim', 'repair', '--undo', backupDir, '--apply');

const me = (): number | undefined => process.getuid?.();

/** The exact command that stops it: its systemd unit where it has one (a restarting service outlives `kill`), else `kill` (pure). */
export function stopCommand(w: LiveWriter, myUid = me()): string {
  const other = w.uid !== undefined && myUid !== undefined && w.uid !== myUid;
  if (w.unit && !w.unit.user) return `${myUid === 0 ? '' : 'sudo '}${cmd('systemctl', 'stop', w.unit.name)}`;
  if (w.unit)
    return other
      ? cmd('systemctl', '--user', '-M', `${w.user ?? w.uid}@`, 'stop', w.unit.name)
      : cmd('systemctl', '--user', 'stop', w.unit.name);
  return `${other && myUid !== 0 ? 'sudo ' : ''}kill ${w.pid}`;
}

/** The command that brings it back once repair is done (a unit only; a hand-started process is the operator's to restart) (pure). */
const restartCommand = (w: LiveWriter, myUid = me()): string | undefined =>
  w.unit ? stopCommand(w, myUid).replace(' stop ', ' start ') : undefined;

const label = (w: LiveWriter): string =>
  `pid ${w.pid}${w.user ? ` (user ${w.user})` : w.uid !== undefined ? ` (uid ${w.uid})` : ''}${w.unit ? ` in ${w.unit.user ? 'user ' : ''}unit ${w.unit.name}` : ''}: ${w.command.length > 160 ? `${w.command.slice(0, 160)}…` : w.command}`;

/** The refusal, one writer a line with its stop command, then how to resume (pure). */
export function refusalMessage(ctx: GuardContext, writers: LiveWriter[], myUid = me()): string {
  const what = ctx.backupDir
    ? `repair stopped ${ctx.before ?? 'before its next write'}: nothing more was written. The run is unfinished; its backup is in ${ctx.backupDir}.`
    : 'repair --apply refused: nothing was written.';
  const lines = [
    `${what} OpenClaw is running on ${ctx.stateDir} and may write it at any moment; a write beside it would lose its sessions or ours (2026.5 serialises store writes inside its own process and takes no file lock; 2026.9 keeps them in SQLite).`,
    ...writers.map((w) => `  ${label(w)}\n    found by ${w.why}\n    stop it: ${stopCommand(w, myUid)}`),
    `Then resume: ${ctx.resume}`,
  ];
  const restart = [...new Set(writers.flatMap((w) => restartCommand(w, myUid) ?? []))];
  if (restart.length) lines.push(`and start it again: ${restart.join(' && ')}`);
  return lines.join('\n');
}

/** Throws exit 75 with the refusal while any OpenClaw process may write the state; returns quietly otherwise. */
export function assertNoLiveWriter(ctx: GuardContext): void {
  const { writers } = findLiveWriters(ctx.stateDir, ctx.scan);
  if (writers.length) throw new ExitError(EXIT.LOCKED, refusalMessage(ctx, writers));
}

/**
 * Why a process's state is unknown and what would learn it: root's dry run reads as the state's owner, so
 * it must not tell root to run as root; `--apply` started as root checks every process as root first.
 */
function unknownAdvice(reason: string, uid = me(), became = becameOwner()): string {
  if (became)
    return `which state it uses cannot be read as ${became.name ?? `uid ${became.uid}`}, the state's owner this dry run reads as (${reason}); repair --apply, started as root, checks it as root before it writes`;
  if (uid === 0) return `which state it uses cannot be read even as root (${reason})`;
  return `which state it uses cannot be read here (${reason}); run repair as root to check`;
}

/** The dry run's warning: one `writer` line per live process, `locked` as --apply would be (exit 75), plus the unknown ones. */
export function liveWriterActions(stateDir: string, scan?: WriterScanOptions): Action[] {
  const { writers, unknown } = findLiveWriters(stateDir, scan);
  return [
    ...writers.map(
      (w): Action => ({
        step: 'writer',
        path: stateDir,
        detail: `${label(w)} may write this state (${w.why}): --apply refuses while it runs; stop it first: ${stopCommand(w)}`,
        status: 'locked',
      }),
    ),
    ...unknown.map(
      (u): Action => ({
        step: 'writer',
        path: stateDir,
        detail: `OpenClaw process pid ${u.pid}${u.user ? ` (user ${u.user})` : ''} (${u.command}): ${unknownAdvice(u.reason)}`,
        status: 'skipped',
      }),
    ),
  ];
}
