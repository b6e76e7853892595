// Reads (never writes) what repair needs: shadow trees to clear, merges to make, SQLite stores to report.
import { isUtf8 } from 'node:buffer';
import { EXIT, ExitError } from '../lib/exit.ts';
import fs from 'node:fs';
import path from 'node:path';
import { scanState, type CanonicalLinkScan } from '../store/canonical-links.ts';
import { readConfigFacts } from '../store/config.ts';
import {
  agentIdsOnDisk,
  discoverCodexHomes,
  scanCodexHome,
  type ProfileShadowRef,
  type ShadowRef,
} from '../store/discover.ts';
import { isBelowUnreadable, readProblem, unreadableState, type Unreadable } from '../store/readable.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { lstatSeen, type Seen } from '../lib/stat-or-none.ts';
import { inventoryShadow, isEmptyShadow, isLinkedOnly, type Inventory } from '../store/inventory.ts';
import { readSqliteStore } from '../store/sessions.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import type { Target } from '../store/target.ts';
import { sha256File } from './hash.ts';
import type { DanglingCanonical, LinkedIntoShadow } from '../store/canonical-links.ts';
import { replaceLinkWithCopy } from '../lib/shell-words.ts';
import { planMerge, type Conflict, type MergePlan, type Store } from './merge.ts';
import { compareShadowConfig, type ConfigComparison } from '../store/config-diff.ts';
import type { ImportPlan } from './import-plan.ts';
import { importsIntoSqlite, surveyImport, type PlannedImports } from './survey-import.ts';

export interface TreeToClear {
  ref: ShadowRef;
  files: number;
  bytes: number;
  /** Agents whose `agents/<id>/sessions` is a real dir in the shadow (what --link replaces). */
  sessionDirs: string[];
}

export interface SqliteShadow {
  agent: string | null;
  path: string;
  sessions: number | null;
}

/** A session store (shadow, or the canonical one it merges into) that is not a JSON store: nothing merged, its tree kept. */
export interface UnreadableStore {
  agent: string;
  /** The shadow store. */
  path: string;
  /** The store that could not be read (the shadow one, or the canonical one). */
  storePath: string;
  tree: string;
  reason: string;
}

/** A tree that stays after the backup, and why (one sentence with the manual step). */
export interface KeptTree {
  tree: string;
  why: string;
}

/** A shadow tree's config that differs from the canonical one (or could not be parsed): kept in the backup only. */
export interface ShadowConfig {
  tree: string;
  comparison: Exclude<ConfigComparison, { kind: 'same' }>;
}

export interface Survey {
  trees: TreeToClear[];
  /** Shadow configs that differ from the canonical config: repair never writes the canonical config. */
  configs: ShadowConfig[];
  merges: MergePlan[];
  /** Shadow-only sessions for a 2026.8+ agent database, through OpenClaw's own importer. */
  imports: ImportPlan[];
  sqlite: SqliteShadow[];
  conflicts: Conflict[];
  unreadable: UnreadableStore[];
  /** Trees that must stay after the backup: a store in them could not be read, so nothing of it was merged. */
  keep: KeptTree[];
  /** Trees a canonical path resolves into: they hold the gateway's data; never backed up, merged from, removed or linked over. */
  held: KeptTree[];
  /** Canonical dirs, and places a shadow tree could be, that could not be read: nothing below them is repaired. */
  blocked: Unreadable[];
  /** Shadow trees with a part that could not be read: never backed up (it would be incomplete) or removed. */
  unreadableTrees: KeptTree[];
  /** Profile shadow trees (`.openclaw-<profile>`) with something in them: not merged, backed up or removed; said. */
  profiles: ProfileShadow[];
}

/** A profile shadow tree and whether the canonical profile state it shadows exists. */
export interface ProfileShadow extends ProfileShadowRef {
  canonicalExists: boolean;
}

const isAbsent = (s: Seen): boolean => s.stat === undefined && !s.error;

