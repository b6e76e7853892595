// OpenClaw 2026.5.x: JSON session stores, --profile only fills unset variables, plugins in installs.json.
import type { ReleaseGeneration } from './types.ts';

export const json2026_5: ReleaseGeneration = {
  id: 'json-2026-5',
  from: '2026.5.0',
  checked: ['2026.5.12'],
  // `src/config/sessions/store.ts` (dist `store-*.js`): `agents/<id>/sessions/sessions.json`, atomic rename.
  sessionStore: 'json',
  // 2026.5.12 dist/profile-BTKSg8nb.js `applyCliProfileEnv`: `if (!existingStateDir) env.OPENCLAW_STATE_DIR = …`.
  profileRule: 'unset-only',
  // 2026.5.12 `plugins/installs.json` (dist install-records and scripts/postinstall-bundled-plugins.mjs).
  pluginRecords: { kind: 'json-file' },
  legacyJsonBlocksGateway: false,
};
