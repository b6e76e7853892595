// Which Codex the launcher runs, in order: override, setup's record, OpenClaw's env, managed, PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCodex } from '../../src/launch/find-codex.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-codex-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const exe = (rel: string, text = '#!/bin/sh\n'): string => {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text, { mode: 0o755 });
  return p;
};
const launcher = exe('bin/openclaw-codex-launch');
const pathCodex = exe('bin/codex');
const custom = exe('custom/my-codex');
// An OpenClaw install with its managed @openai/codex next to it (npm-hoisted).
const openclawPkg = path.join(dir, 'lib/node_modules/openclaw');
fs.mkdirSync(openclawPkg, { recursive: true });
fs.writeFileSync(path.join(openclawPkg, 'package.json'), '{"name":"openclaw"}');
const realOpenclaw = exe('lib/node_modules/openclaw/openclaw.mjs');
fs.mkdirSync(path.join(dir, 'lib/node_modules/@openai/codex/bin'), { recursive: true });
fs.writeFileSync(
  path.join(dir, 'lib/node_modules/@openai/codex/package.json'),
  '{"name":"@openai/codex","bin":{"codex":"bin/codex.js"}}',
);
const managed = exe('lib/node_modules/@openai/codex/bin/codex.js');

const base = { self: [launcher], realOpenclaw: [] as string[], nodePath: '/node' };
const PATH = path.join(dir, 'bin');

describe('findCodex', () => {
  it('OPENCLAW_SHIM_CODEX_BIN wins; a .mjs runs on the launcher Node', () => {
    expect(
      findCodex({ ...base, env: { PATH, OPENCLAW_SHIM_CODEX_BIN: custom }, recordedCommand: pathCodex }),
    ).toMatchObject({ ok: true, file: custom, args: [] });
    const js = exe('x/fake.mjs');
    expect(findCodex({ ...base, env: { OPENCLAW_SHIM_CODEX_BIN: js } })).toMatchObject({
      ok: true,
      file: '/node',
      args: [js],
    });
  });

  it('then the command setup recorded, then OPENCLAW_CODEX_APP_SERVER_BIN unless it is the launcher', () => {
    expect(findCodex({ ...base, env: { PATH }, recordedCommand: custom })).toMatchObject({ ok: true, file: custom });
    expect(findCodex({ ...base, env: { PATH, OPENCLAW_CODEX_APP_SERVER_BIN: custom } })).toMatchObject({
      ok: true,
      file: custom,
    });
    expect(findCodex({ ...base, env: { PATH, OPENCLAW_CODEX_APP_SERVER_BIN: launcher } })).toMatchObject({
      ok: true,
      file: pathCodex,
      source: 'codex on PATH',
    });
  });

  it('then the managed @openai/codex of the real openclaw install, run with node', () => {
    expect(findCodex({ ...base, env: { PATH }, realOpenclaw: [realOpenclaw] })).toMatchObject({
      ok: true,
      file: '/node',
      args: [managed],
    });
  });

  it('never the launcher itself; missing is 127', () => {
    expect(findCodex({ ...base, env: { PATH, OPENCLAW_SHIM_CODEX_BIN: launcher } })).toMatchObject({
      ok: false,
      code: 69,
    });
    expect(findCodex({ ...base, env: { PATH: '/nonexistent' } })).toMatchObject({ ok: false, code: 127 });
    expect(findCodex({ ...base, env: { OPENCLAW_SHIM_CODEX_BIN: path.join(dir, 'nope') } })).toMatchObject({
      ok: false,
      code: 127,
    });
  });
});
