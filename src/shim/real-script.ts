// Reads what the runner choice needs about the real CLI: is it a Node script, and its package's engines.
import fs from 'node:fs';
import path from 'node:path';
import type { CapturedPackage } from '../canonical/capture.ts';
import type { ScriptKind } from './node-rules.ts';
import { openRegular } from '../lib/read-regular.ts';

const HEAD_BYTES = 256;
const MAX_PACKAGE_LEVELS = 4;

/**
 * The `#!` line's words (split at spaces and tabs, as the kernel does), or undefined when the file has none.
 * No regular expressions on this path: V8 compiles each on its first use in a process, on every tool call.
 */
export function shebangWords(head: string): string[] | undefined {
  if (!head.startsWith('#!')) return undefined;
  return head.slice(2).split('\n')[0]!.trim().replaceAll('\t', ' ').split(' ').filter(Boolean);
}

/**
 * A Node script: `#!/usr/bin/env node` or `#!/…/node` with nothing else on the line. Node options
 * in the `#!` (`env -S node --flag`) cannot be applied in process, so such a script is exec'd.
 */
export function isNodeShebang(words: readonly string[]): boolean {
  const [interp, ...rest] = words;
  if (!interp) return false;
  const isNode = (w = ''): boolean => ['node', 'nodejs'].some((n) => w === n || w.endsWith(`/${n}`));
  if (interp.endsWith('/env')) return rest.length === 1 && isNode(rest[0]);
  return rest.length === 0 && isNode(interp);
}

function readHead(file: string): Buffer {
  const fd = openRegular(file);
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.subarray(0, fs.readSync(fd, buf, 0, HEAD_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `engines.node` from package.json bytes or text. OpenClaw's package.json is 100-140 kB: searching
 * the bytes for the one key and decoding 4 kB after it costs a quarter of decoding it all
 * (docs/benchmarks.md), on every call.
 */
export function enginesNodeIn(packageJson: string | Buffer): string | undefined {
  const at = packageJson.indexOf('"engines"');
  if (at < 0) return undefined;
  const end = Math.min(packageJson.length, at + 4096);
  const near = typeof packageJson === 'string' ? packageJson.slice(at, end) : packageJson.toString('utf8', at, end);
  const m = /^"engines"\s*:\s*\{[^{}]*?"node"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(near);
  return m ? m[1] : undefined;
}

/** The nearest package.json above the script's real path (npm links bins into .bin), read whole, and its fstat. */
function nearestPackage(realScript: string): { file: string; levels: number; bytes: Buffer; st: fs.Stats } | undefined {
  let dir = path.dirname(realScript);
  for (let levels = 0; levels < MAX_PACKAGE_LEVELS; levels += 1) {
    const file = path.join(dir, 'package.json');
    let fd: number | undefined;
    try {
      fd = openRegular(file);
      return { file, levels, st: fs.fstatSync(fd), bytes: fs.readFileSync(fd) };
    } catch {
      // none here (or not readable as a file): one level up
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** `engines.node` of the nearest package.json above the script's real path. */
export const enginesOf = (realScript: string): string | undefined => {
  const found = nearestPackage(realScript);
  return found ? enginesNodeIn(found.bytes) : undefined;
};

/** What install records in the capture about the real CLI at `file`'s package (none without a package.json). */
export function packageRecordOf(file: string): CapturedPackage | undefined {
  try {
    const script = fs.realpathSync.native(file);
    const found = nearestPackage(script);
    if (!found) return undefined;
    const { dev, ino, size, mtimeMs, ctimeMs } = found.st;
    const engines = enginesNodeIn(found.bytes);
    return {
      script,
      file: found.file,
      levels: found.levels,
      dev,
      ino,
      size,
      mtimeMs,
      ctimeMs,
      ...(engines ? { engines } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Whether reading `st`'s file would succeed for this process by its mode bits alone (else: read it and see). */
const surelyReadable = (st: fs.Stats): boolean => {
  const uid = process.geteuid?.();
  return (st.mode & 0o004) !== 0 || uid === 0 || (st.uid === uid && (st.mode & 0o400) !== 0);
};

/**
 * The recorded package's engines when the record still holds for this script (its path after links,
 * no nearer package.json, the same file by dev, inode, size, mtime and ctime): what `enginesOf` would
 * read, for a few stats instead of reading 100-140 kB. Undefined when it may not hold: read it.
 */
export function recordedEngines(
  realScript: string,
  rec: CapturedPackage | undefined,
): { engines?: string } | undefined {
  if (!rec || rec.script !== realScript || !(rec.levels >= 0 && rec.levels < MAX_PACKAGE_LEVELS)) return undefined;
  try {
    let dir = path.dirname(realScript);
    for (let i = 0; i < rec.levels; i += 1) {
      if (fs.statSync(path.join(dir, 'package.json'), { throwIfNoEntry: false }) !== undefined) return undefined;
      dir = path.dirname(dir);
    }
    if (path.join(dir, 'package.json') !== rec.file) return undefined;
    const st = fs.statSync(rec.file);
    const same =
      st.isFile() &&
      st.dev === rec.dev &&
      st.ino === rec.ino &&
      st.size === rec.size &&
      st.mtimeMs === rec.mtimeMs &&
      st.ctimeMs === rec.ctimeMs;
    if (!same || !surelyReadable(st)) return undefined;
    return rec.engines === undefined ? {} : { engines: rec.engines };
  } catch {
    return undefined;
  }
}

/**
 * What the real CLI at `file` is; unreadable counts as "other" (exec reports the error as today).
 * `head`: its first bytes when the caller has read them already; `recorded`: the capture's package record.
 */
export function scriptKindOf(file: string, head?: Buffer, recorded?: CapturedPackage): ScriptKind {
  try {
    const bytes = head ?? readHead(file);
    const words = shebangWords(bytes.toString('latin1', 0, Math.min(HEAD_BYTES, bytes.length)));
    if (!words) return { kind: 'other', why: 'the real CLI is not a #! script' };
    if (!isNodeShebang(words))
      return { kind: 'other', why: `the real CLI's #! is "${words.join(' ')}", not plain node` };
    const realScript = fs.realpathSync.native(file); // one syscall: the JS realpath costs milliseconds cold
    const engines = (recordedEngines(realScript, recorded) ?? { engines: enginesOf(realScript) }).engines;
    return engines ? { kind: 'node', engines } : { kind: 'node' };
  } catch {
    return { kind: 'other', why: 'the real CLI could not be read' };
  }
}
