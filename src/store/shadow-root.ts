// Decides by real paths what a candidate shadow dir is: a shadow tree of its codex home, the canonical state linked in, or a link elsewhere.
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { lstatOrNone } from '../lib/stat-or-none.ts';

/**
 * `shadow`: its real path lies inside the codex home's real path (a tree of its own).
 * `state`: it resolves to the state dir, to a dir containing it, or into it (the codex home's HOME or
 * `.openclaw` is linked to the real one): OpenClaw there uses the canonical state; never a shadow.
 * `elsewhere`: it resolves outside both (another gateway's or profile's state): never a shadow of this codex home.
 */
export type RootKind = 'shadow' | 'state' | 'elsewhere';

export interface RootVerdict {
  kind: RootKind;
  realPath: string;
  /** The first symlink on the way from the codex home to the candidate (the candidate itself when it is one); undefined when none. */
  link?: string;
}

export const realOr = (p: string): string | undefined => {
  try {
    return fs.realpathSync.native(p); // one syscall; the JS realpath lstats every component
  } catch {
    return undefined;
  }
};

/** The real path, or the path made absolute when it does not resolve. */
export const realOrResolved = (p: string): string => realOr(p) ?? path.resolve(p);

/** Where a symlink points, made absolute against its own dir; undefined when it cannot be read (not a link, gone). */
export function linkTargetOf(link: string): string | undefined {
  try {
    return path.resolve(path.dirname(link), fs.readlinkSync(link));
  } catch {
    return undefined;
  }
}

/** The first path component below `codexHome` (inclusive of `candidate`) that is a symlink. */
export function firstLinkBelow(codexHome: string, candidate: string): string | undefined {
  const parts = path.relative(codexHome, candidate).split(path.sep).filter(Boolean);
  let p = codexHome;
  for (const part of parts) {
    p = path.join(p, part);
    if (lstatOrNone(p)?.isSymbolicLink()) return p;
  }
  return undefined;
}

/** Pure decision on real paths. */
export function rootKind(real: string, realCodexHome: string, realStateDir: string): RootKind {
  if (isWithin(realStateDir, real)) return 'state';
  if (isWithin(real, realCodexHome)) return 'shadow';
  return isWithin(real, realStateDir) ? 'state' : 'elsewhere';
}

/** Undefined when the candidate does not resolve (a dangling link holds no data). */
export function classifyRoot(candidate: string, codexHome: string, stateDir: string): RootVerdict | undefined {
  const real = realOr(candidate);
  if (!real) return undefined;
  const kind = rootKind(real, realOrResolved(codexHome), realOrResolved(stateDir));
  const link = firstLinkBelow(codexHome, candidate);
  return link ? { kind, realPath: real, link } : { kind, realPath: real };
}

/** Why a tree root must never be copied or removed: it resolves to, around or into the state dir's own backups. */
export function unsafeTreeRoot(source: string, stateDir: string, backupsRoot: string): string | undefined {
  const real = realOr(source);
  if (!real) return undefined;
  const realState = realOrResolved(stateDir);
  if (isWithin(realState, real))
    return `${source} resolves to ${real}, which is or contains the state dir ${realState}`;
  const realBackups = realOrResolved(backupsRoot);
  if (isWithin(real, realBackups) || isWithin(realBackups, real))
    return `${source} resolves to ${real}, inside or around the backups ${realBackups}`;
  return undefined;
}
