// The exact `openclaw config set` that puts acpx's Codex ACP adapter behind `openclaw-shim launch` (setup prints it, never runs it).
import path from 'node:path';
import type { Output } from '../lib/output.ts';
import { shq } from '../lib/shell-words.ts';

/** acpx's agents table (2026.5.x bundles acpx; its schema: `agents.<id> = { command, args? }`). */
export const ACPX_CODEX_KEY = 'plugins.entries.acpx.config.agents.codex';
/** The adapter command acpx runs by default for Codex. */
export const DEFAULT_ACP_ADAPTER = ['npx', '@zed-industries/codex-acp'];

export interface AcpxHint {
  key: string;
  value: { command: string; args: string[] };
  /** One line to paste into the gateway user's shell. */
  command: string;
  codexHome: string;
}

/**
 * Pure: acpx's Codex home is `<state>/acpx/codex-home`. The command is setup's launcher copy in the
 * state dir (absolute: the gateway's PATH may lack both Node and openclaw-shim), which starts on the
 * Node setup recorded, so it outlives the checkout or npm prefix setup ran from.
 */
export function acpxHint(input: { stateDir: string; launcherBin: string; adapter?: string[] }): AcpxHint {
  const codexHome = path.join(input.stateDir, 'acpx', 'codex-home');
  const value = {
    command: input.launcherBin,
    args: ['launch', '--codex-home', codexHome, '--', ...(input.adapter ?? DEFAULT_ACP_ADAPTER)],
  };
  return {
    key: ACPX_CODEX_KEY,
    value,
    codexHome,
    command: `openclaw config set ${ACPX_CODEX_KEY} ${shq(JSON.stringify(value))} --strict-json`,
  };
}

export function renderAcpxHint(out: Output, hint: AcpxHint): void {
  out.line(
    out.style.bold('ACP (acpx) Codex, optional, not changed by setup; paste after setup --apply (docs/acpx.md):'),
  );
  out.line(`  ${hint.command}`);
  out.line(
    out.style.dim(
      '  replace "npx @zed-industries/codex-acp" with the adapter command your install runs (/acp doctor shows it)',
    ),
  );
}
