// Runs repair: dry-run plan, or backup → merge → remove → link, resuming a run that was killed.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import type { Target } from '../store/target.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import {
  acquireSessionStoreLock,
  LockBusyError,
  LockNotAFileError,
  releaseAfter,
  type HeldLock,
} from '../lib/session-lock.ts';
import { guardInterrupts, RepairInterrupted, type InterruptGuard } from './interrupt.ts';
import { makeBackup, treeCoveredBy } from './backup.ts';
import { stepDone } from './steps.ts';
import { findOpenRun, type OpenRun } from '../store/backups.ts';
import { closeRun, newBackupDir, runFileFor, startRun } from './journal.ts';
import { backupsRoot, type Manifest, type ManifestTree, type RunFile } from '../store/backup-manifest.ts';
import { executeMerge } from './merge-exec.ts';
import {
  blockedAction,
  conflictAction,
  heldAction,
  profileAction,
  isKept,
  planActions,
  backupCopyOf,
  configAction,
  unreadableAction,
  type Action,
} from './plan.ts';
import { DAMAGED_COPY, linkSessions, removeTree } from './remove.ts';
import { describeSpecials } from '../store/special.ts';
import { survey, type Survey } from './survey.ts';
import { assertNoLiveWriter, liveWriterActions, resumeRepair } from './live-guard.ts';
import { verifyMerged, type Merged } from './verify-merge.ts';
import { importCommand, type Importer } from './openclaw-import.ts';
import { finishPendingImports, IMPORT_KEPT, importStep, pendingStagedStores, stagedKeys } from './import-step.ts';
import { stagedStorePath } from './survey-import.ts';
import { readImportRecords } from './import-record.ts';
import { verifyImports } from './verify-import.ts';
import { plannedOutsideImports } from './import-outside.ts';

export const REPAIR_SCHEMA = 'openclaw-shim/repair';
export const REPAIR_VERSION = 1;

export interface RepairOptions {
  target: Target;
  link: boolean;
  now?: number;
  /** One line per step as it happens (the CLI prints them on stderr). */
  onProgress?: (text: string) => void;
  /** The real `openclaw` whose importer takes shadow sessions into a 2026.8+ agent database. */
  openclaw?: string;
  /** The operator named it (`--real-openclaw`): resume commands name it again. */
  openclawNamed?: boolean;
}

const resumeOf = (opts: RepairOptions, link: boolean): string =>
  resumeRepair(opts.target.stateDir, link, opts.openclawNamed ? opts.openclaw : undefined);

/** The importer on the canonical state, when a real openclaw is known. */
export const importerOf = (opts: RepairOptions): Importer | undefined =>
  opts.openclaw
    ? { bin: opts.openclaw, stateDir: opts.target.stateDir, configPath: opts.target.configPath, home: opts.target.home }
    : undefined;

export interface RepairResult {
  schema: typeof REPAIR_SCHEMA;
  version: typeof REPAIR_VERSION;
  mode: 'dry-run' | 'apply' | 'undo-dry-run' | 'undo';
  stateDir: string;
  backupDir: string | null;
  /** An unfinished run this one continued (or, in a dry run, would continue). */
  resumed: boolean;
  nothingToDo: boolean;
  actions: Action[];
  exitCode: number;
}

const result = (
  mode: RepairResult['mode'],
  stateDir: string,
  backupDir: string | null,
  resumed: boolean,
  actions: Action[],
  exitCode: number,
): RepairResult => ({
  schema: REPAIR_SCHEMA,
  version: REPAIR_VERSION,
  mode,
  stateDir,
  backupDir,
  resumed,
  nothingToDo: actions.length === 0,
  actions,
  exitCode,
});

/** Whether an unfinished run's backup still holds everything the shadows hold now. */
function resumable(open: OpenRun, s: Survey): open is Required<OpenRun> {
  if (!open.manifest) return false;
  return s.trees.every((t) => {
    const tree = open.manifest!.trees.find((m) => m.source === t.ref.path);
    return !!tree && treeCoveredBy(tree).ok;
  });
}

