// What one OpenClaw release generation does on disk and on the command line: the shape every generation module fills.

/**
 * How a release applies `--profile` (`applyCliProfileEnv`): 'unset-only' fills OPENCLAW_STATE_DIR /
 * OPENCLAW_CONFIG_PATH only when unset, so an inherited OPENCLAW_STATE_DIR silently wins;
 * 'switch-inherited' switches when the inherited state dir is the inherited profile's own default dir
 * (`<home>/.openclaw` for no OPENCLAW_PROFILE) and keeps any other state dir.
 */
export type ProfileRule = 'unset-only' | 'switch-inherited';

/** Where the sessions of an agent live: `sessions.json`, or rows in `<agentDir>/openclaw-agent.sqlite`. */
export type SessionStoreKind = 'json' | 'sqlite';

/** Where a release records installed plugins (the Codex plugin's `installPath` among them). */
export type PluginRecords =
  /** `<state>/plugins/installs.json`: `{installRecords: {<id>: {installPath}}}`. */
  | { kind: 'json-file' }
  /** `<state>/state/openclaw.sqlite`, table `installed_plugin_index`, row `index_key`, JSON column of install records. */
  | {
      kind: 'sqlite-table';
      table: 'installed_plugin_index';
      key: 'installed-plugin-index';
      column: 'install_records_json';
    }
  /** `<state>/state/openclaw.sqlite`, table `config_machine_state`, row `plugins.installedIndex` (`value_json`). */
  | { kind: 'sqlite-kv'; table: 'config_machine_state'; key: 'plugins.installedIndex' };

export interface ReleaseGeneration {
  /** The module's name, e.g. `json-2026-5`. */
  id: string;
  /** The first release of the generation; it lasts until the next generation's `from`. */
  from: string;
  /** The releases checked against the real CLI (cached for the tests). */
  checked: readonly string[];
  sessionStore: SessionStoreKind;
  profileRule: ProfileRule;
  pluginRecords: PluginRecords;
  /** A legacy `sessions.json` left in the state stops the gateway ("Legacy session store requires migration"). */
  legacyJsonBlocksGateway: boolean;
}

/** A generation as it applies to one release: its rules plus what depends on the exact version. */
export interface ReleaseRules extends ReleaseGeneration {
  version: string;
  /** `openclaw plugins install @openclaw/codex` works (plugin API >= the plugin's floor). */
  codexPluginInstallable: boolean;
}
