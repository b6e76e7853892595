// How setup points the gateway at the launcher, chosen by what the installed OpenClaw accepts (pure).
import { cmd } from '../lib/shell-words.ts';
import { CODEX_COMMAND_KEY } from './config-key.ts';
import { CODEX_BIN_VAR } from './env-file.ts';

/** A config that OpenClaw itself treats as immutable: `config set` is refused there, so setup prints instead. */
export type ManagedConfig = 'OPENCLAW_NIX_MODE' | 'OPENCLAW_CONFIG_READONLY';

/**
 * - `config`: `plugins.entries.codex.config.appServer.command` (OpenClaw takes it first);
 * - `env-file`: `OPENCLAW_CODEX_APP_SERVER_BIN` in `<state>/.env`, which OpenClaw reads at every start
 *   however the gateway is started (never over a value the gateway's own environment has);
 * - `declarative`: nothing edited; the operator puts the printed snippet where the config is managed.
 */
export type Wiring =
  | { route: 'config'; key: string; why: string }
  | { route: 'env-file'; file: string; name: string; value: string; createdFile: boolean; why: string }
  | { route: 'declarative'; why: string };

export interface WiringFacts {
  launcherBin: string;
  managed?: ManagedConfig;
  /** What `openclaw config set <key> <launcher> --dry-run` said; `already` when the key names the launcher. */
  configEdit: { accepted: true } | { accepted: false; why: string } | { already: true };
  envFile: { path: string; exists: boolean; value?: string };
  /** A wiring already recorded by an earlier setup: kept while it still holds. */
  recorded?: Wiring;
  /** The config key's current value when it names some other Codex: OpenClaw takes it over the variable. */
  configCommand?: string;
}

/** `OPENCLAW_NIX_MODE=1` or a set `OPENCLAW_CONFIG_READONLY` (OpenClaw's own tests: `=== "1"` and any value). */
export function managedConfig(env: Record<string, string | undefined>): ManagedConfig | undefined {
  if (env.OPENCLAW_NIX_MODE === '1') return 'OPENCLAW_NIX_MODE';
  const ro = env.OPENCLAW_CONFIG_READONLY?.trim();
  return ro && ro !== '0' && ro.toLowerCase() !== 'false' ? 'OPENCLAW_CONFIG_READONLY' : undefined;
}

export function chooseWiring(f: WiringFacts): Wiring {
  if (f.managed) {
    return {
      route: 'declarative',
      why: `${f.managed} is set: OpenClaw refuses config edits, so setup edits nothing and prints what to declare`,
    };
  }
  const envRoute = (why: string): Wiring => ({
    route: 'env-file',
    file: f.envFile.path,
    name: CODEX_BIN_VAR,
    value: f.launcherBin,
    createdFile: !f.envFile.exists,
    why,
  });
  if (f.recorded?.route === 'env-file' && f.envFile.value === f.launcherBin)
    return { ...f.recorded, why: 'already wired through .env by an earlier setup' };
  if ('already' in f.configEdit)
    return { route: 'config', key: CODEX_COMMAND_KEY, why: `${CODEX_COMMAND_KEY} already names the launcher` };
  if (f.configEdit.accepted)
    return {
      route: 'config',
      key: CODEX_COMMAND_KEY,
      why: `OpenClaw accepts ${CODEX_COMMAND_KEY} (checked with config set --dry-run), and it takes precedence over every other source`,
    };
  const shadowed = f.configCommand
    ? `. Note: ${CODEX_COMMAND_KEY} is ${f.configCommand}, which OpenClaw takes over ${CODEX_BIN_VAR}: the line has no effect until that key is removed`
    : '';
  return envRoute(
    `OpenClaw refused ${CODEX_COMMAND_KEY} (${f.configEdit.why}); ${f.envFile.path} is OpenClaw's own env fallback, read at every gateway start${shadowed}`,
  );
}

/** What the operator must do for the wiring to take effect, and how it is undone (pure). */
export function wiringAdvice(w: Wiring, launcherBin: string): { restart: string; undo: string; snippet?: string[] } {
  if (w.route === 'config') {
    return {
      restart:
        'OpenClaw reads the Codex command when the gateway starts Codex: restart the gateway so every agent runs through the launcher',
      undo: 'openclaw-shim uninstall --apply restores the previous value of the key',
    };
  }
  if (w.route === 'env-file') {
    return {
      restart: `the gateway reads ${w.file} when it starts: restart it. A ${CODEX_BIN_VAR} already in the gateway's own environment (a systemd Environment=) wins over the file`,
      undo: `openclaw-shim uninstall --apply takes setup's line out of ${w.file} (the file's other lines and mode stay); then restart the gateway`,
    };
  }
  return {
    restart: 'after your config manager applies the snippet, restart the gateway',
    undo: 'remove the snippet and restart the gateway; openclaw-shim uninstall --apply removes the files setup wrote',
    snippet: [
      '# in openclaw.json (nix-openclaw: the module option that renders it):',
      `plugins.entries.codex.config.appServer.command = "${launcherBin}"`,
      "# or in the gateway's environment (a systemd unit, the nix service's environment):",
      `${CODEX_BIN_VAR}=${launcherBin}`,
      `# by hand, where the config is not managed: ${cmd('openclaw', 'config', 'set', CODEX_COMMAND_KEY, JSON.stringify(launcherBin), '--strict-json')}`,
    ],
  };
}
