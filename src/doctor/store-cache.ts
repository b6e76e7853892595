// doctor's cache of per-store results, keyed by each JSON store's identity (dev, inode, size, mtime, ctime).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffSessions, stuckSessions, type StoreDiff, type StuckSession } from '../store/diff.ts';
import { readStore, type SessionMap, type StoreKind } from '../store/sessions.ts';

/**
 * What a cached result may stand in for. A store that changes changes its ctime (which no user call can
 * set) or, when replaced by rename as OpenClaw does, its inode; a store changed within RACY_MS of being
 * read is never cached (a coarse clock could give its next change the same stamps: git's "racily clean").
 * SQLite stores are never cached: their WAL changes without the main file's stamps.
 */
const RACY_MS = 2_000n;
const CACHE_VERSION = 1;

interface CanonicalEntry {
  id: string;
  sessions: number;
  /** Sessions with status running: all that stuck-session detection needs, with its own `now`. */
  running: Array<[key: string, updatedAt: number | null, sessionId: string | null]>;
}

interface PairEntry {
  shadowId: string;
  canonicalId: string;
  sessions: number;
  diff: StoreDiff;
}

/** A small answer about one file (a Node's version, a code cache's verdict), good while the file is unchanged. */
interface FileEntry {
  id: string;
  value: string | null;
}

interface CacheData {
  version: number;
  stateDir: string;
  canonical: Record<string, CanonicalEntry>;
  pairs: Record<string, PairEntry>;
  files?: Record<string, FileEntry>;
}

/** The identity of a regular file now, or undefined (not regular, gone, or changed too recently to trust). */
function identity(file: string, now: bigint): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true });
    if (!st.isFile() || now - st.ctimeNs / 1_000_000n < RACY_MS || now - st.mtimeNs / 1_000_000n < RACY_MS)
      return undefined;
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/**
 * The cache file of this user for one state dir: `$CACHE_DIRECTORY` (systemd's CacheDirectory=), else
 * `$XDG_CACHE_HOME/openclaw-shim`, else `$HOME/.cache/openclaw-shim` (XDG's default); one file per state dir.
 * The user's own cache, never the state dir: doctor writes nothing into OpenClaw's state, and root
 * examining another user's state keeps its cache to itself.
 */
export function defaultCacheFile(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.CACHE_DIRECTORY?.split(':')[0] ||
    (env.XDG_CACHE_HOME
      ? path.join(env.XDG_CACHE_HOME, 'openclaw-shim')
      : path.join(env.HOME || os.homedir(), '.cache', 'openclaw-shim'));
  const tag = crypto.createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 16);
  return path.join(base, `doctor-${tag}.json`);
}

/** Only a file and dir of this user that nobody else can write: anything else is ignored (a full read). */
function ours(p: string, dir: boolean): boolean {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return !!st && (dir ? st.isDirectory() : st.isFile()) && st.uid === process.geteuid?.() && (st.mode & 0o022) === 0;
}
const trusted = (file: string): boolean => ours(path.dirname(file), true) && ours(file, false);

function load(file: string, stateDir: string): { data: CacheData; text: string } | undefined {
  try {
    if (!trusted(file)) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    const data = JSON.parse(text) as CacheData;
    if (
      data?.version !== CACHE_VERSION ||
      data.stateDir !== path.resolve(stateDir) ||
      typeof data.canonical !== 'object' ||
      typeof data.pairs !== 'object'
    )
      return undefined;
    return { data, text };
  } catch {
    return undefined;
  }
}

export type CanonicalRead =
  | {
      ok: true;
      sessions: number;
      stuck(now: number, thresholdMs: number): StuckSession[];
      map(): SessionMap | undefined;
    }
  | { ok: false; error: string };

export type PairRead =
  | { ok: true; sessions: number; diff: StoreDiff }
  | { ok: false; error: string; canonical?: boolean };

/**
 * Reads stores through the cache: a canonical store whose identity is unchanged gives its counts and
 * running sessions without a read; a shadow store is compared only when it or its canonical changed.
 * Every miss is a full read, as without a cache. `file` undefined: no cache at all.
 */
export class StoreReads {
  private readonly file: string | undefined;
  private readonly old: CacheData | undefined;
  private readonly oldText: string | undefined;
  private readonly next: CacheData;
  private readonly now = BigInt(Date.now());

  constructor(file: string | undefined, stateDir: string) {
    this.file = file;
    const loaded = file ? load(file, stateDir) : undefined;
    this.old = loaded?.data;
    this.oldText = loaded?.text;
    this.next = { version: CACHE_VERSION, stateDir: path.resolve(stateDir), canonical: {}, pairs: {} };
  }

