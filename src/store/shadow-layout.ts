// What a file inside a shadow state tree is, by its relative path alone (pure).
import { CONFIG_FILE_NAMES } from '../canonical/layout.ts';
import type { StoreKind } from './sessions.ts';
import { agentSqlitePath, defaultAgentDir, sessionsJsonPath } from '../releases/layout.ts';

export type FileKind = StoreKind | 'sqlite-aux' | 'transcript' | 'identity' | 'config' | 'other';

export interface Classified {
  kind: FileKind;
  agent?: string;
}

const RULES: Array<[RegExp, FileKind]> = [
  [/^agents\/([^/]+)\/sessions\/sessions\.json$/, 'sessions-json'],
  [/^agents\/([^/]+)\/sessions\//, 'transcript'],
  [/^agents\/([^/]+)\/agent\/openclaw-agent\.sqlite$/, 'agent-sqlite'],
  [/^agents\/([^/]+)\/agent\/openclaw-agent\.sqlite-(?:wal|shm|journal)$/, 'sqlite-aux'],
  [/^state\/openclaw\.sqlite$/, 'state-sqlite'],
  [/^state\/.*\.sqlite-(?:wal|shm|journal)$/, 'sqlite-aux'],
  [/^(?:identity|devices|credentials)\//, 'identity'],
];

/** `rel` uses `/` separators and is relative to the shadow `.openclaw` dir. */
export function classifyShadowFile(rel: string): Classified {
  for (const [re, kind] of RULES) {
    const m = re.exec(rel);
    if (m) return m[1] ? { kind, agent: m[1] } : { kind };
  }
  const base = rel.includes('/') ? '' : rel;
  if ((CONFIG_FILE_NAMES as readonly string[]).some((n) => base === n || base.startsWith(`${n}.`)))
    return { kind: 'config' };
  return { kind: 'other' };
}

/** Where the canonical counterpart of a shadow store lives in the state dir. */
export function canonicalStorePaths(
  stateDir: string,
  agent: string,
  agentDir?: string,
): { json: string; sqlite: string } {
  return {
    json: sessionsJsonPath(stateDir, agent),
    sqlite: agentSqlitePath(agentDir ?? defaultAgentDir(stateDir, agent)),
  };
}
