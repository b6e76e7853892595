// Finds the Codex harness plugin (`@openclaw/codex`) OpenClaw installed into a state dir, as the gateway loads it.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../lib/read-regular.ts';
import { pluginInstallsJsonPath, stateSqlitePath } from '../releases/layout.ts';
import { json2026_6 } from '../releases/json-2026-6.ts';
import { sqlite2026_8 } from '../releases/sqlite-2026-8.ts';
import type { PluginRecords } from '../releases/types.ts';

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
      ? (index.plugins as unknown[]).find(
          (p) => isObject(p) && p.pluginId === CODEX_PLUGIN_ID && isObject(p.installRecord),
        )
      : undefined;
  const install = isObject(record) && 'installRecord' in record ? record.installRecord : record;
  return isObject(install) && typeof install.installPath === 'string' && install.installPath.trim()
    ? install.installPath
    : undefined;
}

/** 2026.5.x keeps the index in `<state>/plugins/installs.json` (release rules: `json-file`). */
function indexFromJson(stateDir: string): unknown {
  try {
    return JSON.parse(readRegularFile(pluginInstallsJsonPath(stateDir)));
  } catch {
    return undefined;
  }
}

type SqliteModule = typeof import('node:sqlite');
type Db = InstanceType<SqliteModule['DatabaseSync']>;

/** The query that reads one SQLite form of the records (from the release rules), and how its value becomes an index. */
function sqliteForm(r: Exclude<PluginRecords, { kind: 'json-file' }>): {
  sql: string;
  key: string;
  index: (value: string) => unknown;
} {
  if (r.kind === 'sqlite-kv') {
    // `{index: {installRecords}}`, or the index itself.
    return {
      sql: `SELECT value_json AS v FROM ${r.table} WHERE state_key = ?`,
      key: r.key,
      index: (v) => {
        const value = JSON.parse(v) as unknown;
        return isObject(value) && 'index' in value ? value.index : value;
      },
    };
  }
  // `install_records_json` is `{<id>: {installPath, …}}`.
  return {
    sql: `SELECT ${r.column} AS v FROM ${r.table} WHERE index_key = ?`,
    key: r.key,
    index: (v) => ({ installRecords: JSON.parse(v) as unknown }),
  };
}

/** Newest first: 2026.8.1 on, then 2026.6.x–2026.7.x (2026.8 migrates that table and drops it). */
const SQLITE_FORMS = [sqlite2026_8.pluginRecords, json2026_6.pluginRecords].flatMap((r) =>
  r.kind === 'json-file' ? [] : [sqliteForm(r)],
);

/** 2026.6.x on keep it in `<state>/state/openclaw.sqlite` (either form, newest first); needs a Node with node:sqlite. */
function indexesFromSqlite(stateDir: string): unknown[] {
  const file = stateSqlitePath(stateDir);
  if (!fs.existsSync(file)) return [];
  let sqlite: SqliteModule | undefined;
  try {
    sqlite = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
  } catch {
    return [];
  }
  if (!sqlite) return [];
  let db: Db | undefined;
  try {
    db = new sqlite.DatabaseSync(file, { readOnly: true });
    return SQLITE_FORMS.map((f) => readRecords(db!, f));
  } catch {
    return [];
  } finally {
    try {
      db?.close();
    } catch {
      // Closing a read-only handle cannot lose anything.
    }
  }
}

/** One form's index, or undefined when its table or row is absent or unreadable. */
function readRecords(db: Db, form: ReturnType<typeof sqliteForm>): unknown {
  try {
    const row = db.prepare(form.sql).get(form.key) as { v?: unknown } | undefined;
    return typeof row?.v === 'string' ? form.index(row.v) : undefined;
  } catch {
    return undefined;
  }
}

/** The install paths OpenClaw recorded for the codex plugin (what the gateway loads), newest format first. */
export function recordedCodexPluginRoots(stateDir: string): string[] {
  const found = [...indexesFromSqlite(stateDir), indexFromJson(stateDir)].map(codexInstallPathOf);
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
