// Pure planning of an import into a 2026.8+ agent database: which shadow-only sessions OpenClaw's importer gets, and conflicts.
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { sameSession } from '../store/diff.ts';
import { summarize } from '../store/sessions.ts';
import type { Conflict, Store } from './merge.ts';
import { outsideReason } from '../store/session-file.ts';

/** Where a staged transcript's bytes come from: a shadow JSONL file, or a shadow database's events. */
export type TranscriptSource = { name: string; file: string } | { name: string; sqlite: string; sessionId: string };

export interface EntryToImport {
  key: string;
  sessionId: string;
  updatedAt?: number;
  /** The entry as staged in the legacy store (a shadow `sessionFile` re-pointed at the staging dir, or dropped). */
  entry: unknown;
  transcript?: TranscriptSource;
}

export interface ImportPlan {
  agent: string;
  /** The shadow store: a `sessions.json`, or an `openclaw-agent.sqlite`. */
  source: string;
  sourceKind: 'sessions-json' | 'agent-sqlite';
  /** The canonical agent database the importer writes. */
  sqlitePath: string;
  /** `<state>/agents/<id>/sessions`: where OpenClaw's importer reads a legacy `sessions.json` and transcripts. */
  stageDir: string;
  add: EntryToImport[];
  conflicts: Conflict[];
  /** JSONL files already in the staging dir that the importer archives too (it moves every unreferenced one). */
  otherJsonl: string[];
}

/** What the canonical database holds, reduced to what planning needs. */
export interface CanonicalSessions {
  /** key → summary. */
  rows: Map<string, { sessionId: string; updatedAt?: number; status?: string }>;
}

export interface ImportInput {
  agent: string;
  source: string;
  sourceKind: ImportPlan['sourceKind'];
  sqlitePath: string;
  stageDir: string;
  shadow: Store;
  canonical: CanonicalSessions;
  /** What earlier trees plan to import for this agent (key → entry). */
  planned: Store;
  /** A JSON shadow entry's `sessionFile` that lies outside the staging dir once re-pointed (never imported). */
  outsidePath?: (key: string) => string | undefined;
  /** The primary transcript of a shadow entry, if the shadow has one (found by the caller). */
  transcriptOf: (key: string, entry: unknown, sessionId: string) => TranscriptSource | undefined;
  /** A file of this name in the staging dir: absent, or the same / different bytes than the transcript's. */
  compare: (t: TranscriptSource) => 'missing' | 'same' | 'different';
}

const fold = (key: string): string => key.trim().toLowerCase();

/**
 * A key OpenClaw's importer keeps as it is: `agent:<this agent>:…`, trimmed and lower-case. Others (`main`,
 * `global`, another agent's) it rewrites or aliases onto a canonical key, which the import would then
 * overwrite; a mixed-case key it stores as given, and 2026.9.6's `sessions` then refuses the whole agent
 * ("non-canonical persisted row resolves to session key …") (pure).
 */
export const importableKey = (key: string, agent: string): boolean =>
  key === fold(key) && key.startsWith(`agent:${agent.toLowerCase()}:`);

/**
 * The entry as staged: a `sessionFile` inside the shadow sessions dir points at the staging dir instead;
 * any other `sessionFile` (a database reference of a SQLite shadow, a path elsewhere) is dropped (pure).
 */
export function stagedEntry(entry: unknown, stageDir: string, shadowSessionsDir?: string): unknown {
  if (typeof entry !== 'object' || entry === null) return entry;
  const { sessionFile, ...rest } = entry as { sessionFile?: unknown };
  if (sessionFile === undefined) return entry;
  if (shadowSessionsDir && typeof sessionFile === 'string' && path.isAbsolute(sessionFile))
    if (isWithin(sessionFile, shadowSessionsDir))
      return { ...rest, sessionFile: path.join(stageDir, path.relative(shadowSessionsDir, sessionFile)) };
  return rest;
}

function conflict(input: ImportInput, key: string, reason: string): Conflict {
  return { agent: input.agent, key, path: input.sqlitePath, reason };
}

/** One shadow entry: a conflict, nothing to do (the same session is there already), or an entry to import. */
function decide(input: ImportInput, key: string, entry: unknown): Conflict | 'same' | EntryToImport {
  const s = summarize(entry);
  if (!s.sessionId) return conflict(input, key, 'has no sessionId; not imported (it is in the backup)');
  if (!importableKey(key, input.agent))
    return conflict(
      input,
      key,
      key === fold(key)
        ? `is not an agent:${input.agent}:… key, which OpenClaw's importer would rewrite onto another key (and overwrite it); not imported (it is in the backup)`
        : `is not lower-case: imported as it is, it would make OpenClaw 2026.8+ refuse to list this agent's sessions ("non-canonical persisted row"); not imported (it is in the backup)`,
    );
  const folded = fold(key);
  const earlier = Object.keys(input.planned).find((k) => fold(k) === folded);
  if (earlier !== undefined)
    return sameSession(s, summarize(input.planned[earlier]))
      ? 'same'
      : conflict(input, key, 'differs from the entry another shadow tree imports under the same key; not imported');
  const taken = [...input.canonical.rows].find(([k]) => fold(k) === folded);
  if (taken)
    return taken[0] === key && sameSession(s, taken[1])
      ? 'same'
      : conflict(
          input,
          key,
          'differs from the canonical row; the canonical one is kept (the shadow one is in the backup)',
        );
  const owner = [...input.canonical.rows].find(([, r]) => r.sessionId === s.sessionId);
  if (owner)
    return conflict(input, key, `its session ${s.sessionId} is already the canonical ${owner[0]}; not imported`);
  const outside = input.outsidePath?.(key);
  if (outside !== undefined) return conflict(input, key, outsideReason(outside, input.stageDir));
  const transcript = input.transcriptOf(key, entry, s.sessionId);
  if (transcript && input.compare(transcript) === 'different')
    return conflict(
      input,
      key,
      `a different ${transcript.name} is already in ${input.stageDir}; not imported (it is in the backup)`,
    );
  return {
    key,
    sessionId: s.sessionId,
    ...(s.updatedAt !== undefined ? { updatedAt: s.updatedAt } : {}),
    entry,
    ...(transcript ? { transcript } : {}),
  };
}

/** Never plans a key the canonical database holds: OpenClaw's import overwrites such keys. */
export function planImport(input: ImportInput): ImportPlan {
  const plan: ImportPlan = {
    agent: input.agent,
    source: input.source,
    sourceKind: input.sourceKind,
    sqlitePath: input.sqlitePath,
    stageDir: input.stageDir,
    add: [],
    conflicts: [],
    otherJsonl: [],
  };
  for (const [key, entry] of Object.entries(input.shadow)) {
    const d = decide(input, key, entry);
    if (d === 'same') continue;
    if ('reason' in d) plan.conflicts.push(d);
    else plan.add.push(d);
  }
  return plan;
}
