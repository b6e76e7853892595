// OpenClaw's on-disk names and the path shapes of isolated Codex homes (pure string work).
import path from 'node:path';

export const STATE_DIR_NAMES = ['.openclaw', '.clawdbot', '.moldbot', '.moltbot'] as const;
export const CONFIG_FILE_NAMES = ['openclaw.json', 'clawdbot.json', 'moldbot.json', 'moltbot.json'] as const;

/** `<S>/agents/<id>/agent/codex-home[/...]` */
const AGENT_CODEX_HOME = /^(.*)\/agents\/([^/]+)\/agent\/codex-home(?=\/|$)/;
/** `<S>/acpx/codex-home[/...]` */
const ACPX_CODEX_HOME = /^(.*)\/acpx\/codex-home(?=\/|$)/;
/** Any `.../codex-home` (custom agentDir). */
const ANY_CODEX_HOME = /^(.*\/codex-home)(?=\/|$)/;

export interface CodexHomeShape {
  codexHome: string;
  kind: 'agent' | 'acpx' | 'custom';
  stateRoot?: string;
  agentId?: string;
}

/** A `/` twice, a `.` or `..` segment, or a trailing `/`: what `path.resolve` would change in an absolute path. */
const NOT_RESOLVED = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

/**
 * `path.resolve(p)`, without its character-by-character walk when `p` already is what it returns
 * (absolute, nothing to normalize): the shim asks this of the same few paths dozens of times per call,
 * and that walk, run cold, was a tenth of its own work (docs/benchmarks.md).
 */
export function resolvedPath(p: string): string {
  return p.startsWith('/') && !NOT_RESOLVED.test(p) ? p : path.resolve(p);
}

/** Recognises a path inside a Codex home by its shape alone. */
export function parseCodexHomePath(p: string): CodexHomeShape | undefined {
  const norm = resolvedPath(p);
  const agent = AGENT_CODEX_HOME.exec(norm);
  if (agent) {
    const stateRoot = agent[1] || '/';
    return {
      codexHome: `${agent[1]}/agents/${agent[2]}/agent/codex-home`,
      kind: 'agent',
      stateRoot,
      agentId: agent[2],
    };
  }
  const acpx = ACPX_CODEX_HOME.exec(norm);
  if (acpx) return { codexHome: `${acpx[1]}/acpx/codex-home`, kind: 'acpx', stateRoot: acpx[1] || '/' };
  const any = ANY_CODEX_HOME.exec(norm);
  if (any?.[1]) return { codexHome: any[1], kind: 'custom' };
  return undefined;
}

/**
 * True when `child` is `parent` or lies below it: `path.relative` from one resolved path to the other
 * is empty or does not start with `..` (so a first component like `..x` counts as outside, as it did).
 */
export function isWithin(child: string, parent: string): boolean {
  const c = resolvedPath(child);
  const p = resolvedPath(parent);
  if (c === p) return true;
  const prefix = p === '/' ? '/' : `${p}/`;
  return c.startsWith(prefix) && !c.startsWith('..', prefix.length);
}

/** True when a path lies inside a Codex home, by shape or below a known codex home. */
export function isInsideCodexHome(p: string, knownCodexHomes: readonly string[] = []): boolean {
  if (parseCodexHomePath(p)) return true;
  return knownCodexHomes.some((h) => isWithin(p, h));
}

/** Expands a leading `~` the way OpenClaw does, with the given home. */
export function expandTilde(value: string, home: string | undefined): string {
  if (!home || !(value === '~' || value.startsWith('~/'))) return value;
  return home + value.slice(1);
}

/** The default home of a state dir named `.openclaw` (or a legacy name); undefined otherwise. */
export function homeOfDefaultStateDir(stateDir: string): string | undefined {
  const base = path.basename(stateDir);
  if ((STATE_DIR_NAMES as readonly string[]).includes(base) || /^\.openclaw-[A-Za-z0-9_-]+$/.test(base)) {
    return path.dirname(stateDir);
  }
  return undefined;
}