/** A store that cannot be read or is not a JSON object of entries: bad data naming the path (exit 65), never a bug. */
class StoreReadError extends ExitError {
  readonly storePath: string;

  readonly reason: string;

  constructor(storePath: string, cause: unknown) {
    const reason = (cause as Error).message;
    super(EXIT.DATA, `cannot read session store ${storePath}: ${reason}`, { cause });
    this.name = 'StoreReadError';
    this.storePath = storePath;
    this.reason = reason;
  }
}

/** A store as an object of entries; a missing file is an empty store. */
export function readStoreObject(file: string): Store {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new StoreReadError(file, error);
  }
  if (text.trim() === '')
    throw new StoreReadError(file, new Error(`empty file (${Buffer.byteLength(text)} bytes), not a JSON store`));
  // Decoding replaced bytes that are not UTF-8 with U+FFFD: writing the store back would change entries nobody merged.
  if (text.includes('\uFFFD') && !isUtf8(fs.readFileSync(file)))
    throw new StoreReadError(
      file,
      new Error('holds bytes that are not valid UTF-8; rewriting it would replace them with U+FFFD'),
    );
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not an object of entries');
    return data as Store;
  } catch (error) {
    throw new StoreReadError(file, error);
  }
}

export function compareFiles(a: string, b: string): 'missing' | 'same' | 'different' {
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  if (!sb) return 'missing';
  const sa = fs.statSync(a);
  if (sa.size !== sb.size) return 'different';
  return sha256File(a) === sha256File(b) ? 'same' : 'different';
}

const listFiles = (dir: string): string[] => {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
};

function sessionDirsOf(shadow: string): string[] {
  try {
    return fs
      .readdirSync(path.join(shadow, 'agents'))
      .filter((id) =>
        fs.lstatSync(path.join(shadow, 'agents', id, 'sessions'), { throwIfNoEntry: false })?.isDirectory(),
      )
      .sort();
  } catch {
    return [];
  }
}

/** What the trees planned so far will add to each agent's canonical store: entries, and transcript name → source file. */
export type Planned = Map<string, { store: Store; files: Map<string, string> }>;

function plannedFor(planned: Planned, agent: string): { store: Store; files: Map<string, string> } {
  let p = planned.get(agent);
  if (!p) planned.set(agent, (p = { store: {}, files: new Map() }));
  return p;
}

/** Records a tree's planned additions so the next tree of the same agent is planned against them too. */
function notePlanned(planned: Planned, plan: MergePlan): void {
  const p = plannedFor(planned, plan.agent);
  for (const a of plan.add) {
    p.store[a.key] = a.entry;
    for (const name of a.transcripts) p.files.set(name, path.join(plan.shadowSessionsDir, name));
  }
}

/** Plans the merge of one shadow sessions.json into the canonical sessions.json (a JSON-generation state). */
function surveyJsonStore(target: Target, agent: string, shadowStorePath: string, planned: Planned): MergePlan {
  const canonicalStorePath = canonicalStorePaths(target.stateDir, agent).json;
  const canonicalDir = path.dirname(canonicalStorePath);
  const shadowDir = path.dirname(shadowStorePath);
  const earlier = plannedFor(planned, agent);
  const plan = planMerge({
    agent,
    shadowStorePath,
    canonicalStorePath,
    shadowStore: readStoreObject(shadowStorePath),
    canonicalStore: readStoreObject(canonicalStorePath),
    planned: earlier.store,
    shadowFiles: listFiles(shadowDir),
    compare: (name) => {
      const from = earlier.files.get(name);
      return compareFiles(path.join(shadowDir, name), from ?? path.join(canonicalDir, name));
    },
  });
  notePlanned(planned, plan);
  return plan;
}

