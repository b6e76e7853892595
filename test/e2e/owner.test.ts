// Run as root against a state dir that belongs to another user: everything written is that user's, and
// that user's real OpenClaw CLI still reads its config; anyone else is refused and nothing changes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { forOtherUser, reach } from '../helpers/other-user.ts';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { cachedCodex } from '../../src/lib/codex-cache.ts';

const OWNER = 65534; // nobody: in /etc/passwd everywhere, owns nothing of ours
const STRANGER = 65533; // a uid with no passwd entry: neither root nor the owner
const KEY = 'plugins.entries.codex.config.appServer.command';
const isRoot = process.getuid?.() === 0;

const g = makeGateway('json', { agents: ['main'] });
afterAll(() => g.cleanup());

/** mkdtemp made the sandbox 0700 root: let other users reach the state dir, then give them the gateway's home. */
function chownTree(dir: string, uid: number): void {
  fs.lchownSync(dir, uid, uid);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.lchownSync(path.join(dir, f), uid, uid);
}
if (isRoot) {
  fs.chmodSync(g.dir, 0o755);
  chownTree(g.home, OWNER);
}
const codex = cachedCodex();
if (!codex) throw new Error('the real Codex is not cached; the global setup installs it');
// No codex plugin in this state dir: setup's launcher check needs to be told which Codex it runs.
const env = { PATH: g.isolatedEnv().PATH!, HOME: '/root', OPENCLAW_SHIM_CODEX_BIN: codex.bin };