export function planRepair(opts: RepairOptions): RepairResult {
  const staged = pendingStagedStores(opts.target.stateDir);
  const s = survey(opts.target, new Set(staged));
  // What the unfinished run staged is imported first: not planned a second time.
  for (const p of s.imports) {
    const keys = staged.includes(stagedStorePath(p.stageDir)) ? stagedKeys(stagedStorePath(p.stageDir)) : [];
    p.add = p.add.filter((a) => !keys.includes(a.key));
  }
  const open = findOpenRun(opts.target.stateDir);
  const dir = open?.dir ?? path.join(backupsRoot(opts.target.stateDir), '<time>');
  const importer = importerOf(opts);
  // With no importer, --apply keeps the trees whose sessions it cannot import: the plan says so too.
  if (!importer)
    for (const p of s.imports.filter((i) => i.add.length)) {
      const tree = s.trees.find((t) => isWithin(p.source, t.ref.path))?.ref.path;
      if (tree && !s.keep.some((k) => k.tree === tree)) s.keep.push({ tree, why: IMPORT_KEPT });
    }
  const planned = [
    ...staged.map(
      (p): Action => ({
        step: 'import',
        path: p,
        detail: importer
          ? 'staged by the unfinished run: --apply imports it first (or takes it back out when its keys are in the database already)'
          : 'staged by the unfinished run: --apply takes it back out (no real openclaw CLI to import it with)',
        status: 'planned',
      }),
    ),
    ...planActions(
      s,
      opts.target.stateDir,
      dir,
      opts.link || !!open?.run.link,
      importer && ((agent) => importCommand(importer, agent)),
      opts.target.configPath,
    ),
  ];
  // What OpenClaw imported itself of the unfinished run's staged store: never imported again, diverged said.
  planned.push(...plannedOutsideImports(opts.target.stateDir));
  // A live OpenClaw on this state: said first, as --apply would refuse (exit 75).
  const actions = planned.length ? [...liveWriterActions(opts.target.stateDir), ...planned] : planned;
  // The exit code --apply would give (a lock held at write time is the one thing a dry run cannot know).
  return result(
    'dry-run',
    opts.target.stateDir,
    open || actions.some((a) => a.step === 'backup') ? dir : null,
    !!open,
    actions,
    exitFor(actions),
  );
}

interface Session {
  dir: string;
  run: RunFile;
  manifest?: Manifest;
  resumed: boolean;
}

/** Continues a killed run when its backup still covers the shadows; otherwise starts a new one. */
function openSession(opts: RepairOptions, s: Survey): Session | undefined {
  const open = findOpenRun(opts.target.stateDir);
  if (open && resumable(open, s)) return { dir: open.dir, run: open.run, manifest: open.manifest, resumed: true };
  if (open && !open.manifest) {
    const run = runFileFor(opts.target.stateDir, s, opts.link || open.run.link);
    startRun(open.dir, run);
    return { dir: open.dir, run, resumed: true };
  }
  if (open) closeRun(open.dir, 'superseded', 'the shadow trees changed after this backup; a newer backup holds them');
  if (s.trees.length === 0) return undefined;
  const dir = newBackupDir(opts.target.stateDir, opts.now ?? Date.now());
  const run = runFileFor(opts.target.stateDir, s, opts.link);
  startRun(dir, run);
  return { dir, run, resumed: false };
}

function backupAction(session: Session, t: ManifestTree, fresh: boolean): Action {
  const target = path.join(session.dir, t.dir);
  const specials = describeSpecials(t.specials);
  const what = `${t.files.length} file(s)${specials ? ` and ${specials} recorded by type` : ''}`;
  if (t.reusedFrom)
    return {
      step: 'backup',
      path: t.source,
      target,
      detail: `${what}: reused the identical copy in ${t.reusedFrom} (same paths, sizes and sha256, copy verified); not copied again`,
      status: 'skipped',
    };
  return {
    step: 'backup',
    path: t.source,
    target,
    detail: `${what} with sha256 manifest${fresh ? ', verified' : ' (backup of the earlier, unfinished run)'}`,
    status: fresh ? 'done' : 'skipped',
  };
}