/** Where a shadow store goes: merged into sessions.json, or imported into the agent database (2026.8+ states). */
interface Planning {
  merges: Planned;
  imports: PlannedImports;
  /** Legacy stores an unfinished run of ours staged (--apply imports them first; the dry run looks past them). */
  ownStaged: ReadonlySet<string>;
}

function surveyStoreSafely(
  target: Target,
  agent: string,
  agentDir: string | undefined,
  store: { kind: 'sessions-json' | 'agent-sqlite'; path: string },
  planned: Planning,
  tree: string,
): MergePlan | ImportPlan | Conflict | UnreadableStore {
  const shadowStorePath = store.path;
  try {
    if (importsIntoSqlite(target.stateDir, agent, agentDir))
      return surveyImport(target.stateDir, agent, agentDir, store, readStoreObject, planned, tree);
    return surveyJsonStore(target, agent, shadowStorePath, planned.merges);
  } catch (error) {
    if (!(error instanceof StoreReadError)) throw error;
    return { agent, path: shadowStorePath, storePath: error.storePath, tree, reason: error.reason };
  }
}

/** The remove step's reason for keeping a tree with an unreadable store, with the manual step. */
const unreadableWhy = (u: UnreadableStore): string =>
  `the session store ${u.storePath} is unreadable (${u.reason}), so nothing of ${u.path} was merged; check that file by hand (its bytes are in the backup), fix it or move it aside (mv it to ${path.basename(u.storePath)}.unreadable), then re-run repair --apply`;

const unreadableTreeWhy = (errors: string[]): string =>
  `parts of this tree could not be read (${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}), so it is neither backed up nor removed; run repair as the state dir's owner, or fix the permissions, then re-run repair --apply`;

const keepTree = (out: Survey, tree: string, why: string): void => {
  if (!out.keep.some((k) => k.tree === tree)) out.keep.push({ tree, why });
};

function surveyTree(
  target: Target,
  agentDirs: Map<string, string>,
  ref: ShadowRef,
  inv: Inventory,
  out: Survey,
  planned: Planning,
  canon: CanonicalLinkScan,
): void {
  out.trees.push({ ref, files: inv.files, bytes: inv.bytes, sessionDirs: sessionDirsOf(ref.path) });
  const comparison = compareShadowConfig(ref.path, target.configPath);
  if (comparison.kind !== 'same') out.configs.push({ tree: ref.path, comparison });
  for (const st of inv.stores) {
    const dangling = st.agent ? canon.dangling.find((d) => d.agent === st.agent) : undefined;
    if (st.kind === 'sessions-json' && dangling) keepTree(out, ref.path, danglingWhy(st.path, dangling));
    else if (
      st.agent &&
      (st.kind === 'sessions-json' ||
        (st.kind === 'agent-sqlite' && importsIntoSqlite(target.stateDir, st.agent, agentDirs.get(st.agent))))
    ) {
      const store = { kind: st.kind, path: st.path };
      const r = surveyStoreSafely(target, st.agent, agentDirs.get(st.agent), store, planned, ref.path);
      if ('storePath' in r) {
        out.unreadable.push(r);
        keepTree(out, ref.path, unreadableWhy(r));
      } else if ('sqlitePath' in r) out.imports.push(r), out.conflicts.push(...r.conflicts);
      else if ('add' in r) out.merges.push(r), out.conflicts.push(...r.conflicts);
      else out.conflicts.push(r);
    } else {
      const read = st.kind === 'agent-sqlite' ? readSqliteStore(st.path) : undefined;
      out.sqlite.push({ agent: st.agent, path: st.path, sessions: read?.ok ? read.sessions.size : null });
    }
  }
}

/** A survey that found nothing: every list empty. */
export const emptySurvey = (): Survey => ({
  trees: [],
  configs: [],
  merges: [],
  imports: [],
  sqlite: [],
  conflicts: [],
  unreadable: [],
  keep: [],
  held: [],
  blocked: [],
  unreadableTrees: [],
  profiles: [],
});

