// Paths read from a run record, manifest or merge record are claims: each is checked to lie where openclaw-shim writes, without following links.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';

const hasDotDot = (p: string): boolean => p.split(/[\\/]+/).includes('..');

/** A relative path inside a tree as a manifest lists it: no `..`, not absolute, not empty (pure). */
export const safeRelative = (rel: unknown): rel is string =>
  typeof rel === 'string' && rel !== '' && !path.isAbsolute(rel) && !hasDotDot(rel) && !rel.includes('\0');

/** The first symlink (or non-dir) from `root` (exclusive) down to `p` (inclusive when `self`), or undefined. */
export function linkOnTheWay(root: string, p: string, self: boolean): string | undefined {
  const rel = path.relative(root, p);
  const parts = rel.split(path.sep).filter(Boolean);
  const upTo = self ? parts.length : parts.length - 1;
  for (let i = 1; i <= upTo; i += 1) {
    const at = path.join(root, ...parts.slice(0, i));
    const st = fs.lstatSync(at, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.isSymbolicLink()) return `${at} is a symlink`;
    if (i < parts.length && !st.isDirectory()) return `${at} is not a directory`;
  }
  return undefined;
}

/**
 * Why `p` may not be used as a path under one of `roots`: not absolute, `..` in it, outside every root, or
 * a link on the way from that root (the path itself included when `self`). Undefined when it is fine.
 */
export function recordPathProblem(p: unknown, roots: readonly string[], self = true): string | undefined {
  if (typeof p !== 'string' || !path.isAbsolute(p)) return `${String(p)} is not an absolute path`;
  if (hasDotDot(p)) return `${p} contains '..'`;
  const root = roots.find((r) => isWithin(p, r));
  if (!root) return `${p} lies outside ${roots.join(' and ')}`;
  return linkOnTheWay(root, p, self);
}

/** The only canonical store a merge record may name: `<state>/agents/<agent>/sessions/sessions.json`; its transcripts lie beside it. */
export function mergeRecordProblem(
  stateDir: string,
  record: { storePath: string; agent: string; transcripts: Array<{ path: string }> },
): string | undefined {
  if (!safeRelative(record.agent) || record.agent.includes('/'))
    return `agent ${JSON.stringify(record.agent)} is not an agent id`;
  const store = path.join(stateDir, 'agents', record.agent, 'sessions', 'sessions.json');
  if (record.storePath !== store) return `store ${record.storePath} is not ${store}`;
  const bad = record.transcripts.find((t) => path.dirname(t.path) !== path.dirname(store) || hasDotDot(t.path));
  if (bad) return `transcript ${bad.path} is not in ${path.dirname(store)}`;
  return linkOnTheWay(stateDir, path.dirname(store), true);
}

/** Modes from a manifest, clamped: never writable by group or others, no setuid/setgid/sticky (pure). */
export const clampMode = (mode: unknown, fallback: number): number =>
  typeof mode === 'number' && Number.isInteger(mode) ? mode & 0o755 : fallback;
