// The repair plan as a list of actions with exact paths, in execution order (pure).
import path from 'node:path';
import type { Conflict } from './merge.ts';
import type { Unreadable } from '../store/readable.ts';
import type { KeptTree, ProfileShadow, ShadowConfig, Survey, UnreadableStore } from './survey.ts';
import { configSetCommands, describeDiffs } from '../store/config-diff.ts';
import type { ImportPlan } from './import-plan.ts';
import { profileFlag } from '../store/profile-dirs.ts';

export type Step =
  | 'backup'
  | 'merge'
  | 'import'
  | 'conflict'
  | 'config'
  | 'sqlite'
  | 'remove'
  | 'link'
  | 'restore'
  | 'unmerge'
  | 'read'
  | 'writer'
  | 'verify'
  | 'profile';
export type ActionStatus =
  | 'planned'
  | 'done'
  | 'skipped'
  | 'conflict'
  | 'locked'
  | 'unreadable'
  | 'failed'
  /** OpenClaw imported the staged store itself and holds something else than repair staged (exit 81). */
  | 'diverged';

export interface Action {
  step: Step;
  path: string;
  target?: string;
  detail: string;
  status: ActionStatus;
  agent?: string;
}

/** `<root>/agents/<agent>/sessions`: the canonical sessions dir (root = state dir) or a shadow's (root = shadow tree). */
export const sessionsDirOf = (root: string, agent: string): string => path.join(root, 'agents', agent, 'sessions');

/** A tree (or link) left in place on purpose: skipped with a `kept…` reason. */
export const isKept = (a: Action): boolean => a.status === 'skipped' && a.detail.startsWith('kept');

/** An unreadable store: not merged, its tree kept (the same action in the plan and in --apply). */
export const unreadableAction = (u: UnreadableStore): Action => ({
  step: 'merge',
  agent: u.agent,
  path: u.path,
  detail: `unreadable: ${u.storePath === u.path ? '' : `the canonical store ${u.storePath}: `}${u.reason}; nothing merged, the shadow tree is kept until the file is dealt with by hand`,
  status: 'unreadable',
});

/** A merge conflict: the canonical entry kept (the same action in the plan and in --apply). */
export const conflictAction = (c: Conflict): Action => ({
  step: 'conflict',
  agent: c.agent,
  path: c.path,
  detail: c.key ? `${c.key}: ${c.reason}` : c.reason,
  status: 'conflict',
});

/**
 * A shadow config that differs from the canonical one: named, never applied (repair never writes the canonical
 * config); `copy` is where the backup holds it. Skipped, so it alone does not change the exit code.
 */
export function configAction(c: ShadowConfig, copy: string, configPath: string): Action {
  const { comparison: k } = c;
  const sets = k.kind === 'differs' ? configSetCommands(k.diffs, configPath) : undefined;
  const what =
    k.kind === 'differs'
      ? `the shadow's config differs at ${describeDiffs(k.diffs)}`
      : `the shadow's config was not compared with the canonical one (${k.error})`;
  return {
    step: 'config',
    path: k.shadowConfig,
    target: copy,
    detail: `${what}: kept in the backup ${copy}, never written to ${configPath}; apply by hand${sets ? ` with ${sets}` : ' with `openclaw config set …`'} if wanted`,
    status: 'skipped',
  };
}

/** Where the backup holds a file of a tree (the tree's copy dir joined with the file's path inside it). */
export const backupCopyOf = (treeCopy: string, tree: string, file: string): string =>
  path.join(treeCopy, path.relative(tree, file));

/** A tree holding canonical data: kept, not backed up (the same action in the plan and in --apply; exit 1 on --apply). */
export const heldAction = (h: KeptTree): Action => ({
  step: 'remove',
  path: h.tree,
  detail: `kept: ${h.why}`,
  status: 'skipped',
});

/** A canonical dir (or a place a shadow could be) that could not be read: the same action in the plan and in --apply; exit 1. */
export const blockedAction = (u: Unreadable): Action => ({
  step: 'read',
  path: u.path,
  detail: `the ${u.what} could not be read (${u.error}): ${u.what === 'config' ? 'custom agentDirs are unknown, so SQLite stores under them were not looked for' : 'nothing below it was checked or repaired'}; run repair as its owner${u.ownerUid === undefined ? '' : ` (uid ${u.ownerUid})`}, or fix the permissions`,
  status: 'unreadable',
});

/**
 * A profile shadow tree: a shadow of the canonical profile state, not of the state dir repaired, so nothing of it
 * is merged, backed up or removed; said as its own line, skipped, exit 1 (the same in the plan and in --apply).
 */
