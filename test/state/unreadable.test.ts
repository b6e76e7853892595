// State doctor, repair and explain cannot read is a finding with its path and the error, never exit 70, "ok" or "Nothing to do".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canDropPrivileges,
  cliAsNobody,
  NOBODY,
  cliAsRoot,
  findingsOf,
  freshStates,
  type StateFixture,
} from './fixture.ts';

const fresh = freshStates();

/** The state belongs to the unprivileged user (so --apply may write as its owner)... */
const ownedByNobody = (f: StateFixture): StateFixture => (
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, f.home]), f
);
/** ...except one dir, root's and 0700: a real EACCES for that user. */
const rootOnly = (dir: string): void => {
  fs.chownSync(dir, 0, 0);
  fs.chmodSync(dir, 0o700);
};

type Action = { step: string; status: string; path: string; detail: string };
const actionsOf = (stdout: unknown): Action[] => (JSON.parse(String(stdout)) as { actions: Action[] }).actions;

describe.skipIf(!canDropPrivileges())(
  'as a user who cannot read part of the state (setpriv to nobody: real EACCES)',
  () => {
    it('an unreadable state dir: doctor exit 1 with STATE_UNREADABLE naming it; repair dry run and --apply both exit 1 with a read action', async () => {
      const f = fresh();
      fs.chmodSync(f.stateDir, 0o700);
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.stderr).toBe('');
      expect(d.exitCode).toBe(1);
      expect(findingsOf(d.stdout)).toContainEqual(
        expect.objectContaining({
          code: 'STATE_UNREADABLE',
          severity: 'error',
          path: f.stateDir,
          message: expect.stringContaining('cannot list: EACCES'),
        }),
      );
      const r = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir, '--json']);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(1);
      expect(actionsOf(r.stdout)).toEqual([
        expect.objectContaining({
          step: 'read',
          status: 'unreadable',
          path: f.stateDir,
          detail: expect.stringContaining('EACCES'),
        }),
      ]);
      // --apply as someone who does not own the state dir is refused before anything (exit 77, prod-owner).
      const apply = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
      expect(apply.exitCode).toBe(77);
      const human = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir]);
      expect(String(human.stdout)).not.toMatch(/Nothing to do/);
    });

    it('doctor says no [ok] about state it could not read: the checks that could not run are [skip], then the finding', async () => {
      const f = fresh();
      fs.chmodSync(f.stateDir, 0o700);
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir], { NO_COLOR: '1' });
      expect(d.exitCode).toBe(1);
      const lines = String(d.stdout).split('\n');
      // Only the process scan (the running gateway) does not read the state; nothing else may say ok.
      expect(lines.filter((l) => l.startsWith('[ok]') && !l.startsWith('[ok]   running gateway'))).toEqual([]);
      expect(lines).toContain(`[skip] shadow state trees: not checked below ${f.stateDir} (STATE_UNREADABLE below)`);
      expect(lines).toContain(
        `[skip] sessions stuck in "running": not checked in ${f.stateDir} (STATE_UNREADABLE below)`,
      );
      expect(lines.some((l) => l.startsWith('[FAIL] STATE_UNREADABLE: '))).toBe(true);
      expect(String(d.stdout)).not.toMatch(/Healthy/);

      const g = ownedByNobody(fresh());
      rootOnly(path.dirname(g.canonicalStore));
      const sessions = await cliAsNobody(g, ['doctor', '--state-dir', g.stateDir], { NO_COLOR: '1' });
      // The codex home and its shadow were read (they are not below the sessions dir); the stuck check was not.
      expect(String(sessions.stdout)).toContain(
        `[skip] sessions stuck in "running": not checked in ${path.dirname(g.canonicalStore)} (STATE_UNREADABLE below)`,
      );
      expect(String(sessions.stdout)).not.toMatch(/\[ok\] {3}no session stuck/);
    });

    it('an unreadable canonical sessions dir: the shadow is not compared as if the canonical store were empty', async () => {
      const f = ownedByNobody(fresh());
      rootOnly(path.dirname(f.canonicalStore));
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.exitCode).toBe(1);
      const findings = findingsOf(d.stdout);
      expect(findings).toContainEqual(
        expect.objectContaining({ code: 'STATE_UNREADABLE', path: path.dirname(f.canonicalStore) }),
      );
      expect(findings.map((x) => x.code)).not.toContain('SHADOW_DIVERGED');
      const dry = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir, '--json']);
      const apply = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
      expect(dry.exitCode).toBe(1);
      expect(apply.exitCode).toBe(1);
      // The dry run and --apply agree on what happens to the tree: kept.
      const remove = (out: unknown) => actionsOf(out).find((a) => a.step === 'remove');
      expect(remove(dry.stdout)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^kept: /) });
      expect(remove(apply.stdout)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^kept: /) });
      expect(fs.existsSync(f.shadowStore)).toBe(true);
    });

    it('an unreadable shadow tree is not "empty" and repair does not say "Nothing to do"', async () => {
      const f = ownedByNobody(fresh());
      rootOnly(f.shadow);
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.exitCode).toBe(1);
      const report = JSON.parse(String(d.stdout)) as {
        shadows: Array<{ path: string; state: string; errors?: string[] }>;
      };
      expect(report.shadows).toEqual([
        expect.objectContaining({ path: f.shadow, state: 'unreadable', errors: [`${f.shadow}: EACCES`] }),
      ]);
      expect(findingsOf(d.stdout)).toContainEqual(
        expect.objectContaining({ code: 'SHADOW_UNREADABLE', path: f.shadow }),
      );
      const human = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir]);
      expect(String(human.stdout)).not.toMatch(/holds nothing|, empty\)/);
      for (const args of [[], ['--apply']]) {
        const r = await cliAsNobody(f, ['repair', '--state-dir', f.stateDir, ...args]);
        expect(r.exitCode).toBe(1);
        expect(String(r.stdout)).toMatch(/kept: parts of this tree could not be read .*EACCES/);
      }
      expect(fs.readdirSync(f.stateDir)).not.toContain('backups');
    });

    it('an unreadable codex home: doctor says a shadow may hide there', async () => {
      const f = fresh();
      fs.chmodSync(f.codexHome, 0o700);
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.exitCode).toBe(1);
      expect(findingsOf(d.stdout)).toContainEqual(
        expect.objectContaining({
          code: 'SHADOW_UNREADABLE',
          path: f.codexHome,
          message: expect.stringContaining('EACCES'),
        }),
      );
      // Nothing guessed about what it cannot see: no "missing" shim to install, no "[ok] no shadow state trees".
      const report = JSON.parse(String(d.stdout)) as {
        codexHomes: Array<{ path: string; shim: string; capture: string }>;
      };
      expect(report.codexHomes.find((h) => h.path === f.codexHome)).toMatchObject({
        shim: 'unreadable',
        capture: 'unreadable',
      });
      expect(findingsOf(d.stdout).filter((x) => x.code === 'CODEX_HOME_NO_SHIM')).toEqual([]);
      const human = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir]);
      expect(String(human.stdout)).not.toContain('no shadow state trees');
      expect(String(human.stdout)).toContain('shadow state trees: unknown where doctor could not read');
    });

    it('an unreadable config: doctor names it; explain says it cannot read it instead of exit 70', async () => {
      const f = fresh();
      fs.chmodSync(f.configPath, 0o600);
      const d = await cliAsNobody(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.exitCode).toBe(1);
      expect(findingsOf(d.stdout)).toContainEqual(
        expect.objectContaining({
          code: 'CONFIG_UNREADABLE',
          path: f.configPath,
          message: expect.stringContaining('EACCES'),
        }),
      );
      const e = await cliAsNobody(f, ['explain', '--state-dir', f.stateDir, '--json'], {
        PATH: `/root/.cargo/bin:${process.env.PATH ?? ''}`,
      });
      expect(e.stderr).toBe('');
      expect(e.exitCode).toBe(0);
      expect(JSON.parse(String(e.stdout)).unreadable).toEqual([
        expect.objectContaining({ what: 'config', path: f.configPath, error: 'cannot read: EACCES' }),
      ]);
    });
  },
);