async function backupStep(
  session: Session,
  progress: (t: string) => void,
  guard: Guard,
): Promise<{ manifest: Manifest; actions: Action[] }> {
  const fresh = !session.manifest;
  if (fresh) progress(`Backing up ${session.run.trees.length} shadow tree(s) into ${session.dir}`);
  const manifest =
    session.manifest ??
    (await makeBackup(session.dir, session.run, () => guard.check([])).catch((error: unknown) => {
      if (error instanceof RepairInterrupted)
        error.during = 'during the backup (the copy under way was removed; a backup without its manifest is redone)';
      throw error;
    }));
  if (fresh) stepDone('backup');
  return { manifest, actions: manifest.trees.map((t) => backupAction(session, t, fresh)) };
}

/** Tree → why it stays after this run. */
type Keep = Map<string, string>;

/** Appends to `actions` as it goes, so an interrupt can say what was merged. */
async function mergeStep(
  s: Survey,
  dir: string,
  keep: Keep,
  trees: string[],
  progress: (t: string) => void,
  actions: Action[],
  guard: Guard,
): Promise<void> {
  for (const m of s.merges) {
    guard.check(actions);
    if (m.add.length === 0) continue;
    guard.live(`before merging into ${m.canonicalStorePath}`);
    const base = { step: 'merge' as const, agent: m.agent, path: m.shadowStorePath, target: m.canonicalStorePath };
    progress(`Merging ${m.add.length} session(s) of ${m.agent} into ${m.canonicalStorePath}`);
    try {
      const out = await executeMerge(m, dir, guard.signal, () => guard.check(actions));
      guard.merged.push({
        agent: m.agent,
        storePath: m.canonicalStorePath,
        entries: m.add.filter((a) => out.added.includes(a.key)),
      });
      const same = out.alreadyThere.length
        ? `; ${out.alreadyThere.length} already there, identical (${out.alreadyThere.join(', ')})`
        : '';
      actions.push({
        ...base,
        detail: `added ${out.added.length} session(s)${out.added.length ? ` (${out.added.join(', ')})` : ''} and ${out.transcripts.length} transcript file(s)${same}`,
        status: out.added.length ? 'done' : 'skipped',
      });
      actions.push(...out.conflicts.map(conflictAction));
    } catch (error) {
      if (error instanceof RepairInterrupted)
        error.during = `during the merge into ${m.canonicalStorePath} (the transcripts it copied are whole and in its merge record; that store was not written)`;
      if (!(error instanceof LockBusyError)) throw error;
      actions.push({ ...base, detail: error.message, status: 'locked' });
      const tree = trees.find((t) => isWithin(m.shadowStorePath, t));
      if (tree && !keep.has(tree))
        keep.set(tree, 'one of its stores could not be merged yet (locked by a live process); re-run repair --apply');
    }
    stepDone(`merge:${m.agent}`);
  }
}

async function removeAndLink(
  session: Session,
  manifest: Manifest,
  keep: Keep,
  s: Survey,
  stateDir: string,
  progress: (t: string) => void,
  all: Action[],
  guard: Guard,
): Promise<Action[]> {
  const actions: Action[] = [];
  const surveyed = new Set(s.trees.map((t) => t.ref.path));
  const between = (): void => guard.check([...all, ...actions]);
  for (const t of manifest.trees) {
    guard.check([...all, ...actions]);
    if (!keep.has(t.source)) guard.live(`before removing ${t.source}`);
    progress(`${keep.has(t.source) ? 'Keeping' : 'Removing'} ${t.source}`);
    actions.push(await removeTree(t, keep.get(t.source), { stateDir, runDir: session.dir, surveyed, between }));
    stepDone('remove:tree');
  }
  stepDone('remove');
  if (!session.run.link) return actions;
  for (const t of session.run.trees) {
    if (keep.has(t.source) || actions.some((a) => a.path === t.source && isKept(a))) continue;
    for (const agent of t.sessionDirs ?? []) {
      progress(`Linking ${path.join(t.source, 'agents', agent, 'sessions')} to the canonical sessions dir`);
      actions.push(linkSessions(t.source, stateDir, agent));
    }
  }
  return actions;
}

/**
 * A merge that found the store locked says "nothing was written to that store"; when a later merge (from
 * another tree) then wrote that store, say what is true: this tree's sessions are what still waits.
 */
