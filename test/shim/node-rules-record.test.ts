// The real CLI's engines recorded at install: used while its package.json is the same file, read again otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCapture } from '../../src/canonical/capture.ts';
import { packageRecordOf, recordedEngines, scriptKindOf } from '../../src/shim/real-script.ts';

const V9 = '>=24.16.0 <25 || >=26.1.0';

let dir: string;
/** An npm-shaped install: `node_modules/openclaw/{package.json,openclaw.mjs}` and `.bin/openclaw` linking to it. */
let pkgDir: string;
let bin: string;

const writePackage = (engines: string, file = path.join(pkgDir, 'package.json')): void =>
  fs.writeFileSync(file, `${JSON.stringify({ name: 'openclaw', engines: { node: engines } }, null, 2)}\n`);

beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-pkgrec-')));
  pkgDir = path.join(dir, 'node_modules', 'openclaw');
  fs.mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'));
  fs.writeFileSync(path.join(pkgDir, 'openclaw.mjs'), '#!/usr/bin/env node\n', { mode: 0o755 });
  writePackage(V9);
  bin = path.join(dir, 'node_modules', '.bin', 'openclaw');
  fs.symlinkSync('../openclaw/openclaw.mjs', bin);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the package record', () => {
  it('names the script after links, its package.json, how far up, and its engines', () => {
    const rec = packageRecordOf(bin);
    expect(rec).toMatchObject({
      script: path.join(pkgDir, 'openclaw.mjs'),
      file: path.join(pkgDir, 'package.json'),
      levels: 0,
      engines: V9,
    });
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: V9 });
  });

  it('is what the shim uses while the file is unchanged (a record saying otherwise wins: it is not read)', () => {
    const forged = { ...packageRecordOf(bin)!, engines: '>=99' };
    expect(recordedEngines(forged.script, forged)).toEqual({ engines: '>=99' });
    expect(scriptKindOf(bin, undefined, forged)).toEqual({ kind: 'node', engines: '>=99' });
  });

  it('a package.json rewritten in place, same size, mtime put back (as npm does): read again', () => {
    const NPM_MTIME = 499162500; // 1985-10-26T08:15:00Z: every file npm unpacks carries it
    fs.utimesSync(path.join(pkgDir, 'package.json'), NPM_MTIME, NPM_MTIME);
    const rec = packageRecordOf(bin)!;
    // The kernel stamps ctime from a coarse clock (a few ms): a rewrite within the same tick would look unchanged.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    writePackage(V9.replace('24.16', '24.17')); // same length
    fs.utimesSync(rec.file, NPM_MTIME, NPM_MTIME);
    const st = fs.statSync(rec.file);
    expect([st.size, st.mtimeMs, st.ino]).toEqual([rec.size, rec.mtimeMs, rec.ino]);
    expect(recordedEngines(rec.script, rec)).toBeUndefined();
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: '>=24.17.0 <25 || >=26.1.0' });
  });

  it('a package replaced by a new install (new file), or removed: read again, same answer as without a record', () => {
    const rec = packageRecordOf(bin)!;
    fs.rmSync(rec.file);
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node' });
    writePackage('>=22.16.0');
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: '>=22.16.0' });
  });

  it('a nearer package.json appearing below the recorded one: the nearer one is read', () => {
    fs.renameSync(path.join(pkgDir, 'openclaw.mjs'), path.join(pkgDir, 'dist', 'cli.mjs'));
    fs.rmSync(bin);
    fs.symlinkSync('../openclaw/dist/cli.mjs', bin);
    const rec = packageRecordOf(bin)!;
    expect(rec.levels).toBe(1);
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: V9 });
    writePackage('>=22.16.0', path.join(pkgDir, 'dist', 'package.json'));
    expect(recordedEngines(rec.script, rec)).toBeUndefined();
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: '>=22.16.0' });
  });

  it('another script (the link now points elsewhere, or another real CLI): its own package is read', () => {
    const rec = packageRecordOf(bin)!;
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'openclaw.mjs'), '#!/usr/bin/env node\n', { mode: 0o755 });
    writePackage('>=22.16.0', path.join(other, 'package.json'));
    fs.rmSync(bin);
    fs.symlinkSync(path.join(other, 'openclaw.mjs'), bin);
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node', engines: '>=22.16.0' });
  });

  it('a package.json this user cannot read is skipped as before (not vouched for by the record)', () => {
    if (process.geteuid?.() === 0) return; // root reads everything: nothing to skip
    const rec = packageRecordOf(bin)!;
    fs.chmodSync(rec.file, 0o000);
    expect(recordedEngines(rec.script, { ...rec, ctimeMs: fs.statSync(rec.file).ctimeMs })).toBeUndefined();
    expect(scriptKindOf(bin, undefined, rec)).toEqual({ kind: 'node' });
  });

  it('travels in the capture; a malformed one is dropped, not the capture', () => {
    const rec = packageRecordOf(bin)!;
    const base = {
      schema: 'openclaw-shim/capture',
      version: 1,
      stateDir: { value: '/s', source: 'x' },
      configPath: { value: '/s/openclaw.json', source: 'x' },
      home: { value: '/h', source: 'x' },
    };
    const good = parseCapture(JSON.stringify({ ...base, realPackage: rec }));
    expect(good.ok && good.capture.realPackage).toEqual(rec);
    const bad = parseCapture(JSON.stringify({ ...base, realPackage: { ...rec, ino: 'x' } }));
    expect(bad.ok).toBe(true);
    expect(bad.ok && bad.capture.realPackage).toBeUndefined();
  });
});
