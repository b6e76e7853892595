// A session entry's recorded `sessionFile` must lie in the sessions dir it is read from, as OpenClaw itself requires.
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';

/**
 * The entry's `sessionFile` (trimmed, as OpenClaw reads it) when it does not lie inside `sessionsDir`: an absolute
 * path elsewhere, a relative one that climbs out, any `..` step. OpenClaw 2026.5.12 refuses such a path ("Session
 * file path must be within sessions directory"); openclaw-shim never carries one into a store (pure).
 */
export function sessionFileOutside(entry: unknown, sessionsDir: string): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const recorded = (entry as { sessionFile?: unknown }).sessionFile;
  if (typeof recorded !== 'string' || recorded.trim() === '') return undefined;
  const p = recorded.trim();
  const abs = path.resolve(sessionsDir, p);
  const inside = !p.includes('\0') && !p.split(/[\\/]+/).includes('..') && abs !== path.resolve(sessionsDir);
  return inside && isWithin(abs, sessionsDir) ? undefined : p;
}

/** The conflict reason for such an entry: not merged, kept in the backup (one sentence). */
export const outsideReason = (sessionFile: string, sessionsDir: string): string =>
  `its sessionFile ${JSON.stringify(sessionFile)} lies outside ${sessionsDir} (OpenClaw refuses such a path); not merged, and nothing copied from there (the entry is in the backup)`;