  canonical(kind: StoreKind, file: string): CanonicalRead {
    const id = this.file && kind === 'sessions-json' ? identity(file, this.now) : undefined;
    const hit = id ? this.old?.canonical[file] : undefined;
    if (hit && hit.id === id) {
      this.next.canonical[file] = hit;
      let map: SessionMap | undefined;
      const running: SessionMap = new Map(
        hit.running.map(([key, updatedAt, sessionId]) => [
          key,
          {
            status: 'running',
            ...(updatedAt !== null ? { updatedAt } : {}),
            ...(sessionId !== null ? { sessionId } : {}),
          },
        ]),
      );
      return {
        ok: true,
        sessions: hit.sessions,
        stuck: (now, ms) => stuckSessions(running, now, ms),
        map: () => (map ??= this.readMap(kind, file)),
      };
    }
    const read = readStore(kind, file);
    if (!read.ok) return read;
    if (id) {
      const running = [...read.sessions]
        .filter(([, s]) => s.status === 'running')
        .map(([key, s]): CanonicalEntry['running'][number] => [key, s.updatedAt ?? null, s.sessionId ?? null]);
      this.next.canonical[file] = { id, sessions: read.sessions.size, running };
    }
    return {
      ok: true,
      sessions: read.sessions.size,
      stuck: (now, ms) => stuckSessions(read.sessions, now, ms),
      map: () => read.sessions,
    };
  }

  /** A shadow store against its agent's canonical (`canonical` undefined: the agent has none, compared with empty). */
  compare(
    kind: StoreKind,
    file: string,
    canonical: { file: string; read: CanonicalRead & { ok: true } } | undefined,
  ): PairRead {
    const shadowId = this.file && kind === 'sessions-json' ? identity(file, this.now) : undefined;
    const canonicalId = canonical ? this.next.canonical[canonical.file]?.id : 'none';
    const key = `${file}\u0000${canonical?.file ?? ''}`;
    const hit = shadowId && canonicalId ? this.old?.pairs[key] : undefined;
    if (hit && hit.shadowId === shadowId && hit.canonicalId === canonicalId) {
      this.next.pairs[key] = hit;
      return { ok: true, sessions: hit.sessions, diff: hit.diff };
    }
    const read = readStore(kind, file);
    if (!read.ok) return read;
    const map = canonical ? canonical.read.map() : new Map();
    if (!map)
      return {
        ok: false,
        canonical: true,
        error: 'the canonical store changed or became unreadable while doctor read it; not compared',
      };
    const diff = diffSessions(read.sessions, map);
    if (shadowId && canonicalId) this.next.pairs[key] = { shadowId, canonicalId, sessions: read.sessions.size, diff };
    return { ok: true, sessions: read.sessions.size, diff };
  }

  /**
   * `compute()`'s answer about `file` (`kind` keeps answers of different questions apart), or the last run's
   * when the file's identity is unchanged: a Node is asked its version and a code cache is checksummed once
   * per change, not every minute. Any file the identity rule trusts; none without a cache.
   */
  byFile(kind: string, file: string, compute: () => string | undefined): string | undefined {
    const id = this.file ? identity(file, this.now) : undefined;
    const key = `${kind}\u0000${file}`;
    const hit = id ? this.old?.files?.[key] : undefined;
    if (hit && hit.id === id) {
      (this.next.files ??= {})[key] = hit;
      return hit.value ?? undefined;
    }
    const value = compute();
    if (id) (this.next.files ??= {})[key] = { id, value: value ?? null };
    return value;
  }

  private readMap(kind: StoreKind, file: string): SessionMap | undefined {
    const read = readStore(kind, file);
    return read.ok ? read.sessions : undefined;
  }

  /**
   * Writes what this run saw (only stores it saw: the cache never grows past the state), and nothing when
   * nothing changed (the every-minute case). A temp file renamed into place, not fsynced: a cache torn by
   * a crash fails to parse or to match, and the next run reads everything. Failure is silent.
   */
  save(): void {
    if (!this.file) return;
    const text = JSON.stringify(this.next);
    if (text === this.oldText) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      if (!ours(path.dirname(this.file), true)) return;
      fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
      fs.renameSync(tmp, this.file);
    } catch {
      // Not even the temp file's removal may fail the run (a cache dir this user cannot enter).
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing of ours is there
      }
      // A read-only home or a full disk: the next run reads everything, as without a cache.
    }
  }
}
