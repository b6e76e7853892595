// What Codex left in each Codex home: config.toml (login shells, sandbox) and shell snapshots' PATH.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { isWithin } from '../canonical/layout.ts';
import { shimDirOf } from '../layout/codex-home.ts';
import { cmd } from '../lib/shell-words.ts';
import { writableRootsFix } from '../lib/writable-roots-fix.ts';
import type { CodexHomeRef } from '../store/discover.ts';
import type { Ctx, Finding } from './findings.ts';
import { readRegularFile } from '../lib/read-regular.ts';

/** The parts of `$CODEX_HOME/config.toml` that decide how tool calls reach openclaw. */
export interface CodexConfigFacts {
  allowLoginShell?: boolean;
  sandboxMode?: string;
  writableRoots: string[];
}

export type ConfigRead = { ok: true; facts: CodexConfigFacts } | { ok: false; error: string } | { ok: 'absent' };

/** Parses config.toml text (pure). */
export function codexConfigFacts(text: string): ConfigRead {
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0] ?? 'unparseable' };
  }
  const sww = data.sandbox_workspace_write as { writable_roots?: unknown } | undefined;
  const roots = Array.isArray(sww?.writable_roots)
    ? sww.writable_roots.filter((r): r is string => typeof r === 'string')
    : [];
  return {
    ok: true,
    facts: {
      ...(typeof data.allow_login_shell === 'boolean' ? { allowLoginShell: data.allow_login_shell } : {}),
      ...(typeof data.sandbox_mode === 'string' ? { sandboxMode: data.sandbox_mode } : {}),
      writableRoots: roots,
    },
  };
}

/** The PATH a shell snapshot exports (`declare -x PATH="…"`, bash's escaping undone), if any (pure). */
export function snapshotPath(text: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith('declare -x PATH="'));
  const m = line?.match(/^declare -x PATH="(.*)"$/);
  return m ? m[1]!.replace(/\\(["\\$`])/g, '$1') : undefined;
}

/** Whether `dir` is on a PATH value (spelling differences such as a trailing slash ignored). */
const onPath = (value: string, dir: string): boolean =>
  value.split(':').some((d) => d && path.resolve(d) === path.resolve(dir));

const restartFix = (c: Ctx, codexHome: string): string =>
  `${cmd('openclaw-shim', 'install', '--codex-home', codexHome, '--state-dir', c.stateDir)}   # then restart the gateway: snapshots are taken when a Codex session starts`;

/** A snapshot whose PATH lacks the shim dir: that session's tool calls run the real openclaw in the isolated home. */
export function snapshotFinding(
  c: Ctx,
  codexHome: string,
  file: string,
  pathValue: string | undefined,
): Finding | undefined {
  const shimDir = shimDirOf(codexHome);
  if (pathValue !== undefined && onPath(pathValue, shimDir)) return undefined;
  return {
    code: 'CODEX_SNAPSHOT_BYPASSES_SHIM',
    severity: 'warn',
    message: `Codex shell snapshot ${file} ${pathValue === undefined ? 'sets no PATH' : `has PATH=${pathValue}`}, without the shim dir ${shimDir}: openclaw in that session's tool calls bypasses the shim (login shells reset PATH; the launcher's login profiles put it back).`,
    fix: restartFix(c, codexHome),
    path: file,
  };
}

/** workspace-write without the state dir among the writable roots: state-writing openclaw calls fail (exit 80). */
export function sandboxFinding(
  c: Ctx,
  configFile: string,
  facts: CodexConfigFacts,
  text?: string,
): Finding | undefined {
  if (facts.sandboxMode !== 'workspace-write') return undefined;
  if (facts.writableRoots.some((r) => isWithin(c.stateDir, r))) return undefined;
  return {
    code: 'CODEX_SANDBOX_STATE_READ_ONLY',
    severity: 'warn',
    message: `${configFile} sets sandbox_mode = "workspace-write" and ${c.stateDir} is not among [sandbox_workspace_write] writable_roots: state-writing openclaw calls from tool calls fail (exit 80); read-only ones work.`,
    fix: writableRootsFix(configFile, text, c.stateDir),
    path: configFile,
  };
}

function readText(file: string): string | undefined {
  try {
    return readRegularFile(file);
  } catch {
    return undefined;
  }
}

/** Every finding about what Codex left in one codex home. */
export function checkCodexRuntime(c: Ctx, home: CodexHomeRef): Finding[] {
  const findings: Finding[] = [];
  const configFile = path.join(home.path, 'config.toml');
  const text = readText(configFile);
  if (text !== undefined) {
    const read = codexConfigFacts(text);
    if (read.ok === false) {
      findings.push({
        code: 'CODEX_CONFIG_UNREADABLE',
        severity: 'warn',
        message: `${configFile} is not valid TOML (${read.error}): Codex will not start there.`,
        fix: `edit ${configFile}`,
        path: configFile,
      });
    } else if (read.ok === true) {
      const f = sandboxFinding(c, configFile, read.facts, text);
      if (f) findings.push(f);
    }
  }
  const dir = path.join(home.path, 'shell_snapshots');
  let names: string[] = [];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.sh'))
      .sort();
  } catch {
    names = [];
  }
  for (const n of names) {
    const snapshot = readText(path.join(dir, n));
    if (snapshot === undefined) continue;
    const f = snapshotFinding(c, home.path, path.join(dir, n), snapshotPath(snapshot));
    if (f) findings.push(f);
  }
  return findings;
}