function honestLocked(actions: Action[]): void {
  actions.forEach((a, i) => {
    if (a.step !== 'merge' || a.status !== 'locked') return;
    if (!actions.slice(i + 1).some((b) => b.step === 'merge' && b.status === 'done' && b.target === a.target)) return;
    a.detail = `${a.detail.replace(/; nothing was written to that store$/, '')}; this tree's sessions were not merged (a later merge from another tree did write ${a.target} once the lock was free); re-run repair --apply`;
  });
}

/** The interrupt guard bound to this run: `check(actions)` throws RepairInterrupted after a signal. */
export interface Guard {
  signal: AbortSignal | undefined;
  check(actions: Action[]): void;
  /** Throws exit 75 when a live OpenClaw may write the state (live-guard.ts): called before each write. */
  live(before: string): void;
  /** What each merge added, for the verification after the merge step. */
  merged: Merged[];
}

const exitFor = (actions: Action[]): number => {
  if (actions.some((a) => a.status === 'locked')) return EXIT.LOCKED;
  if (actions.some((a) => a.status === 'diverged')) return EXIT.IMPORTED_OTHERWISE;
  if (
    actions.some(
      (a) =>
        a.status === 'conflict' ||
        a.status === 'unreadable' ||
        a.status === 'failed' ||
        isKept(a) ||
        a.step === 'profile',
    )
  )
    return EXIT.FINDINGS;
  return EXIT.OK;
};

async function applyLocked(opts: RepairOptions, interrupts: InterruptGuard | undefined): Promise<RepairResult> {
  const progress = opts.onProgress ?? (() => {});
  const stateDir = opts.target.stateDir;
  // A killed run's staged legacy store is imported (or taken back out) first: the survey then sees the database as it is.
  const pending = await finishPendingImports(stateDir, importerOf(opts), interrupts?.signal, progress);
  const s = survey(opts.target);
  const session = openSession(opts, s);
  if (!session) return heldOnly(stateDir, s);
  const live = (before: string) =>
    assertNoLiveWriter({ stateDir, resume: resumeOf(opts, session.run.link), backupDir: session.dir, before });
  const guard: Guard = {
    signal: interrupts?.signal,
    check: (done) => interrupts?.check(stateDir, session.dir, done),
    live,
    merged: [],
  };
  const { manifest, actions: backedUp } = await backupStep(session, progress, guard);
  const actions = [...s.blocked.map(blockedAction), ...backedUp];
  // A tree holding canonical data is never removed, even when an earlier run's manifest lists it.
  const keep: Keep = new Map([...s.keep, ...s.held].map((k) => [k.tree, k.why]));
  actions.push(...s.unreadable.map(unreadableAction));
  try {
    await mergeStep(
      s,
      session.dir,
      keep,
      manifest.trees.map((t) => t.source),
      progress,
      actions,
      guard,
    );
  } catch (error) {
    // A lock wait cut short by the signal: the merge under way wrote nothing.
    if (interrupts?.signal.aborted && !(error instanceof RepairInterrupted)) guard.check(actions);
    throw error;
  }
  honestLocked(actions);
  actions.push(...pending);
  await importStep(s, { runDir: session.dir, stateDir, importer: importerOf(opts) }, keep, progress, actions, guard);
  // Re-read what was merged: a store rewritten meanwhile from a stale view is a loud failure, and nothing is removed.
  const verified = [
    ...verifyMerged(guard.merged, session.dir),
    ...verifyImports(
      readImportRecords(session.dir, stateDir).map((r) => r.record),
      session.dir,
    ),
  ];
  actions.push(...verified);
  if (verified.some((a) => a.status === 'failed' || a.status === 'diverged'))
    for (const t of manifest.trees)
      keep.set(
        t.source,
        'a merged session was not in the canonical store when re-read, or an import did not verify (see verify); the tree keeps it too',
      );
  actions.push(...s.conflicts.map(conflictAction));
  for (const c of s.configs) {
    const tree = manifest.trees.find((t) => t.source === c.tree);
    if (tree)
      actions.push(
        configAction(
          c,
          backupCopyOf(path.join(session.dir, tree.dir), c.tree, c.comparison.shadowConfig),
          opts.target.configPath,
        ),
      );
  }
  for (const q of s.sqlite)
    actions.push({
      step: 'sqlite',
      path: q.path,
      detail: `${q.agent ? `agent ${q.agent}` : 'shared state'} SQLite, ${q.sessions ?? 'unknown'} session(s): in the backup, not merged`,
      status: 'done',
    });
  actions.push(...(await removeAndLink(session, manifest, keep, s, stateDir, progress, actions, guard)));
  actions.push(
    ...s.held.filter((h) => !manifest.trees.some((t) => t.source === h.tree)).map(heldAction),
    ...s.unreadableTrees.map(heldAction),
    ...s.profiles.map(profileAction),
  );
  const code = exitFor(actions);
  // The run stays open while a tree of its backup is kept; a held tree (never backed up) does not keep it open.
  const keptInBackup = actions.some((a) => isKept(a) && manifest.trees.some((t) => t.source === a.path));
  // A backup copy found damaged is never resumed again: the next run backs the shadow up afresh.
  if (actions.some((a) => a.step === 'remove' && a.detail.startsWith(DAMAGED_COPY)))
    closeRun(session.dir, 'superseded', 'a backup copy no longer matched its manifest; the shadow was kept');
  else if (code !== EXIT.LOCKED && !keptInBackup) closeRun(session.dir, 'done');
  return result('apply', stateDir, session.dir, session.resumed, actions, code);
}

