// Which of an agent's canonical session stores is the live one (SQLite on 2026.8+, else sessions.json).
import fs from 'node:fs';
import { canonicalStorePaths } from './shadow-layout.ts';

export interface CanonicalStore {
  path: string;
  kind: 'sessions-json' | 'agent-sqlite';
}

/** The agent's canonical store: the SQLite one (2026.8+) when present, else sessions.json. */
export function canonicalStoreOf(stateDir: string, agent: string, agentDir?: string): CanonicalStore | undefined {
  const p = canonicalStorePaths(stateDir, agent, agentDir);
  if (fs.existsSync(p.sqlite)) return { path: p.sqlite, kind: 'agent-sqlite' };
  if (fs.existsSync(p.json)) return { path: p.json, kind: 'sessions-json' };
  return undefined;
}
