// Root on another user's state reads as that user: links an agent planted to root-only files leak nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canDropPrivileges, cliAsRoot, freshStates, NOBODY, type StateFixture } from './fixture.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const figures = faultFigures(import.meta.url);

const fresh = freshStates();
const SECRET = 'SECRET-7f3a9c-ROOT-ONLY';

/** Root-only files (0600 root, outside the state) in every format the commands parse, each holding the secret. */
function secrets(dir: string): Record<'store' | 'text' | 'log' | 'snapshot' | 'manifest', string> {
  const files = {
    store: [
      path.join(dir, 'secret-store.json'),
      JSON.stringify({ [`agent:main:${SECRET}`]: { sessionId: SECRET, updatedAt: 9, status: 'running' } }),
    ],
    text: [path.join(dir, 'secret.txt'), `${SECRET} is not JSON\n`],
    log: [
      path.join(dir, 'secret.jsonl'),
      `${JSON.stringify({ time: '2026-11-29T10:00:00.000Z', pid: 7, ppid: 1, cwd: '/', argv: [SECRET], decision: 'redirected', redirects: [] })}\n`,
    ],
    snapshot: [path.join(dir, 'secret.sh'), `export PATH=/${SECRET}/bin\n`],
    manifest: [path.join(dir, 'secret-manifest.json'), ''],
  } as const;
  const out = {} as Record<keyof typeof files, string>;
  for (const [k, [file, text]] of Object.entries(files) as Array<[keyof typeof files, readonly [string, string]]>) {
    fs.writeFileSync(file, text, { mode: 0o600 });
    out[k] = file;
  }
  return out;
}

const link = (target: string, at: string): void => {
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at);
  fs.lchownSync(at, NOBODY, NOBODY);
};

/** A state of nobody's with a finished repair's backup, then an agent's links everywhere the commands read. */
async function hostileState(): Promise<{ f: StateFixture; backup: string; files: ReturnType<typeof secrets> }> {
  const f = fresh();
  execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, f.home]);
  const apply = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
  expect(apply.exitCode, String(apply.stderr)).toBe(0);
  const root = path.join(f.stateDir, 'backups/openclaw-shim');
  const backup = path.join(root, fs.readdirSync(root).find((n) => !n.endsWith('.lock'))!);
  const files = secrets(f.dir);
  // The manifest the agent "offers": the real one, naming the secret, readable by root only.
  fs.writeFileSync(
    files.manifest,
    fs.readFileSync(path.join(backup, 'manifest.json'), 'utf8').replaceAll(f.shadow, `${f.shadow}-${SECRET}`),
  );
  link(files.manifest, path.join(backup, 'manifest.json'));
  for (const m of fs.readdirSync(path.join(backup, 'merges'))) link(files.store, path.join(backup, 'merges', m));
  link(files.store, f.canonicalStore);
  link(files.store, f.shadowStore);
  link(files.text, path.join(path.dirname(f.shadowStore), `${SECRET.slice(0, 6)}.jsonl`));
  link(files.text, f.configPath);
  link(files.text, path.join(f.codexHome, 'openclaw-shim/capture.json'));
  link(files.text, path.join(f.codexHome, 'config.toml'));
  link(files.snapshot, path.join(f.codexHome, 'shell_snapshots/s.sh'));
  link(files.log, path.join(f.stateDir, 'logs/openclaw-shim.jsonl'));
  link(files.text, path.join(f.stateDir, 'openclaw-shim/setup.json'));
  execFileSync('chown', ['-h', `${NOBODY}:${NOBODY}`, path.dirname(f.shadowStore)]);
  return { f, backup, files };
}

const commands = (f: StateFixture, backup: string): string[][] => [
  ['doctor', '--state-dir', f.stateDir, '--json'],
  ['doctor', '--state-dir', f.stateDir],
  ['repair', '--state-dir', f.stateDir, '--json'],
  ['repair', '--state-dir', f.stateDir],
  ['repair', '--undo', backup, '--json'],
  ['repair', '--undo', backup],
  ['explain', '--codex-home', f.codexHome, '--json'],
  ['explain', '--codex-home', f.codexHome, '--state-dir', f.stateDir],
  ['log', '--state-dir', f.stateDir, '--json'],
  ['log', '--state-dir', f.stateDir],
  ['uninstall', '--state-dir', f.stateDir, '--json'],
];

const outputOf = (r: { stdout: unknown; stderr: unknown }): string => `${String(r.stdout)}\n${String(r.stderr)}`;

describe.skipIf(!canDropPrivileges())(
  'root on a state an agent filled with links to root-only files',
  { timeout: 180_000 },
  () => {
    it('no command prints a byte of them (stdout, stderr, JSON), and none exits 70', async () => {
      const { f, backup } = await hostileState();
      for (const args of commands(f, backup)) {
        const r = await cliAsRoot(f, args);
        // "Lost" here: a byte of a root-only file printed, or exit 70.
        figures.count('hostile links (root-only files linked into the state, run as root)', args.join(' '), [
          ...(outputOf(r).includes(SECRET) ? ['printed the secret'] : []),
          ...(r.exitCode === 70 ? ['exit 70'] : []),
        ]);
        expect(outputOf(r), args.join(' ')).not.toContain(SECRET);
        expect(r.exitCode, `${args.join(' ')}: ${String(r.stderr)}`).not.toBe(70);
      }
    });

    it('control: the same links to files the owner may read do show their content (the test can see a leak)', async () => {
      const { f, backup, files } = await hostileState();
      for (const file of Object.values(files)) fs.chownSync(file, NOBODY, NOBODY);
      const seen = [];
      for (const args of commands(f, backup))
        if (outputOf(await cliAsRoot(f, args)).includes(SECRET)) seen.push(args.slice(0, 2).join(' '));
      expect(seen).toEqual(expect.arrayContaining(['doctor --state-dir', 'log --state-dir']));
    });
  },
);
