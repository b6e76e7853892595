// Installing a package into the cache runs its postinstall with a throwaway HOME and state: an
// OpenClaw-like postinstall that writes `<state>/plugins/installs.json` never reaches the user's home.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installOnce } from '../../src/lib/npm-cache.ts';
import { NODE_DIR } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-npmcache-')));
const scratchHome = path.join(dir, 'home');
const saved = { HOME: process.env.HOME, npm_config_cache: process.env.npm_config_cache, PATH: process.env.PATH };

/** OpenClaw's postinstall resolves the state like its CLI: OPENCLAW_STATE_DIR, else (OPENCLAW_HOME or HOME)/.openclaw. */
const POSTINSTALL = `
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const home = process.env.OPENCLAW_HOME || process.env.HOME || os.homedir();
const state = process.env.OPENCLAW_STATE_DIR || path.join(home, '.openclaw');
fs.mkdirSync(path.join(state, 'plugins'), { recursive: true });
fs.writeFileSync(path.join(state, 'plugins', 'installs.json'), JSON.stringify({ installs: {} }));
// Where it wrote, for the test to see that it ran.
fs.writeFileSync(path.join(__dirname, 'postinstall-wrote'), state);
`;

let tgz: string;
beforeAll(async () => {
  const pkg = path.join(dir, 'pkg');
  fs.mkdirSync(pkg);
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({
      name: 'fake-openclaw-postinstall',
      version: '1.0.0',
      scripts: { postinstall: 'node postinstall.cjs' },
    }),
  );
  fs.writeFileSync(path.join(pkg, 'postinstall.cjs'), POSTINSTALL);
  const packed = await execa('npm', ['pack', '--silent', '--pack-destination', dir], {
    cwd: pkg,
    env: {
      PATH: `${NODE_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: dir,
      npm_config_cache: path.join(dir, 'npm-cache'),
    },
    extendEnv: false,
  });
  tgz = path.join(dir, packed.stdout.trim());
  fs.mkdirSync(scratchHome);
  // The user installing: this scratch HOME, with npm's cache kept inside the temp dir.
  process.env.HOME = scratchHome;
  process.env.npm_config_cache = path.join(dir, 'npm-cache');
}, 60_000);
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('installOnce', () => {
  it('runs the postinstall against a throwaway state, removed after: the installing HOME gets no .openclaw', async () => {
    const target = path.join(dir, 'cache', 'fake');
    const marker = await installOnce({
      spec: tgz,
      target,
      marker: (d) => path.join(d, 'node_modules', 'fake-openclaw-postinstall', 'postinstall-wrote'),
      allowScripts: ['fake-openclaw-postinstall'],
    });
    // The postinstall ran, and wrote inside the install's own throwaway home...
    const wrote = fs.readFileSync(marker, 'utf8');
    expect(wrote).toMatch(/\.install-home\/\.openclaw$/);
    // ...which is gone; the user's HOME holds no OpenClaw state, and the cache only the package.
    expect(fs.existsSync(wrote)).toBe(false);
    expect(fs.existsSync(path.join(scratchHome, '.openclaw'))).toBe(false);
    expect(fs.readdirSync(scratchHome)).toEqual([]);
    expect(fs.readdirSync(target).sort()).toEqual(['node_modules', 'package.json']);
  }, 120_000);
});