/** No tree to back up: only the trees kept because canonical paths resolve into them (exit 1 when any). */
function heldOnly(stateDir: string, s: Survey): RepairResult {
  const actions = [
    ...s.blocked.map(blockedAction),
    ...s.held.map(heldAction),
    ...s.unreadableTrees.map(heldAction),
    ...s.profiles.map(profileAction),
  ];
  return result('apply', stateDir, null, false, actions, exitFor(actions));
}

/**
 * One repair or undo at a time per state dir: the same lock protocol on `<backups>/repair.lock`. Our own
 * lock: a dead holder (a killed repair) is taken over at once; a live one never.
 */
export async function acquireRepairLock(stateDir: string): Promise<HeldLock> {
  const root = backupsRoot(stateDir);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  try {
    return await acquireSessionStoreLock(path.join(root, 'repair'), { timeoutMs: 0, staleMs: 0 });
  } catch (error) {
    if (error instanceof LockNotAFileError) throw new ExitError(EXIT.LOCKED, error.message, { cause: error });
    if (error instanceof LockBusyError)
      throw new ExitError(EXIT.LOCKED, `another repair or undo is running on ${stateDir} (${error.message})`, {
        cause: error,
      });
    throw error;
  }
}

export async function applyRepair(opts: RepairOptions): Promise<RepairResult> {
  let lock: HeldLock | undefined;
  // Guarded from the start: a signal during the first survey (long on many trees) is said too.
  // A second signal stops at once, but never leaves a lock or a copy that looks whole behind.
  const interrupts = guardInterrupts({
    what: `repair of ${opts.target.stateDir}`,
    resume: resumeOf(opts, opts.link),
  });
  let failed = true;
  try {
    // Nothing to do creates nothing, not even the backups dir.
    const first = survey(opts.target);
    stepDone('survey');
    // The survey is synchronous: let a signal that came meanwhile reach its handler, then stop before any write.
    await new Promise((resolve) => setImmediate(resolve));
    interrupts.check(opts.target.stateDir, null, []);
    if (!findOpenRun(opts.target.stateDir) && first.trees.length === 0) return heldOnly(opts.target.stateDir, first);
    // Before the first byte: no write beside a live OpenClaw (docs/operators-guide.md, "What repair does while OpenClaw runs").
    assertNoLiveWriter({ stateDir: opts.target.stateDir, resume: resumeOf(opts, opts.link) });
    lock = await acquireRepairLock(opts.target.stateDir);
    const out = await applyLocked(opts, interrupts);
    failed = false;
    return out;
  } finally {
    interrupts.dispose();
    releaseAfter(lock, failed);
  }
}
