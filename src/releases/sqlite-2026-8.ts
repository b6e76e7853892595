// OpenClaw 2026.8.1 on: sessions in the per-agent SQLite, --profile wins over an inherited default state dir.
import type { ReleaseGeneration } from './types.ts';

export const sqlite2026_8: ReleaseGeneration = {
  id: 'sqlite-2026-8',
  from: '2026.8.1',
  checked: ['2026.8.2', '2026.9.6'],
  // `<agentDir>/openclaw-agent.sqlite`: a session is a `session_nodes` row paired with a `session_windows`
  // row (2026.8.2 / 2026.9.6 dist/openclaw-agent-db-*.js); `sessions.json` is legacy, imported by
  // `openclaw doctor --session-sqlite import --session-sqlite-agent <id>`.
  sessionStore: 'sqlite',
  // 2026.8.2 dist/startup-trace-*.js and 2026.9.6 dist/profile-*.mjs `applyCliProfileEnv`:
  // `switchesInheritedProfileState` replaces an inherited state dir that is the inherited profile's own.
  profileRule: 'switch-inherited',
  // 2026.8.2 dist/installed-plugin-index-store-*.js: `config_machine_state`, key `plugins.installedIndex`;
  // dist/openclaw-state-db-*.js migrates a 2026.7 `installed_plugin_index` table into it and drops the table.
  pluginRecords: { kind: 'sqlite-kv', table: 'config_machine_state', key: 'plugins.installedIndex' },
  // 2026.8.2 and 2026.9.6 dist: "Legacy session store requires migration"; a gateway that has run refuses to start while `sessions.json` is there.
  legacyJsonBlocksGateway: true,
};
