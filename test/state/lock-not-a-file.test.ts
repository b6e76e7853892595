// A lock path holding a dangling link, a directory or a FIFO: doctor names it with the fix, repair says so at once and leaves it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsRoot, findingsOf, freshStates, type StateFixture } from './fixture.ts';

const fresh = freshStates();

const shapes: Array<[string, (p: string) => void, RegExp, RegExp]> = [
  [
    'a dangling link',
    (p) => fs.symlinkSync('/nonexistent/openclaw-lock', p),
    /is a dangling symbolic link \(to \/nonexistent\/openclaw-lock\)/,
    /^rm '/,
  ],
  [
    'a link to a file',
    (p) => (fs.writeFileSync(`${p}.target`, '{}'), fs.symlinkSync(`${p}.target`, p)),
    /is a symbolic link \(to /,
    /^rm '/,
  ],
  ['a directory', (p) => fs.mkdirSync(p), /is a directory/, /^rmdir '/],
  ['a FIFO', (p) => execFileSync('mkfifo', [p]), /is not a regular file/, /^rm '/],
];

type Action = { step: string; status: string; detail: string };

describe('a sessions.json.lock that is no lock', { timeout: 120_000 }, () => {
  it.each(shapes)(
    '%s: doctor reports it; repair --apply stops at once, says how to clear it, and leaves it',
    async (_what, make, says, fix) => {
      const f: StateFixture = fresh();
      const lock = `${f.canonicalStore}.lock`;
      make(lock);
      const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.exitCode, String(d.stderr)).toBe(1);
      const finding = findingsOf(d.stdout).find((x) => x.code === 'STORE_LOCK_NOT_A_FILE');
      expect(finding).toMatchObject({ severity: 'error', path: lock, message: expect.stringMatching(says) });
      expect(finding!.fix).toMatch(fix);
      expect(finding!.fix).toContain(lock);
      const started = Date.now();
      const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
      // OpenClaw's 10 s lock wait is not spent on something no process holds.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(r.exitCode, String(r.stderr)).not.toBe(0);
      expect(r.exitCode).not.toBe(70);
      const merge = (JSON.parse(String(r.stdout)) as { actions: Action[] }).actions.find((a) => a.step === 'merge')!;
      expect(merge).toMatchObject({ status: 'locked', detail: expect.stringMatching(says) });
      expect(merge.detail).toContain(`Clear it (${finding!.fix})`);
      expect(fs.lstatSync(lock)).toBeTruthy();
      expect(fs.existsSync(f.shadowStore)).toBe(true);
    },
  );

  it('repair\'s own lock as a dangling link: exit 75 with what it is and the rm, not "another repair is running"', async () => {
    const f = fresh();
    const root = path.join(f.stateDir, 'backups/openclaw-shim');
    fs.mkdirSync(root, { recursive: true });
    fs.symlinkSync('/nonexistent/x', path.join(root, 'repair.lock'));
    const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply']);
    expect(r.exitCode).toBe(75);
    expect(String(r.stderr)).toMatch(/repair\.lock is a dangling symbolic link .*Clear it \(rm '.*repair\.lock'\)/);
    expect(String(r.stderr)).not.toContain('another repair is running');
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout)).toContainEqual(
      expect.objectContaining({ code: 'STORE_LOCK_NOT_A_FILE', path: path.join(root, 'repair.lock') }),
    );
  });
});