describe('canonical stores that are not JSON stores (as root: a dir, a FIFO, corrupt bytes)', () => {
  const cases: Array<[string, (file: string) => void, RegExp]> = [
    ['corrupt JSON', (file) => fs.writeFileSync(file, '{"agent:main:a": {"sessionId": '), /not JSON/],
    ['a directory where the file is expected', (file) => (fs.rmSync(file), fs.mkdirSync(file)), /EISDIR/],
    ['a FIFO', (file) => (fs.rmSync(file), execFileSync('mkfifo', [file])), /not a regular file/],
  ];
  it.each(cases)(
    '%s: CANONICAL_STORE_UNREADABLE with its path, the shadow not compared, repair keeps the tree (dry run = --apply)',
    async (_name, spoil, why) => {
      const f = fresh();
      spoil(f.canonicalStore);
      const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
      expect(d.stderr).toBe('');
      expect(d.exitCode).toBe(1);
      const findings = findingsOf(d.stdout);
      expect(findings).toContainEqual(
        expect.objectContaining({
          code: 'CANONICAL_STORE_UNREADABLE',
          severity: 'error',
          path: f.canonicalStore,
          message: expect.stringMatching(why),
        }),
      );
      expect(findings.map((x) => x.code)).not.toContain('SHADOW_DIVERGED');
      const dry = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--json']);
      expect(dry.exitCode).toBe(1);
      expect(actionsOf(dry.stdout).find((a) => a.step === 'remove')).toMatchObject({ status: 'skipped' });
    },
  );
});
