// Finds the real `openclaw` to hand over to, never the shim itself, whatever the symlinks.
import { EXIT } from '../lib/exit.ts';
import fs from 'node:fs';
import path from 'node:path';
import { execState as isExecutableFile, identityOf as identity, sameFile as same } from '../lib/which.ts';
import { SHIM_MARKER } from './marker.ts';
import { openRegular } from '../lib/read-regular.ts';

export type RealBin =
  /** `head`: its first bytes, read once for the marker and kept for the `#!` (undefined when unreadable). */
  | { ok: true; path: string; source: string; head?: Buffer }
  | { ok: false; code: typeof EXIT.NOT_EXECUTABLE | typeof EXIT.NOT_FOUND | typeof EXIT.LOOP; message: string };

/** A file's first 4 kB, or undefined when it cannot be read as a regular file. */
const headOf = (p: string): Buffer | undefined => {
  let fd: number | undefined;
  try {
    fd = openRegular(p);
    const head = Buffer.alloc(4096);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
};

/** Whether the first bytes of a file carry the generated-shim marker (a copied shim). */
const hasShimMarker = (head: Buffer | undefined): boolean => head?.includes(SHIM_MARKER) ?? false;

/** A copy of the shim installed in another codex home, or copied anywhere, is not the real CLI either. */
const inShimDir = (p: string): boolean => /\/openclaw-shim\/bin\/openclaw$/.test(p);

/** The first real `openclaw` on PATH, ignoring any override: what install and setup record. */
export const findRealOnPath = (env: Record<string, string | undefined>, self = ''): RealBin =>
  findRealOpenclaw({ env: { ...env, OPENCLAW_SHIM_REAL_BIN: undefined }, self });

/**
 * `OPENCLAW_SHIM_REAL_BIN`, else the capture's path, else the first `openclaw` on PATH that is
 * neither this shim (by device+inode) nor in the shim's own directory.
 */
export function findRealOpenclaw(opts: {
  env: Record<string, string | undefined>;
  captured?: string;
  self: string;
}): RealBin {
  const self = identity(opts.self);
  const explicit = opts.env.OPENCLAW_SHIM_REAL_BIN
    ? { p: opts.env.OPENCLAW_SHIM_REAL_BIN, source: 'OPENCLAW_SHIM_REAL_BIN' }
    : opts.captured
      ? { p: opts.captured, source: 'capture' }
      : undefined;
  if (explicit) {
    const isSelf = same(identity(explicit.p), self);
    const head = isSelf ? undefined : headOf(explicit.p);
    if (isSelf || hasShimMarker(head)) {
      return {
        ok: false,
        code: EXIT.LOOP,
        message: `openclaw-shim: ${explicit.source} points at the shim itself (${explicit.p}); it would loop.\n`,
      };
    }
    const state = isExecutableFile(explicit.p);
    if (state === 'ok') return { ok: true, path: explicit.p, source: explicit.source, ...(head ? { head } : {}) };
    return state === 'missing'
      ? {
          ok: false,
          code: EXIT.NOT_FOUND,
          message: `openclaw-shim: the real openclaw from ${explicit.source} does not exist: ${explicit.p}\n`,
        }
      : {
          ok: false,
          code: EXIT.NOT_EXECUTABLE,
          message: `openclaw-shim: the real openclaw from ${explicit.source} is not executable: ${explicit.p}\n`,
        };
  }
  let notExecutable: string | undefined;
  const selfDir = identity(path.dirname(opts.self));
  for (const dir of (opts.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir) || same(identity(dir), selfDir)) continue;
    const candidate = path.join(dir, 'openclaw');
    if (inShimDir(candidate)) continue;
    const head = headOf(candidate);
    if (hasShimMarker(head) || same(identity(candidate), self)) continue;
    const state = isExecutableFile(candidate);
    if (state === 'ok') return { ok: true, path: candidate, source: 'PATH', ...(head ? { head } : {}) };
    if (state === 'not-executable') notExecutable ??= candidate;
  }
  return notExecutable
    ? {
        ok: false,
        code: EXIT.NOT_EXECUTABLE,
        message: `openclaw-shim: the real openclaw on PATH is not executable: ${notExecutable}\n`,
      }
    : {
        ok: false,
        code: EXIT.NOT_FOUND,
        message:
          'openclaw-shim: no real openclaw found on PATH (besides this shim); set OPENCLAW_SHIM_REAL_BIN or re-run openclaw-shim install --real-openclaw PATH\n',
      };
}
