// install and setup (dry run too) refuse a --node that cannot run the shim: exit 71, one line, nothing written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { SYSTEM_NODE, systemTooOld, systemVersion } from '../helpers/system-node.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-badnode-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const stateDir = path.join(dir, 'state');
const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
fs.mkdirSync(codexHome, { recursive: true });
fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
const env = { PATH: BASE_PATH, HOME: path.join(dir, 'home'), NO_COLOR: '1' };

const cli = (args: string[]) => runIn(dir, NODE, [CLI_JS, ...args], env);
const oneLine = (stderr: unknown): string[] => String(stderr).trim().split('\n');

describe.each([
  ['install', ['install', '--codex-home', codexHome, '--state-dir', stateDir]],
  ['setup (dry run)', ['setup', '--state-dir', stateDir]],
])('%s --node', (_name, args) => {
  it.skipIf(!systemTooOld)(
    `${SYSTEM_NODE} (Node ${systemVersion ?? 'absent'}): exit 71 naming it, its version and the fix`,
    async () => {
      const r = await cli([...args, '--node', SYSTEM_NODE]);
      expect(r.exitCode).toBe(71);
      expect(oneLine(r.stderr)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^openclaw-shim: --node ${SYSTEM_NODE} is Node v${systemVersion!.replace(/\./g, '\\.')}, older than 22\\.12: .*fix: pass --node <a Node >= 22\\.12`,
          ),
        ),
      ]);
      expect(String(r.stdout)).toBe('');
      expect(fs.existsSync(path.join(codexHome, 'openclaw-shim'))).toBe(false);
    },
  );

  it('/bin/false: not a runnable Node (not a missing Codex plugin), exit 71', async () => {
    const r = await cli([...args, '--node', '/bin/false']);
    expect(r.exitCode).toBe(71);
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(/^openclaw-shim: --node \/bin\/false is not a runnable Node/),
    ]);
    expect(String(r.stderr)).not.toMatch(/plugin|Launcher check/);
    expect(fs.existsSync(path.join(codexHome, 'openclaw-shim'))).toBe(false);
  });

  it('a path that does not exist: exit 71', async () => {
    const r = await cli([...args, '--node', path.join(dir, 'no', 'node')]);
    expect(r.exitCode).toBe(71);
    expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/--node .*\/no\/node does not exist; fix: /)]);
  });
});

it('install --node with this Node still installs (exit 0)', async () => {
  const r = await cli(['install', '--codex-home', codexHome, '--state-dir', stateDir, '--node', NODE]);
  expect(r.exitCode).toBe(0);
  expect(fs.readFileSync(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'), 'utf8')).toContain(`'${NODE}'`);
});
