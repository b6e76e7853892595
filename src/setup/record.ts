// setup.json: what setup changed and the values it replaced, so uninstall can put them back.
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import type { ConfigValue } from './config-key.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import type { Wiring } from './wiring.ts';

export const SETUP_SCHEMA = 'openclaw-shim/setup';
export const SETUP_VERSION = 1;

/** The previous value; `unknown` when setup found its own launcher there and no older record. */
export type Previous = ConfigValue | { set: false; unknown: true };

export interface SetupRecord {
  schema: typeof SETUP_SCHEMA;
  version: number;
  createdAt: string;
  updatedAt: string;
  stateDir: string;
  configPath: string;
  home: string;
  realOpenclaw: string;
  nodePath: string;
  launcher: { dir: string; bin: string; files: string[] };
  config: { key: string; value: string; previous: Previous };
  codexHomes: Array<{ agentId: string; codexHome: string }>;
  /** Codex config.toml keys setup changed (`--no-login-shells`) and what they held before. Optional within v1. */
  codexConfig?: Array<{
    path: string;
    key: string;
    value: unknown;
    previous: { set: true; value: unknown } | { set: false };
  }>;
  /** The route that wired the launcher (absent in records older than routes: the config key). Optional within v1. */
  wiring?: Wiring;
}

export const openclawShimDirOf = (stateDir: string): string => path.join(stateDir, 'openclaw-shim');
export const setupRecordPath = (stateDir: string): string => path.join(openclawShimDirOf(stateDir), 'setup.json');

/** The record without its timestamps, for "nothing changed" comparisons (pure). */
export const recordBody = (r: SetupRecord): string => JSON.stringify({ ...r, createdAt: '', updatedAt: '' });

const str = (v: unknown): boolean => typeof v === 'string';
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first field uninstall relies on whose type is wrong (a record edited by hand or by another tool), or undefined (pure). */
function wrongType(d: Partial<SetupRecord>): string | undefined {
  for (const k of ['stateDir', 'configPath', 'home', 'realOpenclaw', 'nodePath'] as const)
    if (d[k] !== undefined && !str(d[k])) return k;
  const l = d.launcher as unknown;
  if (!obj(l) || !str(l.dir) || !str(l.bin) || !Array.isArray(l.files) || !l.files.every(str)) return 'launcher';
  const c = d.config as unknown;
  if (!obj(c) || !str(c.key) || !obj(c.previous)) return 'config';
  if (!(d.codexHomes as unknown[]).every((h) => obj(h) && str(h.agentId) && str(h.codexHome))) return 'codexHomes';
  if (
    d.codexConfig !== undefined &&
    !(
      Array.isArray(d.codexConfig) &&
      (d.codexConfig as unknown[]).every((x) => obj(x) && str(x.path) && str(x.key) && obj(x.previous))
    )
  )
    return 'codexConfig';
  return undefined;
}

export function readSetupRecord(stateDir: string): SetupRecord | undefined {
  const file = setupRecordPath(stateDir);
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ExitError(EXIT.NO_INPUT, `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const data = JSON.parse(text) as Partial<SetupRecord>;
    if (data.schema !== SETUP_SCHEMA || typeof data.version !== 'number' || data.version > SETUP_VERSION)
      throw new Error('not an openclaw-shim setup record this version understands');
    if (!data.config || !data.launcher || !Array.isArray(data.codexHomes)) throw new Error('incomplete record');
    const bad = wrongType(data);
    if (bad) throw new Error(`${bad} has the wrong type`);
    return data as SetupRecord;
  } catch (error) {
    throw new ExitError(EXIT.DATA, `${file} is damaged (${(error as Error).message}); move it aside and re-run setup`, {
      cause: error,
    });
  }
}

export function writeSetupRecord(record: SetupRecord): void {
  writeFileAtomic(setupRecordPath(record.stateDir), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}
