// OpenClaw 2026.6.x–2026.7.x: still JSON session stores and the unset-only --profile rule; plugin records in SQLite.
import type { ReleaseGeneration } from './types.ts';

export const json2026_6: ReleaseGeneration = {
  id: 'json-2026-6',
  // 2026.5.12 has no such table, 2026.6.35 has: the change lies in between (the first 2026.6 releases unchecked).
  from: '2026.6.0',
  checked: ['2026.6.35', '2026.7.35'],
  // `sessions.json` as before. `<agentDir>/openclaw-agent.sqlite` exists from here on, but holds only
  // auth profiles and the memory index (2026.7.35 dist/openclaw-agent-db-*.js: no `session_nodes`).
  sessionStore: 'json',
  // 2026.7.35 dist/startup-trace-*.js `applyCliProfileEnv`: the same unset-only code as 2026.5.12.
  profileRule: 'unset-only',
  // 2026.6.35 and 2026.7.35 dist/installed-plugin-index-*.js `readPersistedInstalledPluginIndex…` (installs.json is
  // only read as LEGACY_INSTALLED_PLUGIN_INDEX_STORE_PATH, to migrate):
  // `SELECT … install_records_json … FROM installed_plugin_index WHERE index_key = 'installed-plugin-index'`.
  pluginRecords: {
    kind: 'sqlite-table',
    table: 'installed_plugin_index',
    key: 'installed-plugin-index',
    column: 'install_records_json',
  },
  legacyJsonBlocksGateway: false,
};
