// Doctor: a shim's V8 code cache that this build's shim would load must be whole (damaged bytes crash every call).
import fs from 'node:fs';
import { codeCachePathOf } from '../layout/codex-home.ts';
import { builtFile } from '../lib/package-files.ts';
import { dirIsOurs, MAX_CACHE_BYTES, readCodeCache } from '../shim/code-cache.ts';
import type { StoreReads } from './store-cache.ts';

/**
 * `none`: no cache; `ok`: this build's, its checksum matches; `other-build`: another build's key (or no key), which
 * the shim replaces; `ignored`: not a regular file, or one the shim does not trust (another uid's, writable by
 * others, or larger than any real cache), which it neither reads nor runs; `damaged`: this build's key, but the
 * payload fails its checksum.
 */
export type CodeCacheState = 'none' | 'ok' | 'other-build' | 'ignored' | 'damaged';

/** The key a cache file's header names: the first word of its first line (pure). */
export function headerKey(bytes: Buffer): string {
  const end = bytes.indexOf(0x0a);
  return bytes
    .subarray(0, end < 0 ? Math.min(bytes.length, 128) : end)
    .toString('latin1')
    .split(' ', 1)[0]!;
}

let builtKey: string | undefined;
/** The key this build's shims write and read their cache under (scripts/build.mjs writes it beside dist/shim.mjs). */
export function thisBuildsKey(): string {
  builtKey ??= fs.readFileSync(builtFile('shim-source-key'), 'utf8').trim();
  return builtKey;
}

/**
 * How the shim of `codexHome` would find its code cache, judged as the shim judges it (src/shim/code-cache.ts's
 * own reader: owner, mode, header key, checksum). Run as the state's owner, as doctor runs.
 */
export function codeCacheState(
  codexHome: string,
  key: string = thisBuildsKey(),
  reads?: Pick<StoreReads, 'byFile'>,
): CodeCacheState {
  const file = codeCachePathOf(codexHome);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return 'none';
  }
  const trusted = st.isFile() && st.uid === process.geteuid?.() && (st.mode & 0o022) === 0 && dirIsOurs(file);
  // As the shim: a file far larger than any cache is not read (it would cost seconds and its size in memory).
  if (trusted && st.size > MAX_CACHE_BYTES) return 'ignored';
  if (!trusted) return 'ignored';
  // Read and checksummed once per change of the file (the shim replaces it by rename), not every minute.
  const judge = (): CodeCacheState => readAndJudge(file, key);
  return reads ? (reads.byFile(`code-cache ${key}`, file, judge) as CodeCacheState) : judge();
}

function readAndJudge(file: string, key: string): CodeCacheState {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      head = Buffer.alloc(256);
      head = head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return 'ignored'; // the shim cannot read it either, and writes a fresh one
  }
  if (headerKey(head) !== key) return 'other-build';
  return readCodeCache(file, key) === undefined ? 'damaged' : 'ok';
}
