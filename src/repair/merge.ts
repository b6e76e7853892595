// Pure merge planning: which shadow-only sessions (and transcripts) go into the canonical store, and conflicts.
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { sameSession } from '../store/diff.ts';
import { summarize } from '../store/sessions.ts';
import { outsideReason, sessionFileOutside } from '../store/session-file.ts';

export type Store = Record<string, unknown>;

export interface Conflict {
  agent: string;
  key?: string;
  path: string;
  reason: string;
}

export interface EntryToAdd {
  key: string;
  /** The shadow entry, with a `sessionFile` inside the shadow re-pointed at the canonical sessions dir. */
  entry: unknown;
  /** File names in the shadow sessions dir that belong to this session. */
  transcripts: string[];
}

export interface MergePlan {
  agent: string;
  shadowStorePath: string;
  canonicalStorePath: string;
  shadowSessionsDir: string;
  canonicalSessionsDir: string;
  add: EntryToAdd[];
  conflicts: Conflict[];
}

export interface MergeInput {
  agent: string;
  shadowStorePath: string;
  canonicalStorePath: string;
  shadowStore: Store;
  canonicalStore: Store;
  /** Names of the files in the shadow sessions dir. */
  shadowFiles: string[];
  /** Entries that shadow trees planned before this one will add to the same canonical store. */
  planned?: Store;
  /** How a shadow file compares with the canonical file of the same name (or the one an earlier tree will copy there). */
  compare: (name: string) => 'missing' | 'same' | 'different';
}

/** Deep equality of JSON values, key order ignored (pure). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Store)[k], (b as Store)[k]));
}

/** A key another entry already holds: identical (after re-pointing) means nothing to do, else a conflict (pure). */
export function clashWithTaken(
  agent: string,
  storePath: string,
  key: string,
  entry: unknown,
  taken: unknown,
  by: string,
): Conflict | 'same' {
  if (sameJson(entry, taken)) return 'same';
  return {
    agent,
    key,
    path: storePath,
    reason: `differs from the entry ${by} under the same key; not merged, and its transcripts not copied (it is in the backup)`,
  };
}

const sessionIdOf = (entry: unknown): string | undefined => summarize(entry).sessionId;

/** Transcripts and their siblings (`<id>.jsonl`, `.reset.<ts>`, `.deleted.<ts>`, `<id>-topic…`), never lock files. */
export function relatedFiles(entry: unknown, files: string[]): string[] {
  const id = sessionIdOf(entry);
  const sessionFile = (entry as { sessionFile?: unknown } | null)?.sessionFile;
  const named = typeof sessionFile === 'string' && sessionFile.trim() ? path.basename(sessionFile.trim()) : undefined;
  return files.filter((f) => {
    if (f.endsWith('.lock') || f.startsWith('sessions.json')) return false;
    if (named && f === named) return true;
    return !!id && (f.startsWith(`${id}.`) || f.startsWith(`${id}-`));
  });
}

/** A `sessionFile` that points into the shadow sessions dir is re-pointed at the canonical one. */
export function repointEntry(entry: unknown, shadowSessionsDir: string, canonicalSessionsDir: string): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const sf = (entry as { sessionFile?: unknown }).sessionFile;
  if (typeof sf !== 'string' || !path.isAbsolute(sf) || !isWithin(sf, shadowSessionsDir)) return entry;
  return { ...entry, sessionFile: path.join(canonicalSessionsDir, path.relative(shadowSessionsDir, sf)) };
}

export function planMerge(input: MergeInput): MergePlan {
  const shadowSessionsDir = path.dirname(input.shadowStorePath);
  const canonicalSessionsDir = path.dirname(input.canonicalStorePath);
  const plan: MergePlan = {
    agent: input.agent,
    shadowStorePath: input.shadowStorePath,
    canonicalStorePath: input.canonicalStorePath,
    shadowSessionsDir,
    canonicalSessionsDir,
    add: [],
    conflicts: [],
  };
  for (const [key, entry] of Object.entries(input.shadowStore)) {
    if (input.planned && Object.hasOwn(input.planned, key)) {
      const clash = clashWithTaken(
        input.agent,
        input.canonicalStorePath,
        key,
        repointEntry(entry, shadowSessionsDir, canonicalSessionsDir),
        input.planned[key],
        'another shadow tree merges',
      );
      if (clash !== 'same') plan.conflicts.push(clash);
      continue;
    }
    const existing = input.canonicalStore[key];
    if (existing !== undefined) {
      if (!sameSession(summarize(entry), summarize(existing)))
        plan.conflicts.push({
          agent: input.agent,
          key,
          path: input.canonicalStorePath,
          reason: 'differs from the canonical entry; the canonical one is kept (the shadow one is in the backup)',
        });
      continue;
    }
    const entryThere = repointEntry(entry, shadowSessionsDir, canonicalSessionsDir);
    // A recorded path out of the sessions dir it would land in is never carried (nor anything copied by its name).
    const outside = sessionFileOutside(entryThere, canonicalSessionsDir);
    if (outside !== undefined) {
      plan.conflicts.push({
        agent: input.agent,
        key,
        path: input.shadowStorePath,
        reason: outsideReason(outside, canonicalSessionsDir),
      });
      continue;
    }
    const transcripts = relatedFiles(entry, input.shadowFiles);
    const clash = transcripts.filter((f) => input.compare(f) === 'different');
    if (clash.length > 0) {
      plan.conflicts.push({
        agent: input.agent,
        key,
        path: path.join(canonicalSessionsDir, clash[0]!),
        reason: `a different ${clash.join(', ')} already exists in the canonical sessions dir; entry not merged (it is in the backup)`,
      });
      continue;
    }
    plan.add.push({
      key,
      entry: entryThere,
      transcripts: transcripts.filter((f) => input.compare(f) === 'missing'),
    });
  }
  return plan;
}

/** The canonical store with the new entries appended; existing entries untouched (pure). */
export function applyMerge(canonical: Store, add: EntryToAdd[]): { store: Store; added: EntryToAdd[] } {
  const store: Store = { ...canonical };
  const added: EntryToAdd[] = [];
  for (const a of add) {
    if (a.key in store) continue;
    store[a.key] = a.entry;
    added.push(a);
  }
  return { store, added };
}
