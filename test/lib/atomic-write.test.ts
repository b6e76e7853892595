// The one write primitive: whole or absent, recognisable temp names, our stale temps removed and nobody else's; errno faults → exit codes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ourTempPid, removeStaleTemps, tempPathFor, writeFileAtomic } from '../../src/lib/atomic-write.ts';
import { faultExit } from '../../src/lib/fault.ts';
import { EXIT, ExitError } from '../../src/lib/exit.ts';

let dir = '';
afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));
const tmpDir = (): string => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-aw-')));

describe('writeFileAtomic', () => {
  it('writes the bytes, keeps the mode it is given, and leaves no temp file', () => {
    const d = tmpDir();
    const file = path.join(d, 'sessions.json');
    writeFileAtomic(file, 'x'.repeat(3 << 20), { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toHaveLength(3 << 20);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(d)).toEqual(['sessions.json']);
  });

  it('a failed write leaves the old file as it was and no temp file, and names the target (not the temp) in the error', () => {
    const d = tmpDir();
    const file = path.join(d, 'sessions.json');
    fs.writeFileSync(file, 'old');
    // A directory where the temp file's rename must go: rename fails after the temp was written and verified.
    const blocked = path.join(d, 'blocked');
    fs.mkdirSync(path.join(blocked, 'inner'), { recursive: true });
    expect(() => writeFileAtomic(blocked, 'new')).toThrow();
    try {
      writeFileAtomic(blocked, 'new');
    } catch (error) {
      expect((error as { target?: string }).target).toBe(blocked);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('temp files of ours', () => {
  it("are recognised by name; a dead writer's are removed, a live one's and anyone else's are not", () => {
    const d = tmpDir();
    const mine = path.basename(tempPathFor(path.join(d, 'sessions.json')));
    expect(ourTempPid(mine)).toBe(process.pid);
    expect(ourTempPid('.sessions.json.12345.tmp')).toBeUndefined();
    const dead = '.sessions.json.openclaw-shim.999999.0a1b2c3d.tmp';
    const live = '.sessions.json.openclaw-shim.1.0a1b2c3d.tmp';
    const openclaws = 'sessions.json.4242.0a1b2c3d.tmp';
    for (const n of [dead, live, openclaws]) fs.writeFileSync(path.join(d, n), 'x');
    expect(removeStaleTemps(d, (pid) => pid === 1)).toEqual([dead]);
    expect(fs.readdirSync(d).sort()).toEqual([live, openclaws].sort());
  });
});

describe("faultExit (the CLI boundary's errno map)", () => {
  const errno = (code: string, syscall: string, p: string): Error =>
    Object.assign(new Error(`${code}: x, ${syscall} '${p}'`), { code, syscall, path: p });
  it.each([
    [
      'ENOSPC',
      'write',
      EXIT.CANT_WRITE,
      /could not write \/s\/x: no space left on device \(ENOSPC\); nothing was half-written/,
    ],
    ['EDQUOT', 'open', EXIT.CANT_WRITE, /disk quota exceeded \(EDQUOT\)/],
    ['EROFS', 'unlink', EXIT.CANT_WRITE, /read-only file system \(EROFS\)/],
    ['EIO', 'write', EXIT.CANT_WRITE, /could not write \/s\/x: input\/output error/],
    ['EIO', 'read', EXIT.CANT_READ, /could not read \/s\/x: input\/output error/],
    ['EACCES', 'open', EXIT.CANT_READ, /could not read \/s\/x: permission denied \(EACCES\)/],
    [
      'EACCES',
      'rename',
      EXIT.CANT_WRITE,
      /could not write \/s\/x: permission denied \(EACCES\); nothing was half-written/,
    ],
    ['ELOOP', 'open', EXIT.DATA, /\/s\/x: too many levels of symbolic links/],
  ])('%s on %s → its code and one line with the path', (code, syscall, exit, message) => {
    const e = faultExit(new Error('backup failed', { cause: errno(code, syscall, '/s/x') }));
    expect(e).toBeInstanceOf(ExitError);
    expect(e!.code).toBe(exit);
    expect(e!.message).toMatch(message);
    expect(e!.message).not.toContain('\n');
  });

  it('prefers the target file over the temp file, maps a stack overflow to 65, and leaves real bugs (70) alone', () => {
    expect(
      faultExit(Object.assign(errno('ENOSPC', 'write', '/s/.x.openclaw-shim.1.abcd0123.tmp'), { target: '/s/x' }))!
        .message,
    ).toContain('could not write /s/x:');
    expect(faultExit(new RangeError('Maximum call stack size exceeded'))!.code).toBe(EXIT.DATA);
    expect(faultExit(new TypeError('undefined is not a function'))).toBeUndefined();
    expect(faultExit(errno('ENOENT', 'open', '/s/x'))).toBeUndefined();
  });
});
