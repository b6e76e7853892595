// The impure edge of resolution: reads the capture, gateway locks, passwd home and the filesystem.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturePathFor, parseCapture, type CaptureRead } from './capture.ts';
import { resolveCanonical } from './resolve.ts';
import type { ExplicitPaths, GatewayLockInfo } from './sources.ts';
import type { Env, FsProbe, Resolution } from './types.ts';

import { statOrNone } from '../store/stat-or-none.ts';

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
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A missing capture is normal before install; only an explicit OPENCLAW_SHIM_CAPTURE must exist.
    if (code === 'ENOENT' && !env.OPENCLAW_SHIM_CAPTURE) return undefined;
    return { path: file, read: { ok: false, reason: code === 'ENOENT' ? 'does not exist' : `unreadable (${code})` } };
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
  const written = real(read.capture.codexHome);
  const here = real(env.CODEX_HOME);
  if (written === here) return read;
  return { ok: false, reason: `written for the codex home ${written}, not this one (${here}); re-run openclaw-shim install` };
}

/** Whether a pid is a live process (EPERM means it exists but is someone else's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
  return [...new Set([path.join(os.tmpdir(), name), path.join('/tmp', name)])];
}

export function readGatewayLocks(dirs: string[] = gatewayLockDirs()): GatewayLockInfo[] {
  const out: GatewayLockInfo[] = [];
  for (const dir of dirs) {
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
        const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown; configPath?: unknown };
        if (typeof data.pid === 'number' && typeof data.configPath === 'string') {
          out.push({ file, pid: data.pid, configPath: data.configPath, alive: isAlive(data.pid) });
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
    return os.userInfo().homedir || undefined;
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
