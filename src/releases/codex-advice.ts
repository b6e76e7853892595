// How to get the Codex the gateway runs, in words that fit the installed release's plugin API (pure).
import { CODEX_PLUGIN_API_FLOOR, releaseRules } from './releases.ts';

const PLUGIN = 'install the Codex plugin (openclaw plugins install @openclaw/codex)';
const CLI =
  'install the Codex CLI (npm install -g @openai/codex) and put codex on PATH or name it with OPENCLAW_SHIM_CODEX_BIN';

/**
 * The install advice for a release: the plugin where its plugin API takes it (>= 2026.9.5), the Codex
 * CLI where it refuses it ("requires plugin API >=2026.9.5"), and both, said so, when the version is unknown.
 */
export function codexInstallAdvice(version: string | undefined): string {
  const rules = releaseRules(version);
  if (rules?.codexPluginInstallable) return PLUGIN;
  if (rules)
    return `${CLI} (OpenClaw ${rules.version} refuses @openclaw/codex, which needs plugin API >=${CODEX_PLUGIN_API_FLOOR})`;
  return `${PLUGIN} on OpenClaw ${CODEX_PLUGIN_API_FLOOR} or later, else ${CLI}`;
}
