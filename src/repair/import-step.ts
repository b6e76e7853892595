// Repair's import step (2026.8+ states): each import plan through OpenClaw's importer, and a killed run's staged store finished first.
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { findOpenRun } from '../store/backups.ts';
import type { Guard } from './apply.ts';
import { executeImport, forgetNotImported, importStaged, takeBackStaged } from './import-exec.ts';
import { findOutsideImport, takeOverOutsideImport } from './import-outside.ts';
import { readImportRecords } from './import-record.ts';
import type { Importer } from './openclaw-import.ts';
import { alsoArchived, conflictAction, type Action } from './plan.ts';
import { stepDone } from './steps.ts';
import type { Survey } from './survey.ts';
import { sha256File } from './hash.ts';
import { readAgentRows } from '../store/agent-sqlite-rows.ts';
import fs from 'node:fs';

/** The keys of a staged store of ours (its bytes verified against the record first). */
export const stagedKeys = (storePath: string): string[] =>
  Object.keys(JSON.parse(fs.readFileSync(storePath, 'utf8')) as object);

/** Keys of our staged store (its bytes verified) that the agent database holds already. */
function alreadyImported(storePath: string, sqlitePath: string): string[] {
  const staged = stagedKeys(storePath);
  if (!fs.existsSync(sqlitePath)) return [];
  const rows = readAgentRows(sqlitePath);
  if (!rows.ok) throw new Error(`cannot read ${sqlitePath}: ${rows.error}`);
  return staged.filter((k) => rows.rows.has(k));
}

/** Why a tree stays whose sessions were not imported (the dry run and --apply say the same). */
export const IMPORT_KEPT = 'its sessions could not be imported (see import); re-run repair --apply';

const archiveOf = (stageDir: string): string => path.join(path.dirname(stageDir), 'session-sqlite-import-archive');

/** The legacy stores an unfinished run of ours staged and that still hold its bytes (what --apply imports first). */
export function pendingStagedStores(stateDir: string): string[] {
  const open = findOpenRun(stateDir);
  if (!open) return [];
  return readImportRecords(open.dir, stateDir).flatMap(({ record }) => {
    const store = record.staged.find((s) => path.basename(s.path) === 'sessions.json');
    const ours =
      store && fs.lstatSync(store.path, { throwIfNoEntry: false })?.isFile() && sha256File(store.path) === store.sha256;
    return ours ? [store.path] : [];
  });
}

/**
 * A run killed after staging a legacy store and before OpenClaw's importer consumed it: the store (still the
 * bytes we staged) is imported now, or taken back out when no importer can run; stray staged transcripts of
 * ours are taken back out (the survey stages them again). Runs before the survey; the live check came first.
 */
export async function finishPendingImports(
  stateDir: string,
  importer: Importer | undefined,
  signal: AbortSignal | undefined,
  progress: (t: string) => void,
): Promise<Action[]> {
  const open = findOpenRun(stateDir);
  if (!open) return [];
  const actions: Action[] = [];
  for (const { file, record } of readImportRecords(open.dir, stateDir)) {
    const store = record.staged.find((s) => path.basename(s.path) === 'sessions.json');
    const ours =
      store && fs.lstatSync(store.path, { throwIfNoEntry: false })?.isFile() && sha256File(store.path) === store.sha256;
    const base = { step: 'import' as const, agent: record.agent, path: record.source, target: record.sqlitePath };
    const outside = store && !ours ? findOutsideImport(record) : undefined;
    if (outside) {
      actions.push({ ...base, ...takeOverOutsideImport(file, record, outside) });
      continue;
    }
    if (!ours || !importer) {
      const gone = takeBackStaged(record.staged);
      forgetNotImported(file, record);
      if (ours)
        actions.push({
          ...base,
          detail: `the unfinished run's staged ${store!.path} was taken back out: no real openclaw CLI to import it with (pass --real-openclaw PATH)`,
          status: 'failed',
        });
      else if (gone.length) stepDone(`import:takeback:${record.agent}`);
      continue;
    }
    // Imported already (the killed run's importer committed, then died before archiving): never imported twice,
    // a row written since would be overwritten. Taken back out; the survey stages what is still missing.
    const there = alreadyImported(store!.path, record.sqlitePath);
    if (there.length) {
      takeBackStaged(record.staged);
      actions.push({
        ...base,
        detail: `the unfinished run's staged store was imported already (${there.join(', ')} in the agent database); its staged files were taken back out, not imported again`,
        status: 'skipped',
      });
      continue;
    }
    progress(`Importing the staged store of the unfinished run into ${record.sqlitePath}`);
    const run = await importStaged(importer, record, file, signal);
    if (!run.ok) forgetNotImported(file, record);
    actions.push(
      run.ok
        ? {
            ...base,
            detail: `imported the unfinished run's staged store (${run.imported} session(s), ${run.transcriptEvents} transcript event(s))`,
            status: 'done',
          }
        : { ...base, detail: `${run.why}; the staged files were taken back out, nothing imported`, status: 'failed' },
    );
  }
  return actions;
}

/** Appends to `actions` as it goes, so an interrupt can say what was imported; a failed import keeps its tree. */
export async function importStep(
  s: Survey,
  ctx: { runDir: string; stateDir: string; importer: Importer | undefined },
  keep: Map<string, string>,
  progress: (t: string) => void,
  actions: Action[],
  guard: Guard,
): Promise<void> {
  for (const p of s.imports) {
    guard.check(actions);
    if (p.add.length === 0) continue;
    guard.live(`before importing into ${p.sqlitePath}`);
    const base = { step: 'import' as const, agent: p.agent, path: p.source, target: p.sqlitePath };
    progress(`Importing ${p.add.length} session(s) of ${p.agent} into ${p.sqlitePath} with OpenClaw's importer`);
    const out = await executeImport(p, { ...ctx, ...(guard.signal ? { signal: guard.signal } : {}) });
    guard.check(actions);
    if (out.kind === 'imported') {
      const same = out.alreadyThere.length
        ? `; ${out.alreadyThere.length} already there (${out.alreadyThere.join(', ')})`
        : '';
      actions.push({
        ...base,
        detail: `imported ${out.keys.length} session(s) (${out.keys.join(', ')}) and ${out.transcripts} transcript(s) with OpenClaw's importer, which archived the staged files under ${archiveOf(p.stageDir)}${same}${alsoArchived(p)}`,
        status: 'done',
      });
    } else if (out.kind === 'nothing')
      actions.push({
        ...base,
        detail: `nothing to import: already there (${out.alreadyThere.join(', ')})`,
        status: 'skipped',
      });
    else {
      actions.push({
        ...base,
        detail: `${out.why}; nothing imported (the sessions are in the backup)`,
        status: 'failed',
      });
      const tree = [...keep.keys(), ...s.trees.map((t) => t.ref.path)].find((t) => isWithin(p.source, t));
      if (tree && !keep.has(tree)) keep.set(tree, IMPORT_KEPT);
    }
    actions.push(...out.conflicts.map(conflictAction));
    stepDone(`import:${p.agent}`);
  }
}
