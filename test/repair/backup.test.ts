// The backup walk: never through or into the state dir or its backups, symlinks copied as symlinks, special files by type.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rootKind } from '../../src/store/shadow-root.ts';
import { BackupError, makeBackup, treeCoveredBy } from '../../src/repair/backup.ts';
import { RUN_SCHEMA, backupsRoot, type RunFile } from '../../src/store/backup-manifest.ts';
import { sameContent, snapshotTree } from '../../src/repair/reuse.ts';

let dir: string;
let state: string;
const run = (source: string): RunFile => ({
  schema: RUN_SCHEMA,
  version: 1,
  createdAt: '',
  stateDir: state,
  link: false,
  trees: [{ source, ownerAgent: 'a1', dir: 'trees/0', sessionDirs: [] }],
});
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-backup-')));
  state = path.join(dir, 'root/.openclaw');
  fs.mkdirSync(path.join(state, 'agents/main/sessions'), { recursive: true });
  fs.writeFileSync(path.join(state, 'agents/main/sessions/s1.jsonl'), 'x\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('makeBackup', () => {
  it('refuses a tree that resolves to the state dir through a symlinked parent: nothing copied', async () => {
    const home = path.join(state, 'agents/main/agent/codex-home/home');
    fs.mkdirSync(path.dirname(home), { recursive: true });
    fs.symlinkSync(path.join(dir, 'root'), home);
    const backup = path.join(backupsRoot(state), 'b1');
    await expect(makeBackup(backup, run(path.join(home, '.openclaw')))).rejects.toThrow(BackupError);
    expect(fs.existsSync(path.join(backup, 'trees/0'))).toBe(false);
  });

  it('refuses a tree inside the backups', async () => {
    const inBackups = path.join(backupsRoot(state), 'old/trees/0');
    fs.mkdirSync(inBackups, { recursive: true });
    const link = path.join(state, 'agents/a1/agent/codex-home/home/.openclaw');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(inBackups, link);
    await expect(makeBackup(path.join(backupsRoot(state), 'b1'), run(link))).rejects.toThrow(/backups/);
  });

  it('copies an inner symlink as a symlink (never followed) and records a FIFO by type; the tree is covered', async () => {
    const shadow = path.join(state, 'agents/a1/agent/codex-home/home/.openclaw');
    fs.mkdirSync(path.join(shadow, 'agents'), { recursive: true });
    fs.symlinkSync(path.join(dir, 'root'), path.join(shadow, 'agents/up'));
    execFileSync('mkfifo', [path.join(shadow, 'pipe')]);
    const backup = path.join(backupsRoot(state), 'b1');
    const m = await makeBackup(backup, run(shadow));
    expect(fs.lstatSync(path.join(backup, 'trees/0/agents/up')).isSymbolicLink()).toBe(true);
    expect(m.trees[0]).toMatchObject({
      files: [],
      links: [{ path: 'agents/up', target: path.join(dir, 'root') }],
      specials: [{ path: 'pipe', type: 'fifo' }],
    });
    expect(fs.existsSync(path.join(backup, 'trees/0/pipe'))).toBe(false);
    expect(treeCoveredBy(m.trees[0]!)).toEqual({ ok: true });
    expect(sameContent(m.trees[0]!, snapshotTree(shadow))).toBe(true);
    fs.writeFileSync(path.join(shadow, 'new'), 'y');
    expect(sameContent(m.trees[0]!, snapshotTree(shadow))).toBe(false);
  });
});

describe('rootKind (real paths)', () => {
  const S = '/r/.openclaw';
  const H = '/r/.openclaw/agents/a/agent/codex-home';
  it.each([
    [S, 'state'],
    ['/r', 'state'],
    [`${H}/home/.openclaw`, 'shadow'],
    [`${S}/agents/b/agent/codex-home/home/.openclaw`, 'state'],
    ['/other/.openclaw', 'elsewhere'],
  ] as const)('%s is %s', (real, kind) => expect(rootKind(real, H, S)).toBe(kind));
});
