// Reads what the runner choice needs about the real CLI: is it a Node script, and its package's engines.
import fs from 'node:fs';
import path from 'node:path';
import type { ScriptKind } from './node-rules.ts';
import { openRegular, readRegularBytes } from '../lib/read-regular.ts';

const HEAD_BYTES = 256;
const MAX_PACKAGE_LEVELS = 4;

/** The `#!` line's words, or undefined when the file has none. */
export function shebangWords(head: string): string[] | undefined {
  if (!head.startsWith('#!')) return undefined;
  return head
    .slice(2)
    .split('\n')[0]!
    .trim()
    .split(/[ \t]+/)
    .filter(Boolean);
}

/**
 * A Node script: `#!/usr/bin/env node` or `#!/…/node` with nothing else on the line. Node options
 * in the `#!` (`env -S node --flag`) cannot be applied in process, so such a script is exec'd.
 */
export function isNodeShebang(words: readonly string[]): boolean {
  const [interp, ...rest] = words;
  if (!interp) return false;
  const isNode = (w: string | undefined): boolean => w === 'node' || w === 'nodejs' || /\/node(js)?$/.test(w ?? '');
  if (/\/env$/.test(interp)) return rest.length === 1 && isNode(rest[0]);
  return rest.length === 0 && isNode(interp);
}

function readHead(file: string): string {
  const fd = openRegular(file);
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    return buf.toString('latin1', 0, fs.readSync(fd, buf, 0, HEAD_BYTES, 0));
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

/** `engines.node` of the nearest package.json above the script's real path (npm links bins into .bin). */
export function enginesOf(realScript: string): string | undefined {
  let dir = path.dirname(realScript);
  for (let i = 0; i < MAX_PACKAGE_LEVELS; i += 1) {
    let text: Buffer | undefined;
    try {
      text = readRegularBytes(path.join(dir, 'package.json'));
    } catch {
      // none here: one level up
    }
    if (text !== undefined) return enginesNodeIn(text);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** What the real CLI at `file` is; unreadable counts as "other" (exec reports the error as today). */
export function scriptKindOf(file: string): ScriptKind {
  try {
    const words = shebangWords(readHead(file));
    if (!words) return { kind: 'other', why: 'the real CLI is not a #! script' };
    if (!isNodeShebang(words))
      return { kind: 'other', why: `the real CLI's #! is "${words.join(' ')}", not plain node` };
    const engines = enginesOf(fs.realpathSync.native(file)); // one syscall: the JS realpath costs milliseconds cold;
    return engines ? { kind: 'node', engines } : { kind: 'node' };
  } catch {
    return { kind: 'other', why: 'the real CLI could not be read' };
  }
}
