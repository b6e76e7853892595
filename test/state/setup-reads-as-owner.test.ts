// Root running setup or uninstall on another user's state reads it as that user: a record an agent linked to a root-only file leaks nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canDropPrivileges, cliAsRoot, freshStates, NOBODY, type StateFixture } from './fixture.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const figures = faultFigures(import.meta.url);

const fresh = freshStates();
const SECRET = 'SECRET-51c0de-ROOT-ONLY';

/**
 * A state of nobody's whose `openclaw-shim/setup.json` an agent linked to a root-only record (0600 root,
 * outside the state): a valid setup record naming a real openclaw under a dir called SECRET. Read as root,
 * setup and uninstall would take that openclaw (no openclaw is on PATH) and name it in their refusal.
 */
function hostileRecord(): { f: StateFixture; record: string } {
  const f = fresh();
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, f.home]);
  const secretDir = path.join(f.dir, SECRET);
  // The dir may be seen, its openclaw only run by root: the owner's setup names it in its refusal (77).
  fs.mkdirSync(secretDir, { mode: 0o755 });
  const bin = path.join(secretDir, 'openclaw');
  fs.writeFileSync(bin, '#!/bin/sh\nexit 0\n', { mode: 0o700 });
  const record = path.join(f.dir, 'root-setup.json');
  const body = {
    schema: 'openclaw-shim/setup',
    version: 1,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    stateDir: f.stateDir,
    configPath: f.configPath,
    home: f.home,
    realOpenclaw: bin,
    nodePath: process.execPath,
    launcher: { dir: path.join(f.stateDir, 'openclaw-shim/launcher'), bin: '/nowhere/launch', files: [] },
    config: {
      key: 'plugins.entries.codex.config.appServer.command',
      value: '/nowhere/launch',
      previous: { set: false },
    },
    codexHomes: [],
  };
  fs.writeFileSync(record, JSON.stringify(body), { mode: 0o600 });
  const at = path.join(f.stateDir, 'openclaw-shim/setup.json');
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.symlinkSync(record, at);
  execFileSync('chown', ['-h', `${NOBODY}:${NOBODY}`, path.dirname(at), at]);
  return { f, record };
}

const commands = (f: StateFixture): string[][] => [
  ['setup', '--state-dir', f.stateDir],
  ['setup', '--state-dir', f.stateDir, '--json'],
  ['uninstall', '--state-dir', f.stateDir],
  ['uninstall', '--state-dir', f.stateDir, '--json'],
];

const outputOf = (r: { stdout: unknown; stderr: unknown }): string => `${String(r.stdout)}\n${String(r.stderr)}`;

describe.skipIf(!canDropPrivileges())(
  'root runs setup or uninstall on a state whose setup.json an agent linked to a root-only record',
  {
    timeout: 120_000,
  },
  () => {
    it('neither prints a byte of it (the openclaw it names), and none exits 70', async () => {
      const { f } = hostileRecord();
      for (const args of commands(f)) {
        const r = await cliAsRoot(f, args);
        figures.count('hostile links (root-only files linked into the state, run as root)', args.join(' '), [
          ...(outputOf(r).includes(SECRET) ? ['printed the secret'] : []),
          ...(r.exitCode === 70 ? ['exit 70'] : []),
        ]);
        expect(outputOf(r), args.join(' ')).not.toContain(SECRET);
        expect(r.exitCode, `${args.join(' ')}: ${String(r.stderr)}`).not.toBe(70);
        // Nothing was found to run: the one-line "no openclaw" answer, not a setup built on root's record.
        expect(r.exitCode, `${args.join(' ')}: ${String(r.stderr)}`).not.toBe(0);
      }
    });

    it('control: the same record readable by its owner is used and its openclaw named (the test can see a leak)', async () => {
      const { f, record } = hostileRecord();
      fs.chownSync(record, NOBODY, NOBODY);
      for (const args of commands(f)) expect(outputOf(await cliAsRoot(f, args)), args.join(' ')).toContain(SECRET);
    });
  },
);
