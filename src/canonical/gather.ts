// The impure edge of resolution: reads the capture, gateway locks, passwd home and the filesystem.
import fs from 'node:fs';
import path from 'node:path';
import { capturePathFor, parseCapture, type CaptureRead } from './capture.ts';
import { resolveCanonical } from './resolve.ts';
import type { ExplicitPaths, GatewayLockInfo } from './sources.ts';
import type { Env, FsProbe, Resolution } from './types.ts';
import { readErrorOf, readRegularFile } from '../lib/read-regular.ts';
import { expectedUidOf, holderIsGateway, readTrustedLock, trustedLockDir } from './gateway-lock-file.ts';
import { isAlive } from '../lib/process-identity.ts';

import { statOrNone } from '../lib/stat-or-none.ts';

/** A probe that never throws: a path it cannot see is no candidate (doctor reports unreadable state itself). */
export const fsProbe: FsProbe = {
  isDir: (p) => statOrNone(p)?.isDirectory() ?? false,
  isFile: (p) => statOrNone(p)?.isFile() ?? false,
  list: (p) => {
    try {
      return fs.readdirSync(p);
    } catch {
      return [];
    }
  },
};

export function readCapture(env: Env): { path: string; read: CaptureRead } | undefined {
  const file = capturePathFor(env);
  if (!file) return undefined;
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing capture is normal before install; only an explicit OPENCLAW_SHIM_CAPTURE must exist.
    if (code === 'ENOENT' && !env.OPENCLAW_SHIM_CAPTURE) return undefined;
    return {
      path: file,
      read: { ok: false, reason: code === 'ENOENT' ? 'does not exist' : `unreadable (${readErrorOf(error)})` },
    };
  }
  return { path: file, read: belongsHere(parseCapture(text), env) };
}

const real = (p: string): string => {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
};

/**
 * A capture copied along with a codex home (`cp -a` of a state dir) still names the old state: it
 * only counts in the codex home it was written for.
 */
function belongsHere(read: CaptureRead, env: Env): CaptureRead {
  if (!read.ok || !read.capture.codexHome || !env.CODEX_HOME?.trim()) return read;
  if (read.capture.codexHome === env.CODEX_HOME) return read; // the same text names the same dir: no realpath
  const written = real(read.capture.codexHome);
  const here = real(env.CODEX_HOME);
  if (written === here) return read;
  return {
    ok: false,
    reason: `written for the codex home ${written}, not this one (${here}); re-run openclaw-shim install`,
  };
}

/** `node:os` on first use: the shim reads the lock dirs and passwd only when stronger sources leave them open. */
const os = (): typeof import('node:os') => process.getBuiltinModule('node:os');

/**
 * OpenClaw's gateway lock dirs: `${os.tmpdir()}/openclaw-<uid>`, and /tmp's when TMPDIR differs.
 * `OPENCLAW_SHIM_GATEWAY_LOCK_DIRS` (`:`-separated) replaces them, for a gateway whose temp dir is
 * not the tool call's (another TMPDIR, systemd's PrivateTmp).
 */
export function gatewayLockDirs(): string[] {
  const override = process.env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS;
  if (override) return override.split(':').filter(Boolean);
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const name = uid === undefined ? 'openclaw' : `openclaw-${uid}`;
  return [...new Set([path.join(os().tmpdir(), name), path.join('/tmp', name)])];
}

/**
 * Locks another user could have planted are skipped: a dir or file not owned by the dir's uid (its
 * `openclaw-<uid>` name, else this process's) or root, or writable by others. `alive` only for the
 * gateway the lock names (its start time and command), never for any pid that happens to exist.
 */
export function readGatewayLocks(dirs: string[] = gatewayLockDirs()): GatewayLockInfo[] {
  const out: GatewayLockInfo[] = [];
  const me = process.getuid?.() ?? 0;
  for (const dir of dirs) {
    const uid = trustedLockDir(dir, expectedUidOf(dir, me));
    if (uid === undefined) continue;
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!/^gateway\.[0-9a-f]+\.lock$/.test(name)) continue;
      const file = path.join(dir, name);
      try {
        const text = readTrustedLock(file, uid);
        if (text === undefined) continue;
        const data = JSON.parse(text) as { pid?: unknown; configPath?: unknown; startTime?: unknown };
        if (typeof data.pid === 'number' && typeof data.configPath === 'string') {
          out.push({
            file,
            pid: data.pid,
            configPath: data.configPath,
            alive: holderIsGateway(data.pid, data.startTime, isAlive),
          });
        }
      } catch {
        // A lock being written or removed right now: skip it.
      }
    }
  }
  return out;
}

/** The passwd home, which ignores $HOME; undefined where the OS has none. */
export function passwdHome(): string | undefined {
  try {
    return os().userInfo().homedir || undefined;
  } catch {
    return undefined;
  }
}

export interface GatherOptions {
  env: Env;
  cwd?: string;
  flags?: ExplicitPaths;
}

export interface Gathered {
  resolution: Resolution;
  capture: ReturnType<typeof readCapture>;
}

/** Reads every source from this process's surroundings and resolves. */
export function resolveHere(opts: GatherOptions): Gathered {
  const capture = readCapture(opts.env);
  const home = passwdHome();
  const resolution = resolveCanonical({
    env: opts.env,
    cwd: opts.cwd ?? process.cwd(),
    ...(opts.flags ? { flags: opts.flags } : {}),
    ...(capture ? { capture } : {}),
    gatewayLocks: readGatewayLocks(),
    ...(home ? { passwdHome: home } : {}),
    probe: fsProbe,
  });
  return { resolution, capture };
}
