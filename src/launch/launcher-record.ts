// launcher.json: what setup recorded next to its copy of the launcher (the real Codex, the real openclaw).
import path from 'node:path';
import { readRegularFile } from '../lib/read-regular.ts';

export const LAUNCHER_NAME = 'openclaw-codex-launch';

/** Any launcher path by its name (a setup-made copy, the package's bin): never a real Codex. */
export const looksLikeLauncher = (value: unknown): boolean =>
  typeof value === 'string' && /(^|\/)openclaw-codex-launch(\.mjs)?$/.test(value);

export const LAUNCHER_RECORD_SCHEMA = 'openclaw-shim/launcher';
export const LAUNCHER_RECORD_NAME = 'launcher.json';

export type CodexCommandOrigin = 'config' | 'OPENCLAW_SHIM_CODEX_BIN';

export interface LauncherRecord {
  schema: typeof LAUNCHER_RECORD_SCHEMA;
  version: 1;
  /** The Codex command the launcher runs instead of the managed one. */
  codexCommand?: string;
  /**
   * Where codexCommand came from: the config value setup replaced (the operator's, which uninstall may
   * restore), or a Codex named for setup in OPENCLAW_SHIM_CODEX_BIN (never restored into the config).
   */
  codexCommandFrom?: CodexCommandOrigin;
  /** The real `openclaw` whose install ships the managed Codex. */
  realOpenclaw?: string;
  stateDir?: string;
}

export function launcherRecordText(record: Omit<LauncherRecord, 'schema' | 'version'>): string {
  return `${JSON.stringify({ schema: LAUNCHER_RECORD_SCHEMA, version: 1, ...record }, null, 2)}\n`;
}

/** Reads `<root>/launcher.json`; absent or malformed reads as undefined (the launcher must still start). */
export function readLauncherRecord(root: string): LauncherRecord | undefined {
  try {
    const data = JSON.parse(readRegularFile(path.join(root, LAUNCHER_RECORD_NAME))) as Partial<LauncherRecord>;
    if (data.schema !== LAUNCHER_RECORD_SCHEMA) return undefined;
    return {
      schema: LAUNCHER_RECORD_SCHEMA,
      version: 1,
      ...(typeof data.codexCommand === 'string' ? { codexCommand: data.codexCommand } : {}),
      ...(data.codexCommandFrom === 'config' || data.codexCommandFrom === 'OPENCLAW_SHIM_CODEX_BIN'
        ? { codexCommandFrom: data.codexCommandFrom }
        : {}),
      ...(typeof data.realOpenclaw === 'string' ? { realOpenclaw: data.realOpenclaw } : {}),
      ...(typeof data.stateDir === 'string' ? { stateDir: data.stateDir } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The operator's own previous Codex command, when launcher.json says that is what it holds. */
export const operatorsCodexCommand = (record: LauncherRecord | undefined): string | undefined =>
  record?.codexCommandFrom === 'config' ? record.codexCommand : undefined;
