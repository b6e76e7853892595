// The packed tarball, installed globally into a fresh prefix as the README says: docs shipped, no
// install script, and the installed CLI and launcher run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { NODE_DIR, ROOT } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-pack-')));
const prefix = path.join(dir, 'prefix');
const installed = path.join(prefix, 'lib', 'node_modules', 'openclaw-shim');
const ownPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
let installLog = '';

/** npm with this Node first on PATH and the global prefix in the temp dir (nothing else is touched). */
const npm = (args: string[], cwd: string) =>
  execa('npm', args, {
    cwd,
    env: {
      PATH: `${NODE_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? os.homedir(),
      npm_config_prefix: prefix,
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
    extendEnv: false,
    all: true,
  });

/** The installed CLI as an operator runs it: only the prefix's bin and a new-enough Node on PATH. */
const installedCli = (args: string[], env: Record<string, string> = {}) =>
  execa(path.join(prefix, 'bin', 'openclaw-shim'), args, {
    cwd: dir,
    env: hermetic({
      PATH: [path.join(prefix, 'bin'), NODE_DIR, '/usr/bin', '/bin'].join(path.delimiter),
      HOME: path.join(dir, 'home'),
      ...env,
    }),
    extendEnv: false,
    reject: false,
  });

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'home'));
  // dist/ is already built (the global setup checks); --ignore-scripts keeps prepack from rebuilding
  // it under the feet of tests running in parallel. Everything else is `npm pack` as the README runs it.
  const packed = await npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], ROOT);
  const tgz = path.join(dir, packed.stdout.trim().split('\n').pop()!);
  const install = await npm(['install', '-g', '--prefer-offline', tgz], dir);
  installLog = install.all ?? '';
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm pack, then npm install -g into a fresh prefix', () => {
  it('the README tells the same install line the test runs', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toContain('npm install -g "$(npm pack --silent)"');
  });

  it('ships bin, dist, docs and the README, no build script, and no install script for npm to warn about', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(manifest.scripts?.[hook], hook).toBeUndefined();
    expect(installLog).not.toMatch(/install-scripts|allow-scripts/);
    expect(fs.existsSync(path.join(installed, 'scripts'))).toBe(false);
    // dist/shim-source-key: doctor tells this build's shim code cache from another's by it.
    for (const f of ['README.md', 'dist/cli.mjs', 'dist/shim.mjs', 'dist/launch.mjs', 'dist/shim-source-key'])
      expect(fs.existsSync(path.join(installed, f)), f).toBe(true);
    // Every docs/ page the README links is in the package.
    const linked = [
      ...fs.readFileSync(path.join(installed, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#]+)\)/g),
    ].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(3);
    for (const doc of linked) expect(fs.existsSync(path.join(installed, doc)), doc).toBe(true);
  });

  it('the installed openclaw-shim answers --help (pointing at its docs) and --version', async () => {
    const help = await installedCli(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/setup/);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      `docs/reference.md; the operator's guide: docs/operators-guide.md (in ${installed})`,
    );
    const version = await installedCli(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(ownPackage.version);
  });

  it('the installed explain --json resolves a gateway-shaped temp state from inside its codex home', async () => {
    const state = path.join(dir, 'gw', '.openclaw');
    const codexHome = path.join(state, 'agents', 'main', 'agent', 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
    fs.writeFileSync(path.join(state, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
    const r = await installedCli(['explain', '--json'], { HOME: path.join(codexHome, 'home'), CODEX_HOME: codexHome });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { decision: string; canonical: { stateDir: { value: string } } };
    expect(report.decision).toBe('redirected');
    expect(report.canonical.stateDir.value).toBe(state);
  });

  it('installs openclaw-codex-launch next to it, runnable', async () => {
    const launcher = path.join(prefix, 'bin', 'openclaw-codex-launch');
    expect(fs.realpathSync(launcher)).toBe(path.join(installed, 'bin', 'openclaw-codex-launch.mjs'));
    fs.accessSync(launcher, fs.constants.X_OK);
  });
});
