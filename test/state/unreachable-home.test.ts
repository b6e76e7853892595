// A state behind a dir the caller may not enter (a 0700 home) is a permission problem: 77 with the owner's command, not 66.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canDropPrivileges, cliAsNobody, freshStates } from './fixture.ts';

const fresh = freshStates();

describe.skipIf(!canDropPrivileges())('as nobody, a state in a home of root mode 0700', () => {
  it.each([
    ['doctor', (s: string) => ['doctor', '--state-dir', s]],
    ['repair', (s: string) => ['repair', '--state-dir', s]],
    ['setup', (s: string) => ['setup', '--state-dir', s]],
    ['log', (s: string) => ['log', '--state-dir', s]],
  ])('%s exits 77 naming the dir in the way and the command to run as its owner', async (_name, args) => {
    const f = fresh();
    fs.chmodSync(f.home, 0o700); // root's (the fixture's creator), closed to nobody
    const r = await cliAsNobody(f, args(f.stateDir));
    expect(r.exitCode, String(r.stderr)).toBe(77);
    const err = String(r.stderr);
    expect(err).toContain(
      `The state dir ${f.stateDir} lies behind ${f.home}, which you may not enter; it belongs to root (uid 0)`,
    );
    expect(err).toContain(`sudo -u root openclaw-shim ${args(f.stateDir).join(' ')}`);
  });

  it('install: the codex home behind it too', async () => {
    const f = fresh();
    fs.chmodSync(f.home, 0o700);
    const r = await cliAsNobody(f, ['install', '--codex-home', f.codexHome, '--state-dir', f.stateDir]);
    expect(r.exitCode, String(r.stderr)).toBe(77);
    expect(String(r.stderr)).toContain(`The codex home ${f.codexHome} lies behind ${f.home}`);
  });

  it('a state dir that truly does not exist is still 66', async () => {
    const f = fresh();
    const missing = path.join(f.home, 'no-such-state');
    for (const args of [
      ['doctor', '--state-dir', missing],
      ['setup', '--state-dir', missing],
    ]) {
      const r = await cliAsNobody(f, args);
      expect(r.exitCode, String(r.stderr)).toBe(66);
    }
  });
});
