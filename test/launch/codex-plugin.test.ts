// Where the launcher finds the Codex the gateway would run when the codex plugin is installed (fake trees).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  codexInstallPathOf,
  orderProjectDirs,
  recordedCodexPluginRoots,
  scannedCodexPluginRoots,
} from '../../src/launch/codex-plugin.ts';
import { findCodex } from '../../src/launch/find-codex.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-plugin-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshState = (): string => fs.mkdirSync(path.join(tmp, `s${++n}`, '.openclaw'), { recursive: true })!;

const write = (p: string, text: string, mode = 0o644): string => {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text, { mode });
  return p;
};

/** `<project>/node_modules/@openclaw/codex` with `@openai/codex` hoisted beside it, as `openclaw plugins install` lays it out. */
function pluginProject(projectDir: string): { root: string; codex: string } {
  const root = path.join(projectDir, 'node_modules', '@openclaw', 'codex');
  write(path.join(root, 'package.json'), '{"name":"@openclaw/codex","version":"2026.9.5"}');
  write(
    path.join(projectDir, 'node_modules', '@openai', 'codex', 'package.json'),
    '{"name":"@openai/codex","bin":{"codex":"bin/codex.js"}}',
  );
  const codex = write(
    path.join(projectDir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'),
    '#!/usr/bin/env node\n',
    0o755,
  );
  return { root, codex };
}

const sqliteIndex = (stateDir: string, installPath: string): void => {
  fs.mkdirSync(path.join(stateDir, 'state'), { recursive: true });
  const db = new DatabaseSync(path.join(stateDir, 'state', 'openclaw.sqlite'));
  db.exec('CREATE TABLE config_machine_state (state_key TEXT PRIMARY KEY, value_json TEXT)');
  const value = { revision: 1, index: { version: 1, installRecords: { codex: { source: 'npm', installPath } } } };
  db.prepare('INSERT INTO config_machine_state VALUES (?, ?)').run('plugins.installedIndex', JSON.stringify(value));
  db.close();
};

const base = { self: [] as string[], realOpenclaw: [] as string[], nodePath: '/node', env: { PATH: '/nonexistent' } };

describe('the codex plugin install record', () => {
  it('reads installPath from both index shapes and ignores anything else', () => {
    expect(codexInstallPathOf({ installRecords: { codex: { installPath: '/a' } } })).toBe('/a');
    expect(
      codexInstallPathOf({
        plugins: [
          { pluginId: 'other', installRecord: { installPath: '/x' } },
          { pluginId: 'codex', installRecord: { installPath: '/b' } },
        ],
      }),
    ).toBe('/b');
    expect(codexInstallPathOf({ installRecords: { other: { installPath: '/x' } } })).toBeUndefined();
    expect(codexInstallPathOf({ installRecords: { codex: { installPath: 7 } } })).toBeUndefined();
    expect(codexInstallPathOf('nope')).toBeUndefined();
  });

  it('orders project dirs: the plain one, then install generations newest first', () => {
    const g = '__openclaw-generation__g-';
    expect(
      orderProjectDirs([
        { name: `p${g}1111`, mtimeMs: 1 },
        { name: 'p', mtimeMs: 0 },
        { name: `p${g}2222`, mtimeMs: 5 },
      ]),
    ).toEqual(['p', `p${g}2222`, `p${g}1111`]);
  });
});

describe('findCodex with the codex plugin installed', () => {
  it('2026.9.x: the plugin under <state>/npm/projects/… recorded in SQLite, run on the launcher Node', () => {
    const stateDir = freshState();
    const p = pluginProject(path.join(stateDir, 'npm', 'projects', 'openclaw-codex-8902d781d4'));
    sqliteIndex(stateDir, p.root);
    expect(recordedCodexPluginRoots(stateDir)).toEqual([p.root]);
    const found = findCodex({ ...base, stateDir });
    expect(found).toMatchObject({ ok: true, file: '/node', args: [p.codex] });
    expect(found.ok && found.source).toContain(p.root);
  });

  it('the recorded install wins over a stale project dir and over a Codex bundled with openclaw', () => {
    const stateDir = freshState();
    const stale = pluginProject(path.join(stateDir, 'npm', 'projects', 'openclaw-codex-8902d781d4'));
    const live = pluginProject(
      path.join(stateDir, 'npm', 'projects', 'openclaw-codex-8902d781d4__openclaw-generation__g-0123456789abcdef'),
    );
    write(
      path.join(stateDir, 'plugins', 'installs.json'),
      JSON.stringify({ installRecords: { codex: { installPath: live.root } } }),
    );
    const lib = path.join(tmp, `lib${n}`, 'node_modules');
    write(path.join(lib, 'openclaw', 'package.json'), '{"name":"openclaw"}');
    const real = write(path.join(lib, 'openclaw', 'openclaw.mjs'), '#!/bin/sh\n', 0o755);
    write(
      path.join(lib, '@openai', 'codex', 'package.json'),
      '{"name":"@openai/codex","bin":{"codex":"bin/codex.js"}}',
    );
    const bundled = write(path.join(lib, '@openai', 'codex', 'bin', 'codex.js'), '#!/bin/sh\n', 0o755);
    expect(findCodex({ ...base, stateDir, realOpenclaw: [real] })).toMatchObject({ ok: true, args: [live.codex] });
    // No record: the Codex bundled with the OpenClaw install (2026.5.x), then the plain project dir.
    fs.rmSync(path.join(stateDir, 'plugins'), { recursive: true });
    expect(findCodex({ ...base, stateDir, realOpenclaw: [real] })).toMatchObject({ ok: true, args: [bundled] });
    expect(findCodex({ ...base, stateDir })).toMatchObject({ ok: true, args: [stale.codex] });
  });

  it('a record whose install is gone falls back to what is on disk; <state>/extensions/codex last', () => {
    const stateDir = freshState();
    write(
      path.join(stateDir, 'plugins', 'installs.json'),
      JSON.stringify({ installRecords: { codex: { installPath: path.join(stateDir, 'gone') } } }),
    );
    const ext = path.join(stateDir, 'extensions', 'codex');
    write(path.join(ext, 'package.json'), '{"name":"@openclaw/codex"}');
    write(path.join(ext, 'node_modules', '@openai', 'codex', 'package.json'), '{"name":"@openai/codex"}');
    const codex = write(path.join(ext, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'), '#!/bin/sh\n', 0o755);
    expect(scannedCodexPluginRoots(stateDir)).toEqual([ext]);
    expect(findCodex({ ...base, stateDir })).toMatchObject({ ok: true, args: [codex] });
  });

  it('nothing installed: 127 naming the state dir it looked in and the fix', () => {
    const stateDir = freshState();
    const found = findCodex({ ...base, stateDir });
    expect(found).toMatchObject({ ok: false, code: 127 });
    expect(!found.ok && found.message).toContain(stateDir);
    expect(!found.ok && found.message).toContain('openclaw plugins install @openclaw/codex');
  });
});

describe('a config outside the state dir (2026.9.x resolveConfigDir)', () => {
  it('with only OPENCLAW_CONFIG_PATH set, the plugin is looked for beside the config, as OpenClaw installs it there', () => {
    const stateDir = freshState();
    const configDir = path.join(tmp, `conf${++n}`);
    const { codex } = pluginProject(path.join(configDir, 'npm', 'projects', 'openclaw-codex'));
    const env = { PATH: '/nonexistent', OPENCLAW_CONFIG_PATH: path.join(configDir, 'openclaw.json') };
    expect(findCodex({ ...base, env, stateDir })).toMatchObject({ ok: true, file: '/node', args: [codex] });
  });

  it('with OPENCLAW_STATE_DIR set too, the state dir is the plugin root, and the message names where it looked', () => {
    const stateDir = freshState();
    const configDir = path.join(tmp, `conf${++n}`);
    pluginProject(path.join(configDir, 'npm', 'projects', 'openclaw-codex'));
    const env = {
      PATH: '/nonexistent',
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: path.join(configDir, 'openclaw.json'),
    };
    const r = findCodex({ ...base, env, stateDir });
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.message).toContain(`looked for the codex plugin in ${stateDir})`);
  });
});
