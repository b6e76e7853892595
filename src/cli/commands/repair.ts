// `openclaw-shim repair`: back up shadow trees, merge their sessions into the canonical stores, remove them.
import path from 'node:path';
import { resolveTarget, type Target } from '../../store/target.ts';
import { readAsOwnerOf } from '../../lib/read-as-owner.ts';
import { applyRepair, planRepair, REPAIR_SCHEMA, REPAIR_VERSION, type RepairResult } from '../../repair/apply.ts';
import { printRepair } from '../../repair/render.ts';
import { describeUndoInterrupt, undoRepair, UndoInterrupted } from '../../repair/undo.ts';
import { writeStderr } from '../../lib/stderr.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { actAsOwner, ownerOf } from '../../lib/owner.ts';
import { requireNamedFile } from '../../lib/named-file.ts';
import { assertNoLiveWriter, resumeRepair, resumeUndo } from '../../repair/live-guard.ts';
import { createOutput, type Output } from '../../lib/output.ts';
import { describeInterrupt, RepairInterrupted } from '../../repair/interrupt.ts';
import { cmd } from '../../lib/shell-words.ts';
import { defineCommand, jsonOption, pathFlagOptions, requireValue, toExplicit, type PathFlags } from './types.ts';
import fs from 'node:fs';
import { findRealOnPath } from '../../shim/find-real.ts';
import { readSetupRecord } from '../../setup/record.ts';

interface Args extends PathFlags {
  apply: boolean;
  link: boolean;
  undo?: string;
  json: boolean;
  'real-openclaw'?: string;
}

/**
 * The real openclaw whose importer takes shadow sessions into a 2026.8+ agent database: the flag, else the
 * first on PATH (never a shim), else the one setup recorded for this state; undefined when none is found.
 */
function realOpenclaw(a: Args, stateDir: string): string | undefined {
  const named = requireValue('real-openclaw', a['real-openclaw']);
  if (named) {
    const file = path.resolve(named);
    requireNamedFile(file, '--real-openclaw');
    return file;
  }
  const found = findRealOnPath(process.env);
  if (found.ok) return found.path;
  try {
    const recorded = readSetupRecord(stateDir)?.realOpenclaw;
    return recorded && path.isAbsolute(recorded) && fs.existsSync(recorded) ? recorded : undefined;
  } catch {
    return undefined;
  }
}

async function runUndo(a: Args): Promise<RepairResult> {
  if (a.link) throw new ExitError(EXIT.USAGE, '--link cannot be combined with --undo');
  const dir = path.resolve(a.undo!);
  // `<state>/backups/openclaw-shim/<time>`: the state by the path, without reading the manifest as root.
  if (a.apply) asRootFirst(path.resolve(dir, '..', '..', '..'), resumeUndo(dir));
  // The dry run reads as the backup's owner too: a manifest's links lead nowhere the owner cannot read.
  if (a.apply) actAsOwner(dir, `The backup ${dir}`);
  else readAsOwnerOf([dir]);
  let r: Awaited<ReturnType<typeof undoRepair>>;
  try {
    r = await undoRepair(dir, a.apply);
  } catch (error) {
    if (!(error instanceof UndoInterrupted)) throw error;
    writeStderr(`openclaw-shim: ${describeUndoInterrupt(error, cmd('openclaw-shim', 'repair', '--undo', dir, '--apply'))}
`);
    throw new ExitError(EXIT.INTERRUPTED, error.message, { reported: true, cause: error });
  }
  return {
    schema: REPAIR_SCHEMA,
    version: REPAIR_VERSION,
    mode: a.apply ? 'undo' : 'undo-dry-run',
    stateDir: r.stateDir,
    backupDir: dir,
    resumed: false,
    nothingToDo: r.actions.length === 0,
    actions: r.actions,
    exitCode: r.exitCode,
  };
}

/**
 * Root about to become a state's owner looks for live OpenClaw processes first: only root reads every
 * process's environment (a root gateway on a user's state); the checks before each write then run as the owner.
 */
function asRootFirst(dir: string, resume: string): void {
  if (process.getuid?.() !== 0 || ownerOf(dir).uid === 0) return;
  assertNoLiveWriter({ stateDir: dir, resume });
}

/** The dry run reads as the state dir's owner when root (as --apply writes as them). */
function readableTarget(a: Args): Target {
  readAsOwnerOf([a['state-dir'], a['config-path'] && path.dirname(path.resolve(a['config-path'])), a.home]);
  const target = resolveTarget(toExplicit(a));
  readAsOwnerOf([target.stateDir]);
  return target;
}

/** repair --apply writes backups, stores and locks in the state dir: as its owner, or not at all. */
const ownedTarget = <T extends { stateDir: string }>(t: T): T => (
  actAsOwner(t.stateDir, `The state dir ${t.stateDir}`), t
);
/**
 * --apply says each step on stderr as it starts, terminal or not (a long backup is not silence), and an
 * interrupt ends with what was done and the command that resumes (exit 130).
 */
async function applyWithSteps(a: Args, out: Output): Promise<RepairResult> {
  const resolved = resolveTarget(toExplicit(a));
  const named = a['real-openclaw'] ? realOpenclaw(a, resolved.stateDir) : undefined;
  asRootFirst(resolved.stateDir, resumeRepair(resolved.stateDir, a.link, named));
  const target = ownedTarget(resolved);
  try {
    const openclaw = realOpenclaw(a, target.stateDir);
    return await applyRepair({
      target,
      link: a.link,
      onProgress: (t) => out.error(`repair: ${t}`),
      ...(openclaw ? { openclaw, openclawNamed: !!named } : {}),
    });
  } catch (error) {
    if (!(error instanceof RepairInterrupted)) throw error;
    const resume = resumeRepair(target.stateDir, a.link, named);
    out.error(`openclaw-shim: ${describeInterrupt(error, resume)}`);
    throw new ExitError(EXIT.INTERRUPTED, error.message, { reported: true, cause: error });
  }
}

function planDry(a: Args): RepairResult {
  const target = readableTarget(a);
  const openclaw = realOpenclaw(a, target.stateDir);
  return planRepair({ target, link: a.link, ...(openclaw ? { openclaw } : {}) });
}

export const repairCommand = defineCommand<Args>({
  command: 'repair',
  describe:
    'Back up shadow state trees, merge their sessions into the canonical stores and remove them (dry run unless --apply)',
  builder: (y) =>
    y
      .options(pathFlagOptions)
      .option('apply', { type: 'boolean', default: false, describe: 'Do it (default: print the plan)' })
      .option('link', {
        type: 'boolean',
        default: false,
        describe: 'Leave shadow agents/<id>/sessions as symlinks to the canonical dirs',
      })
      .option('real-openclaw', {
        type: 'string',
        describe:
          'The real openclaw (2026.8.2+) whose importer takes shadow sessions into a SQLite state (default: first on PATH, else the one setup recorded)',
      })
      .option('undo', {
        type: 'string',
        describe: 'Put back the backup in this dir (<state>/backups/openclaw-shim/<time>)',
      })
      .options(jsonOption),
  handler: async (a: Args) => {
    if (a.undo !== undefined && !a.undo.trim()) throw new ExitError(EXIT.USAGE, '--undo needs a backup dir');
    const out = createOutput({ json: a.json });
    const r = a.undo ? await runUndo(a) : a.apply ? await applyWithSteps(a, out) : planDry(a);
    if (a.json) out.json(r);
    else printRepair(out, r);
    process.exitCode = r.exitCode;
  },
});
