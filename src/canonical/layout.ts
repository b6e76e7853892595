// OpenClaw's on-disk names and the path shapes of isolated Codex homes (pure string work).
import path from 'node:path';

export const STATE_DIR_NAMES = ['.openclaw', '.clawdbot', '.moldbot', '.moltbot'] as const;
export const CONFIG_FILE_NAMES = ['openclaw.json', 'clawdbot.json', 'moldbot.json', 'moltbot.json'] as const;

export interface CodexHomeShape {
  codexHome: string;
  kind: 'agent' | 'acpx' | 'custom';
  stateRoot?: string;
  agentId?: string;
}

// The path shapes below are scanned with string searches, not regular expressions: V8 compiles each regex
// on its first use in a process (the shim's code cache does not keep them), and these run on every tool call.

/** A `/` twice, a `.` or `..` segment, or a trailing `/`: what `path.resolve` would change in an absolute path. */
const notResolved = (p: string): boolean =>
  p.includes('//') ||
  p.includes('/./') ||
  p.includes('/../') ||
  p.endsWith('/.') ||
  p.endsWith('/..') ||
  (p.length > 1 && p.endsWith('/'));

/**
 * `path.resolve(p)`, without its character-by-character walk when `p` already is what it returns
 * (absolute, nothing to normalize): the shim asks this of the same few paths dozens of times per call,
 * and that walk, run cold, was a tenth of its own work (docs/benchmarks.md).
 */
export function resolvedPath(p: string): string {
  return p.startsWith('/') && !notResolved(p) ? p : path.resolve(p);
}

/** Whether `p` has no line break before `end` (the shapes were once `^(.*)…` regexes, whose `.` stops at one). */
const oneLine = (p: string, end: number): boolean =>
  !['\n', '\r', '\u2028', '\u2029'].some((c) => {
    const at = p.indexOf(c);
    return at >= 0 && at < end;
  });

/** Where the last `tail` that ends the path or a segment (`/` or the end follows) starts, at or before `from`; -1 if none. */
function lastSegmentRun(p: string, tail: string, from = p.length): number {
  for (let at = p.lastIndexOf(tail, from); at >= 0; at = at === 0 ? -1 : p.lastIndexOf(tail, at - 1)) {
    const end = at + tail.length;
    if (end === p.length || p[end] === '/') return at;
  }
  return -1;
}

/** `<S>/agents/<id>/agent/codex-home[/...]`, the last such: the state root and the agent id, or undefined. */
function agentCodexHome(p: string): { root: string; id: string } | undefined {
  const tail = '/agent/codex-home';
  for (let at = lastSegmentRun(p, tail); at > 0; at = lastSegmentRun(p, tail, at - 1)) {
    const idStart = p.lastIndexOf('/', at - 1) + 1;
    const agents = idStart - '/agents/'.length;
    if (idStart < at && agents >= 0 && p.startsWith('/agents/', agents) && oneLine(p, agents)) {
      return { root: p.slice(0, agents), id: p.slice(idStart, at) };
    }
  }
  return undefined;
}

/** The last `tail` ending a segment with no line break before it (see oneLine), or -1. */
function lastOneLineRun(p: string, tail: string): number {
  for (let at = lastSegmentRun(p, tail); at >= 0; at = at === 0 ? -1 : lastSegmentRun(p, tail, at - 1)) {
    if (oneLine(p, at)) return at;
  }
  return -1;
}

/** Recognises a path inside a Codex home by its shape alone. */
export function parseCodexHomePath(p: string): CodexHomeShape | undefined {
  const norm = resolvedPath(p);
  const agent = agentCodexHome(norm);
  if (agent) {
    return {
      codexHome: `${agent.root}/agents/${agent.id}/agent/codex-home`,
      kind: 'agent',
      stateRoot: agent.root || '/',
      agentId: agent.id,
    };
  }
  const acpx = lastOneLineRun(norm, '/acpx/codex-home');
  if (acpx >= 0) {
    const root = norm.slice(0, acpx);
    return { codexHome: `${root}/acpx/codex-home`, kind: 'acpx', stateRoot: root || '/' };
  }
  const any = lastOneLineRun(norm, '/codex-home');
  if (any >= 0) return { codexHome: norm.slice(0, any + '/codex-home'.length), kind: 'custom' };
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
