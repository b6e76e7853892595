// Finds the Codex harness plugin (`@openclaw/codex`) OpenClaw installed into a state dir, as the gateway loads it.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../store/read-regular.ts';

export const CODEX_PLUGIN_ID = 'codex';
export const CODEX_PLUGIN_PACKAGE = '@openclaw/codex';
/** OpenClaw's marker between a package's project dir name and an install generation (`…__openclaw-generation__g-<hex>`). */
const GENERATION_MARK = '__openclaw-generation__';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The codex plugin's `installPath` from an installed-plugin index, in either shape OpenClaw writes:
 * `{installRecords: {codex: {installPath}}}` or `{plugins: [{pluginId, installRecord: {installPath}}]}`.
 */
export function codexInstallPathOf(index: unknown): string | undefined {
  if (!isObject(index)) return undefined;
  const records = index.installRecords;
  const record = isObject(records)
    ? records[CODEX_PLUGIN_ID]
    : Array.isArray(index.plugins)
      ? (index.plugins as unknown[]).find((p) => isObject(p) && p.pluginId === CODEX_PLUGIN_ID && isObject(p.installRecord))
      : undefined;
  const install = isObject(record) && 'installRecord' in record ? record.installRecord : record;
  return isObject(install) && typeof install.installPath === 'string' && install.installPath.trim() ? install.installPath : undefined;
}

/** 2026.5.x keeps the index in `<state>/plugins/installs.json`. */
function indexFromJson(stateDir: string): unknown {
  try {
    return JSON.parse(readRegularFile(path.join(stateDir, 'plugins', 'installs.json')));
  } catch {
    return undefined;
  }
}

type SqliteModule = typeof import('node:sqlite');

/** 2026.9.x keeps it in SQLite (`config_machine_state`, key `plugins.installedIndex`); needs a Node with node:sqlite. */
function indexFromSqlite(stateDir: string): unknown {
  const file = path.join(stateDir, 'state', 'openclaw.sqlite');
  if (!fs.existsSync(file)) return undefined;
  let sqlite: SqliteModule | undefined;
  try {
    sqlite = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
  } catch {
    return undefined;
  }
  if (!sqlite) return undefined;
  let db: InstanceType<SqliteModule['DatabaseSync']> | undefined;
  try {
    db = new sqlite.DatabaseSync(file, { readOnly: true });
    const row = db.prepare("SELECT value_json FROM config_machine_state WHERE state_key = 'plugins.installedIndex'").get() as { value_json?: unknown } | undefined;
    if (typeof row?.value_json !== 'string') return undefined;
    const value = JSON.parse(row.value_json) as unknown;
    return isObject(value) && 'index' in value ? value.index : value;
  } catch {
    return undefined;
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a read-only handle cannot lose anything.
    }
  }
}

/** The install paths OpenClaw recorded for the codex plugin (what the gateway loads), newest format first. */
export function recordedCodexPluginRoots(stateDir: string): string[] {
  const found = [codexInstallPathOf(indexFromSqlite(stateDir)), codexInstallPathOf(indexFromJson(stateDir))];
  return [...new Set(found.filter((p): p is string => !!p))];
}

/**
 * Orders npm project dir names the way an install without a record is most likely meant: the
 * package's plain project dir first, then install generations, newest first (pure).
 */
export function orderProjectDirs(entries: Array<{ name: string; mtimeMs: number }>): string[] {
  const plain = entries.filter((e) => !e.name.includes(GENERATION_MARK));
  const generations = entries.filter((e) => e.name.includes(GENERATION_MARK)).sort((a, b) => b.mtimeMs - a.mtimeMs);
  return [...plain, ...generations].map((e) => e.name);
}

/** Every `<state>/npm/projects/*` that holds `node_modules/@openclaw/codex`, in `orderProjectDirs` order. */
export function scannedCodexPluginRoots(stateDir: string): string[] {
  const projects = path.join(stateDir, 'npm', 'projects');
  let names: string[];
  try {
    names = fs.readdirSync(projects).filter((n) => !n.startsWith('.'));
  } catch {
    names = [];
  }
  const withPlugin = names.flatMap((name) => {
    const root = path.join(projects, name, 'node_modules', ...CODEX_PLUGIN_PACKAGE.split('/'));
    const st = fs.statSync(path.join(root, 'package.json'), { throwIfNoEntry: false });
    return st ? [{ name, mtimeMs: st.mtimeMs, root }] : [];
  });
  const order = orderProjectDirs(withPlugin);
  const roots = order.map((n) => withPlugin.find((w) => w.name === n)!.root);
  // A plugin installed from a path or archive (and 2026.5.x installs) lives in `<state>/extensions/codex`.
  return [...roots, path.join(stateDir, 'extensions', CODEX_PLUGIN_ID)];
}
