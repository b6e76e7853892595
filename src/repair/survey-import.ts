// Reads (never writes) what an import into a 2026.8+ agent database needs: the shadow's sessions, the canonical rows.
import fs from 'node:fs';
import path from 'node:path';
import { readAgentRows, countTranscriptEvents, readTranscriptJsonl } from '../store/agent-sqlite-rows.ts';
import { canonicalStoreOf } from '../store/canonical-store.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import { sessionsDirPath } from '../releases/layout.ts';
import { stateReadsSqliteSessions } from '../store/state-generation.ts';
import { isWithin } from '../canonical/layout.ts';
import { sha256File } from './hash.ts';
import { planImport, stagedEntry, type ImportPlan, type TranscriptSource } from './import-plan.ts';
import { repointEntry, type Store } from './merge.ts';
import { sessionFileOutside } from '../store/session-file.ts';
import type { UnreadableStore } from './survey.ts';

/** Key → entry each earlier tree plans to import, per agent. */
export type PlannedImports = Map<string, Store>;

/** Whether an agent's sessions live in SQLite on this state: its database holds sessions, or the state is run by 2026.8.1+. */
export const importsIntoSqlite = (stateDir: string, agent: string, agentDir?: string): boolean =>
  canonicalStoreOf(stateDir, agent, agentDir)?.kind === 'agent-sqlite' || stateReadsSqliteSessions(stateDir);

/** `sessions.json` in the dir OpenClaw's importer reads: the staged legacy store. */
export const stagedStorePath = (stageDir: string): string => path.join(stageDir, 'sessions.json');

/** The bytes of a staged transcript, from its source (a file, or a shadow database's events). */
export function transcriptBytes(t: TranscriptSource): Buffer {
  return 'file' in t ? fs.readFileSync(t.file) : Buffer.from(readTranscriptJsonl(t.sqlite, t.sessionId));
}

function compareStaged(stageDir: string, t: TranscriptSource): 'missing' | 'same' | 'different' {
  const there = path.join(stageDir, t.name);
  if (!fs.existsSync(there)) return 'missing';
  if ('file' in t) return sha256File(there) === sha256File(t.file) ? 'same' : 'different';
  return fs.readFileSync(there).equals(transcriptBytes(t)) ? 'same' : 'different';
}

/** A JSON shadow's primary transcript: its `sessionFile` inside the shadow sessions dir, else `<sessionId>.jsonl`. */
function jsonTranscript(shadowDir: string, entry: unknown, sessionId: string): TranscriptSource | undefined {
  const sf = (entry as { sessionFile?: unknown } | null)?.sessionFile;
  const named =
    typeof sf === 'string' && path.isAbsolute(sf) && isWithin(sf, shadowDir) ? path.relative(shadowDir, sf) : undefined;
  for (const name of [named, `${sessionId}.jsonl`]) {
    if (!name || name.includes(path.sep)) continue;
    const file = path.join(shadowDir, name);
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return { name, file };
  }
  return undefined;
}

/** The JSONL files in a dir (OpenClaw's importer archives every one no imported entry references). */
function jsonlIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.jsonl'))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

const unreadable = (
  agent: string,
  source: string,
  storePath: string,
  tree: string,
  reason: string,
): UnreadableStore => ({
  agent,
  path: source,
  storePath,
  tree,
  reason,
});

/**
 * Plans the import of one shadow store (JSON or SQLite) of `agent` into the canonical agent database. A
 * legacy `sessions.json` already in the staging dir (not imported by OpenClaw yet) or an unreadable
 * database plans nothing: the tree is kept.
 */
export function surveyImport(
  stateDir: string,
  agent: string,
  agentDir: string | undefined,
  source: { kind: ImportPlan['sourceKind']; path: string },
  readJson: (file: string) => Store,
  planning: { imports: PlannedImports; ownStaged: ReadonlySet<string> },
  tree: string,
): ImportPlan | UnreadableStore {
  const planned = planning.imports;
  const sqlitePath = canonicalStorePaths(stateDir, agent, agentDir).sqlite;
  const stageDir = sessionsDirPath(stateDir, agent);
  const legacy = stagedStorePath(stageDir);
  if (!planning.ownStaged.has(legacy) && fs.lstatSync(legacy, { throwIfNoEntry: false }))
    return unreadable(
      agent,
      source.path,
      legacy,
      tree,
      `a legacy store is there that OpenClaw has not imported yet; with the gateway stopped run openclaw doctor --fix (OpenClaw's own import of it), then re-run repair --apply`,
    );
  const canonical = fs.existsSync(sqlitePath) ? readAgentRows(sqlitePath) : { ok: true as const, rows: new Map() };
  if (!canonical.ok) return unreadable(agent, source.path, sqlitePath, tree, canonical.error);
  let shadow: Store;
  let raw: Store = {};
  const shadowDir = path.dirname(source.path);
  if (source.kind === 'sessions-json') {
    raw = readJson(source.path);
    shadow = Object.fromEntries(Object.entries(raw).map(([k, e]) => [k, stagedEntry(e, stageDir, shadowDir)]));
  } else {
    const rows = readAgentRows(source.path);
    if (!rows.ok) return unreadable(agent, source.path, source.path, tree, rows.error);
    shadow = Object.fromEntries([...rows.rows].map(([k, r]) => [k, stagedEntry(r.entry, stageDir)]));
  }
  const earlier = planned.get(agent) ?? {};
  const plan = planImport({
    agent,
    source: source.path,
    sourceKind: source.kind,
    sqlitePath,
    stageDir,
    shadow,
    canonical,
    planned: earlier,
    ...(source.kind === 'sessions-json'
      ? { outsidePath: (key: string) => sessionFileOutside(repointEntry(raw[key], shadowDir, stageDir), stageDir) }
      : {}),
    transcriptOf: (key, _entry, sessionId) => {
      if (source.kind === 'sessions-json') return jsonTranscript(shadowDir, raw[key], sessionId);
      return (countTranscriptEvents(source.path, sessionId) ?? 0) > 0
        ? { name: `${sessionId}.jsonl`, sqlite: source.path, sessionId }
        : undefined;
    },
    compare: (t) => compareStaged(stageDir, t),
  });
  const staged = new Set(plan.add.flatMap((a) => (a.transcript ? [a.transcript.name] : [])));
  plan.otherJsonl = jsonlIn(stageDir).filter((n) => !staged.has(n));
  for (const a of plan.add) earlier[a.key] = a.entry;
  planned.set(agent, earlier);
  return plan;
}