const asUser = (uid: number, file: string, args: string[], extra: Record<string, string> = {}) =>
  runIn(
    g.dir,
    '/usr/bin/setpriv',
    [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', reach(file), ...args.map(reach)],
    forOtherUser(hermetic({ ...env, HOME: g.home, ...extra })),
  );
// Root's CLI runs itself and the real CLI as the owner (its own file, the Node on its PATH): all must be in the owner's reach.
const cli = (...args: string[]) => runIn(g.dir, reach(NODE), [reach(CLI_JS), ...args], forOtherUser(hermetic(env)));
/** Root's own temp and cache dirs, which only root may enter (pam_tmpdir makes such a TMPDIR). */
const rootOnly = path.join(g.dir, 'root-only');
if (isRoot) fs.mkdirSync(rootOnly, { mode: 0o700 });
/** setup and uninstall as root from a shell whose TMPDIR and XDG dirs the owner cannot enter. */
const cliWithRootDirs = (...args: string[]) =>
  runIn(g.dir, reach(NODE), [reach(CLI_JS), ...args], {
    ...forOtherUser(hermetic(env)),
    TMPDIR: rootOnly,
    XDG_CACHE_HOME: path.join(rootOnly, 'cache'),
    XDG_CONFIG_HOME: path.join(rootOnly, 'config'),
  });

/** Every path below the state dir (itself included) whose owner is not the gateway's user. */
function notOwned(): string[] {
  const all = ['', ...(fs.readdirSync(g.stateDir, { recursive: true }) as string[])];
  return all.filter((f) => fs.lstatSync(path.join(g.stateDir, f)).uid !== OWNER).map((f) => f || '.');
}

/** Every path and its mtime, owner and mode: "nothing changed" means this is equal before and after. */
function snapshot(): string[] {
  const all = ['', ...(fs.readdirSync(g.stateDir, { recursive: true }) as string[])].sort();
  return all.map((f) => {
    const st = fs.lstatSync(path.join(g.stateDir, f));
    return `${f} ${st.mtimeMs} ${st.uid} ${(st.mode & 0o7777).toString(8)}`;
  });
}

const ownerConfigGet = () =>
  asUser(OWNER, g.realBin, ['config', 'get', KEY, '--json'], {
    OPENCLAW_STATE_DIR: g.stateDir,
    OPENCLAW_CONFIG_PATH: g.configPath,
  });

describe.skipIf(!isRoot)('as root on a state dir owned by another user', { timeout: 240_000 }, () => {
  it('refuses a user who is neither root nor the owner with the exact command, and changes nothing', async () => {
    const before = snapshot();
    const real = ['--real-openclaw', g.realBin];
    for (const args of [
      ['setup', '--state-dir', g.stateDir, '--apply', ...real],
      ['uninstall', '--state-dir', g.stateDir, '--apply', ...real],
      ['install', '--codex-home', g.codexHome, '--state-dir', g.stateDir, ...real],
      ['repair', '--state-dir', g.stateDir, '--apply'],
    ]) {
      const r = await asUser(STRANGER, NODE, [CLI_JS, ...args]);
      expect(r.exitCode, `${args[0]}: ${String(r.stderr)}`).toBe(77);
      expect(String(r.stderr)).toContain('belongs to nobody (uid 65534)');
      expect(String(r.stderr)).toContain(`sudo -u nobody openclaw-shim ${args[0]}`);
    }
    expect(snapshot()).toEqual(before);
  });

  it('setup --apply writes as the owner: every file and dir is theirs and their CLI reads the config', async () => {
    // Root's TMPDIR is no place the owner may write: OpenClaw, run as the owner, must not be given it (it falls
    // back to $TMPDIR/openclaw-<uid> when /tmp/openclaw is another user's, as once root has run openclaw).
    const r = await cliWithRootDirs('setup', '--state-dir', g.stateDir, '--apply', '--real-openclaw', g.realBin);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(notOwned()).toEqual([]);
    const got = await ownerConfigGet();
    expect(got.exitCode, String(got.stderr)).toBe(0);
    const launcher = JSON.parse(String(got.stdout)) as string;
    expect(launcher).toContain(path.join(g.stateDir, 'openclaw-shim', 'launcher'));
    // The gateway's user can enter every dir setup created and start the launcher and the shim.
    for (const bin of [launcher, path.join(g.codexHome, 'openclaw-shim', 'bin', 'openclaw')]) {
      expect((await asUser(OWNER, '/usr/bin/test', ['-x', bin])).exitCode, bin).toBe(0);
    }
    // The capture says where its paths came from: the flag named the state dir; the home is derived from it.
    const capture = JSON.parse(fs.readFileSync(path.join(g.codexHome, 'openclaw-shim', 'capture.json'), 'utf8'));
    expect(capture.stateDir.source).toBe('explicit-flag');
    expect(capture.home).toMatchObject({ value: g.home, source: 'derived' });
  });

  it('install and repair --apply write as the owner', async () => {
    const other = path.join(g.stateDir, 'agents', 'other', 'agent', 'codex-home');
    fs.mkdirSync(other, { recursive: true });
    const shadow = path.join(g.codexHome, 'home', '.openclaw', 'agents', 'main', 'sessions');
    fs.mkdirSync(shadow, { recursive: true });
    fs.writeFileSync(
      path.join(shadow, 'sessions.json'),
      JSON.stringify({ 'agent:main:x': { sessionId: 'x', updatedAt: 1 } }),
    );
    chownTree(g.stateDir, OWNER);
    const i = await cli('install', '--codex-home', other, '--state-dir', g.stateDir);
    expect(i.exitCode, String(i.stderr)).toBe(0);
    const rep = await cli('repair', '--state-dir', g.stateDir, '--apply');
    expect([0, 1], String(rep.stderr)).toContain(rep.exitCode);
    expect(fs.existsSync(path.join(g.stateDir, 'backups', 'openclaw-shim'))).toBe(true);
    expect(notOwned()).toEqual([]);
    expect((await ownerConfigGet()).exitCode).toBe(0);
  });

  it('uninstall --apply as root leaves only owner files and a config the owner reads', async () => {
    const r = await cliWithRootDirs('uninstall', '--state-dir', g.stateDir, '--apply', '--real-openclaw', g.realBin);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(fs.existsSync(path.join(g.stateDir, 'openclaw-shim', 'launcher'))).toBe(false);
    expect(notOwned()).toEqual([]);
    const got = await asUser(OWNER, g.realBin, ['config', 'get', 'agents', '--json'], {
      OPENCLAW_STATE_DIR: g.stateDir,
    });
    expect(got.exitCode, String(got.stderr)).toBe(0);
  });
});