/** Every shadow tree with something in it (linked-only and empty ones are already done). */
export function survey(target: Target, ownStaged: ReadonlySet<string> = new Set()): Survey {
  const config = readConfigFacts(target.configPath, target.home, target.stateDir);
  const agentDirs = new Map(config.agents.filter((a) => a.agentDir).map((a) => [a.id, a.agentDir!]));
  const out: Survey = {
    ...emptySurvey(),
    blocked: unreadableState(target.stateDir, config.agents, agentIdsOnDisk(target.stateDir)),
  };
  const configProblem = readProblem(target.configPath, 'config');
  if (configProblem && !isBelowUnreadable(target.configPath, out.blocked)) out.blocked.push(configProblem);
  const scans = discoverCodexHomes(target.stateDir, config.agents).map((h) =>
    scanCodexHome(h, target.stateDir, target.home),
  );
  out.blocked.push(
    ...scans
      .flatMap((sc) => sc.unseen)
      .map((u) => ({ path: u.path, what: `codex home of agent ${u.ownerAgent} (or its HOME)`, error: u.error })),
  );
  const shadows = scans.flatMap((sc) => sc.shadows);
  // A tree with nothing in it (or only links into its profile state) is no loss: the rest is said, never dropped.
  out.profiles = scans
    .flatMap((sc) => sc.profiles)
    .filter((p) => {
      const inv = inventoryShadow(p.path, p.canonicalStateDir);
      return inv.errors.length > 0 || !(isLinkedOnly(inv) || isEmptyShadow(inv));
    })
    // Absent only when lstat says so: a dir that cannot be looked at is not said to be missing.
    .map((p) => ({ ...p, canonicalExists: !isAbsent(lstatSeen(p.canonicalStateDir)) }));
  // Before planning anything: a tree some canonical path resolves into is the gateway's data, not a shadow to clear.
  const canon = scanState(
    target.stateDir,
    target.configPath,
    config.agents,
    shadows.map((r) => r.path),
  );
  // Trees are planned (and merged) in this order; each against the canonical store plus what earlier trees add.
  const planned: Planning = { merges: new Map(), imports: new Map(), ownStaged };
  for (const ref of shadows) {
    const linked = canon.linked.filter((l) => l.shadow === ref.path);
    if (linked.length) {
      out.held.push({ tree: ref.path, why: heldWhy(linked) });
      continue;
    }
    const inv = inventoryShadow(ref.path, target.stateDir);
    if (inv.errors.length) {
      out.unreadableTrees.push({ tree: ref.path, why: unreadableTreeWhy(inv.errors) });
      continue;
    }
    if (isLinkedOnly(inv) || isEmptyShadow(inv)) continue;
    surveyTree(target, agentDirs, ref, inv, out, planned, canon);
  }
  return out;
}

// Why repair keeps a shadow tree that canonical paths resolve into, or whose canonical store dangles (one sentence each).

/** The tree holds the gateway's data through these links: the manual step replaces each link with a real copy. */
function heldWhy(linked: LinkedIntoShadow[]): string {
  const links = [...new Map(linked.map((l) => [l.link, l])).values()];
  const what = links.map((l) => `${l.link} -> ${l.linkTarget}`).join(', ');
  const steps = links.map((l) => replaceLinkWithCopy(l.link, l.linkTarget, l.isDir)).join(' && ');
  return `canonical state resolves into this tree (${what}): it holds the gateway's data, so it is not backed up, merged from, removed or linked over; with the gateway stopped, replace each link with a real copy (${steps}), then re-run repair --apply`;
}

/** A shadow store whose canonical counterpart is a dangling symlink: nothing to merge into. */
function danglingWhy(store: string, d: DanglingCanonical): string {
  return `the canonical ${d.path} of ${store} is a dangling symlink (to ${d.target}, which does not exist), so nothing of it was merged; put the canonical data back (openclaw-shim doctor says how), then re-run repair --apply`;
}
