// Where OpenClaw keeps sessions and plugin records in a state dir, for every release (pure path work).
import path from 'node:path';

/** `agents/<id>/sessions/sessions.json`: the JSON session store (2026.5.x–2026.7.x; legacy from 2026.8.1). */
export const sessionsJsonPath = (stateDir: string, agent: string): string =>
  path.join(stateDir, 'agents', agent, 'sessions', 'sessions.json');

/** `agents/<id>/sessions`: transcripts on every release. */
export const sessionsDirPath = (stateDir: string, agent: string): string =>
  path.join(stateDir, 'agents', agent, 'sessions');

/** The default agentDir (`resolveDefaultAgentDir`): `agents/<id>/agent`; `agents.list[].agentDir` may move it. */
export const defaultAgentDir = (stateDir: string, agent: string): string =>
  path.join(stateDir, 'agents', agent, 'agent');

/**
 * `<agentDir>/openclaw-agent.sqlite`: the per-agent database. 2026.7.x keeps auth profiles and the
 * memory index there (`openclaw-agent-db-*.js`, no `session_nodes`); from 2026.8.1 also the sessions.
 */
export const agentSqlitePath = (agentDir: string): string => path.join(agentDir, 'openclaw-agent.sqlite');

/** `state/openclaw.sqlite`: the shared state database (2026.6.x on). */
export const stateSqlitePath = (stateDir: string): string => path.join(stateDir, 'state', 'openclaw.sqlite');

/** `plugins/installs.json`: the plugin install index of 2026.5.x (later: legacy, migrated into SQLite). */
export const pluginInstallsJsonPath = (stateDir: string): string => path.join(stateDir, 'plugins', 'installs.json');
