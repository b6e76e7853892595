// Root from anywhere: setup and uninstall on another user's state from root's own cwd (/root, 0700), uninstall
// without --real-openclaw (setup.json names it), and one line naming the owner when the owner cannot run the CLI found.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE, NODE_DIR } from '../helpers/paths.ts';
import { cachedCodex } from '../../src/lib/codex-cache.ts';

const OWNER = 65534; // nobody
const isRoot = process.getuid?.() === 0;
const rootOnly =
  isRoot && (fs.statSync('/root', { throwIfNoEntry: false })?.mode ?? 0o755) & 0o777 & 0o005 ? false : isRoot;

const g = makeGateway('json', { agents: ['main'] });
afterAll(() => g.cleanup());
if (isRoot) {
  fs.chmodSync(g.dir, 0o755);
  fs.lchownSync(g.home, OWNER, OWNER);
  for (const f of fs.readdirSync(g.home, { recursive: true }) as string[])
    fs.lchownSync(path.join(g.home, f), OWNER, OWNER);
}
const codex = cachedCodex();
if (!codex) throw new Error('the real Codex is not cached; the global setup installs it');
const env = { PATH: g.isolatedEnv().PATH!, HOME: '/root', OPENCLAW_SHIM_CODEX_BIN: codex.bin };

describe.runIf(rootOnly)('as root from /root on a state dir owned by another user', { timeout: 300_000 }, () => {
  it('setup --apply works from a cwd the owner cannot enter; uninstall finds the recorded real openclaw itself', async () => {
    const setup = await runIn(
      '/root',
      NODE,
      [CLI_JS, 'setup', '--state-dir', g.stateDir, '--apply', '--real-openclaw', g.realBin],
      env,
    );
    expect(setup.exitCode, String(setup.stderr)).toBe(0);
    expect(String(setup.stdout)).toMatch(/Restart the gateway now/);
    // Root's PATH here has no openclaw: setup.json's realOpenclaw is used, not a demand for --real-openclaw.
    const bare = { ...env, PATH: [NODE_DIR, '/usr/bin', '/bin'].join(':') };
    const uninstall = await runIn('/root', NODE, [CLI_JS, 'uninstall', '--state-dir', g.stateDir, '--apply'], bare);
    expect(uninstall.exitCode, String(uninstall.stderr)).toBe(0);
    expect(fs.existsSync(path.join(g.stateDir, 'openclaw-shim', 'setup.json'))).toBe(false);
  });

  it('a user who can neither read the state nor is root gets 77 and the command as the owner, not 66', async () => {
    const mode = fs.statSync(g.stateDir).mode & 0o777;
    fs.chmodSync(g.stateDir, 0o700);
    try {
      const r = await runIn(
        g.dir,
        '/usr/bin/setpriv',
        [
          '--reuid=65533',
          '--regid=65533',
          '--clear-groups',
          NODE,
          CLI_JS,
          'setup',
          '--state-dir',
          g.stateDir,
          '--real-openclaw',
          g.realBin,
        ],
        { ...env, HOME: g.dir },
      );
      expect(r.exitCode, String(r.stderr)).toBe(77);
      expect(String(r.stderr)).toMatch(
        /belongs to nobody \(uid 65534\), not to you \(uid 65533\).*\n.*sudo -u nobody openclaw-shim setup/,
      );
    } finally {
      fs.chmodSync(g.stateDir, mode);
    }
  });

  it('says in one line that the owner cannot run the OpenClaw CLI found, naming the owner and the fix', async () => {
    const hidden = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-rootonly-'));
    try {
      fs.chmodSync(hidden, 0o700);
      const bin = path.join(hidden, 'openclaw');
      fs.symlinkSync(g.realBin, bin);
      const r = await runIn('/root', NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir, '--real-openclaw', bin], env);
      expect(r.exitCode).toBe(126);
      const lines = String(r.stderr)
        .trim()
        .split('\n')
        .filter((l) => !/: warning: /.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/cannot be run by nobody \(uid 65534\), the state dir's owner.*EACCES.*--real-openclaw/);
    } finally {
      fs.rmSync(hidden, { recursive: true, force: true });
    }
  });

  it('a --real-openclaw out of reach: repair, install, setup name the dir in the way (77), not 127', async () => {
    const hidden = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-rootonly-'));
    try {
      fs.chmodSync(hidden, 0o700);
      const bin = path.join(hidden, 'openclaw');
      fs.symlinkSync(g.realBin, bin);
      for (const apply of [[], ['--apply']]) {
        const args = [CLI_JS, 'repair', '--state-dir', g.stateDir, '--real-openclaw', bin, ...apply];
        const r = await runIn('/root', NODE, args, env);
        expect(r.exitCode, String(r.stderr)).toBe(77);
        const lines = String(r.stderr)
          .trim()
          .split('\n')
          .filter((l) => !/: warning: /.test(l));
        expect(lines).toEqual([
          `openclaw-shim: --real-openclaw ${bin} lies behind ${hidden}, which nobody (uid 65534), the state dir's owner, as whom this runs, may not enter: install OpenClaw where nobody can reach it (e.g. npm install -g openclaw as that user) and pass that path`,
        ]);
      }
      const missing = await runIn(
        '/root',
        NODE,
        [CLI_JS, 'repair', '--state-dir', g.stateDir, '--real-openclaw', path.join(g.dir, 'no-openclaw')],
        env,
      );
      expect(missing.exitCode, String(missing.stderr)).toBe(127);
      expect(String(missing.stderr)).toContain('does not exist');
      // install writes the shim that runs it as the owner's gateway: the same line, and nothing written.
      const shimRoot = path.join(g.codexHome, 'openclaw-shim');
      const before = fs.existsSync(shimRoot) ? fs.readdirSync(shimRoot, { recursive: true }).sort() : [];
      const install = await runIn(
        '/root',
        NODE,
        [CLI_JS, 'install', '--codex-home', g.codexHome, '--state-dir', g.stateDir, '--real-openclaw', bin],
        env,
      );
      expect(install.exitCode, String(install.stderr)).toBe(77);
      expect(String(install.stderr)).toContain(
        `--real-openclaw ${bin} lies behind ${hidden}, which nobody (uid 65534)`,
      );
      expect(fs.existsSync(shimRoot) ? fs.readdirSync(shimRoot, { recursive: true }).sort() : []).toEqual(before);
      // Not root: the dir keeps this user out, said as such.
      const stranger = await runIn(
        g.dir,
        '/usr/bin/setpriv',
        [
          '--reuid=65533',
          '--regid=65533',
          '--clear-groups',
          NODE,
          CLI_JS,
          'setup',
          '--state-dir',
          g.stateDir,
          '--real-openclaw',
          bin,
        ],
        { ...env, HOME: g.dir },
      );
      expect(stranger.exitCode, String(stranger.stderr)).toBe(77);
      expect(String(stranger.stderr)).toContain(
        `--real-openclaw ${bin} lies behind ${hidden}, which you may not enter`,
      );
    } finally {
      fs.rmSync(hidden, { recursive: true, force: true });
    }
  });
});