export function profileAction(p: ProfileShadow): Action {
  return {
    step: 'profile',
    agent: p.ownerAgent,
    path: p.path,
    target: p.canonicalStateDir,
    detail: `profile shadow of profile ${p.profile} (openclaw ${profileFlag(p.profile)} run in agent ${p.ownerAgent}'s isolated home) not merged: it shadows the canonical profile state ${p.canonicalStateDir}${p.canonicalExists ? '' : ' (which does not exist: everything in it is only here)'}, not this state dir, and repair merges only into the state dir it repairs; nothing of it is backed up, merged or removed; openclaw-shim doctor says what differs: carry over by hand what you need, then move the tree aside`,
    status: 'skipped',
  };
}

/** OpenClaw's importer also moves unreferenced JSONL files of the staging dir into its archive: said, not hidden (pure). */
export const alsoArchived = (p: ImportPlan): string =>
  p.otherJsonl.length
    ? `; the importer also moves the ${p.otherJsonl.length} JSONL file(s) already there that no session references (${p.otherJsonl.join(', ')}) into that archive`
    : '';

/** The dry run's line for an import: the staged files and the exact command that imports them (pure). */
export function importPlanAction(p: ImportPlan, command: string | undefined): Action {
  const files = p.add.filter((a) => a.transcript).length;
  const how = command
    ? `stage them as ${path.join(p.stageDir, 'sessions.json')} with ${files} transcript file(s), then run ${command} (OpenClaw's own importer; it archives the staged files under ${path.join(path.dirname(p.stageDir), 'session-sqlite-import-archive')})`
    : 'no real openclaw CLI was found to run its importer with: --apply keeps this tree; put openclaw on PATH or pass --real-openclaw PATH';
  return {
    step: 'import',
    agent: p.agent,
    path: p.source,
    target: p.sqlitePath,
    detail: `import ${p.add.length} shadow-only session(s) (${p.add.map((a) => a.key).join(', ')}): ${how}${alsoArchived(p)}`,
    status: command ? 'planned' : 'failed',
  };
}

export function planActions(
  s: Survey,
  stateDir: string,
  backupDir: string,
  link: boolean,
  importCommand?: (agent: string) => string,
  configPath = path.join(stateDir, 'openclaw.json'),
): Action[] {
  const out: Action[] = [...s.blocked.map(blockedAction)];
  s.trees.forEach((t, i) =>
    out.push({
      step: 'backup',
      path: t.ref.path,
      target: path.join(backupDir, 'trees', String(i)),
      detail: `copy ${t.files} file(s), ${t.bytes} bytes, with sha256 manifest`,
      status: 'planned',
    }),
  );
  for (const m of s.merges) {
    if (m.add.length === 0) continue;
    const files = m.add.reduce((n, a) => n + a.transcripts.length, 0);
    out.push({
      step: 'merge',
      agent: m.agent,
      path: m.shadowStorePath,
      target: m.canonicalStorePath,
      detail: `add ${m.add.length} session(s) (${m.add.map((a) => a.key).join(', ')}) and ${files} transcript file(s)`,
      status: 'planned',
    });
  }
  for (const p of s.imports) if (p.add.length) out.push(importPlanAction(p, importCommand?.(p.agent)));
  for (const u of s.unreadable) out.push(unreadableAction(u));
  out.push(...s.conflicts.map(conflictAction));
  for (const c of s.configs) {
    const i = s.trees.findIndex((t) => t.ref.path === c.tree);
    const copy = backupCopyOf(path.join(backupDir, 'trees', String(i)), c.tree, c.comparison.shadowConfig);
    out.push(configAction(c, copy, configPath));
  }
  for (const q of s.sqlite)
    out.push({
      step: 'sqlite',
      path: q.path,
      detail: `${q.agent ? `agent ${q.agent}` : 'shared state'} SQLite, ${q.sessions ?? 'unknown'} session(s): backed up and removed, not merged`,
      status: 'planned',
    });
  for (const t of s.trees) {
    const kept = s.keep.find((k) => k.tree === t.ref.path);
    // The same status and detail --apply reports for a kept tree, so both exit 1.
    out.push(
      kept
        ? { step: 'remove', path: t.ref.path, detail: `kept: ${kept.why}`, status: 'skipped' }
        : {
            step: 'remove',
            path: t.ref.path,
            detail: 'remove the shadow tree (it is in the backup)',
            status: 'planned',
          },
    );
  }
  out.push(...s.held.map(heldAction), ...s.unreadableTrees.map(heldAction), ...s.profiles.map(profileAction));
  if (link)
    for (const t of s.trees)
      if (!s.keep.some((k) => k.tree === t.ref.path))
        for (const a of t.sessionDirs)
          out.push({
            step: 'link',
            agent: a,
            path: sessionsDirOf(t.ref.path, a),
            target: sessionsDirOf(stateDir, a),
            detail: 'symlink to the canonical sessions dir',
            status: 'planned',
          });
  return out;
}
