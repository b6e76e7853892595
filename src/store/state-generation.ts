// Whether a state dir is run by a release that reads sessions from SQLite (2026.8.1 on), from its own files.
import fs from 'node:fs';
import { stateSqlitePath } from '../releases/layout.ts';
import { sqlite2026_8 } from '../releases/sqlite-2026-8.ts';
import { hasTable } from './sqlite.ts';

/**
 * True when `state/openclaw.sqlite` holds the plugin records table that only the SQLite generation creates
 * (`config_machine_state`: 2026.8.2 / 2026.9.6 dist/openclaw-state-db-*.js; 2026.6.35 and 2026.7.35 have none).
 * Such a release never reads `sessions.json` again, and 2026.8.2+ refuses to start while one is there.
 */
export function stateReadsSqliteSessions(stateDir: string): boolean {
  const file = stateSqlitePath(stateDir);
  const records = sqlite2026_8.pluginRecords;
  return fs.existsSync(file) && records.kind === 'sqlite-kv' && hasTable(file, records.table) === true;
}
