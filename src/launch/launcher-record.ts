// launcher.json: what setup recorded next to its copy of the launcher (the real Codex, the real openclaw).
import fs from 'node:fs';
import path from 'node:path';

export const LAUNCHER_NAME = 'openclaw-codex-launch';

/** Any launcher path by its name (a setup-made copy, the package's bin): never a real Codex. */
export const looksLikeLauncher = (value: unknown): boolean =>
  typeof value === 'string' && /(^|\/)openclaw-codex-launch(\.mjs)?$/.test(value);

export const LAUNCHER_RECORD_SCHEMA = 'openclaw-shim/launcher';
export const LAUNCHER_RECORD_NAME = 'launcher.json';

export interface LauncherRecord {
  schema: typeof LAUNCHER_RECORD_SCHEMA;
  version: 1;
  /** The Codex command OpenClaw was configured with before setup pointed it at the launcher. */
  codexCommand?: string;
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
    const data = JSON.parse(fs.readFileSync(path.join(root, LAUNCHER_RECORD_NAME), 'utf8')) as Partial<LauncherRecord>;
    if (data.schema !== LAUNCHER_RECORD_SCHEMA) return undefined;
    return {
      schema: LAUNCHER_RECORD_SCHEMA,
      version: 1,
      ...(typeof data.codexCommand === 'string' ? { codexCommand: data.codexCommand } : {}),
      ...(typeof data.realOpenclaw === 'string' ? { realOpenclaw: data.realOpenclaw } : {}),
      ...(typeof data.stateDir === 'string' ? { stateDir: data.stateDir } : {}),
    };
  } catch {
    return undefined;
  }
}
