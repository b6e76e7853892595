// Which of an agent's canonical session stores is the live one (SQLite on 2026.8+, else sessions.json).
import fs from 'node:fs';
import { canonicalStorePaths } from './shadow-layout.ts';
import { hasTable } from './sqlite.ts';

export interface CanonicalStore {
  path: string;
  kind: 'sessions-json' | 'agent-sqlite';
}

/**
 * The agent's canonical store: the SQLite one when it holds sessions (2026.8.1 on), else sessions.json.
 * A 2026.7.x agent database (auth profiles only, no `session_nodes`) is not a session store.
 */
export function canonicalStoreOf(stateDir: string, agent: string, agentDir?: string): CanonicalStore | undefined {
  const p = canonicalStorePaths(stateDir, agent, agentDir);
  if (fs.existsSync(p.sqlite) && hasTable(p.sqlite, 'session_nodes') !== false)
    return { path: p.sqlite, kind: 'agent-sqlite' };
  if (fs.existsSync(p.json)) return { path: p.json, kind: 'sessions-json' };
  return undefined;
}
