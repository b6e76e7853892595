// doctor's cache keeps a Node's version and a code cache's verdict while the file is unchanged: no spawn or read a minute.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheState } from '../../src/doctor/code-cache-check.ts';
import { systemNodeProbe } from '../../src/doctor/node-check.ts';
import { StoreReads } from '../../src/doctor/store-cache.ts';
import { writeCodeCache } from '../../src/shim/code-cache.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-probecache-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
fs.mkdirSync(path.join(dir, 'cache'), { mode: 0o700 });
const cacheFile = path.join(dir, 'cache', 'doctor.json');
const stateDir = path.join(dir, 'state');
fs.mkdirSync(stateDir);

/** One doctor run's cache: answers loaded from the last run, saved for the next. */
function run<T>(f: (reads: StoreReads) => T): T {
  const reads = new StoreReads(cacheFile, stateDir);
  const out = f(reads);
  reads.save();
  return out;
}

/** A `node` that says `version` and counts how often it was asked. */
const counter = path.join(dir, 'asked');
const node = path.join(dir, 'node');
const writeNode = (version: string) =>
  fs.writeFileSync(node, `#!/bin/sh\necho x >> '${counter}'\necho ${version}\n`, { mode: 0o755 });
const asked = (): number => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').length - 1 : 0);

describe("doctor's cache of answers about files", () => {
  it('a Node is asked its version once while it is unchanged, again once it changes (an upgrade in place)', async () => {
    writeNode('20.20.2');
    await sleep(2_100); // a file changed within 2 s is never cached (its next change could keep the same stamps)
    expect(run((r) => systemNodeProbe({}, r).version(node))).toBe('20.20.2');
    expect(run((r) => systemNodeProbe({}, r).version(node))).toBe('20.20.2');
    expect(asked()).toBe(1);
    writeNode('24.21.0');
    await sleep(2_100);
    expect(run((r) => systemNodeProbe({}, r).version(node))).toBe('24.21.0');
    expect(asked()).toBe(2);
  });

  it('a code cache damaged in place after a run that found it ok is found damaged (its identity changed)', async () => {
    const codexHome = path.join(dir, 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'openclaw-shim'), { recursive: true, mode: 0o700 });
    const file = path.join(codexHome, 'openclaw-shim', 'shim-code-cache');
    const key = 'c'.repeat(64);
    writeCodeCache(file, key, () => Buffer.alloc(8192, 3));
    await sleep(2_100);
    expect(run((r) => codeCacheState(codexHome, key, r))).toBe('ok');
    expect(run((r) => codeCacheState(codexHome, key, r))).toBe('ok');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, 5000);
    fs.closeSync(fd);
    expect(run((r) => codeCacheState(codexHome, key, r))).toBe('damaged');
  });
});
