// The launcher keeps its identity (it execs Codex): when root writes into another user's codex home,
// the shim and capture it creates are handed to that home's owner.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { BASE_PATH } from '../helpers/paths.ts';

const OWNER = 65534;
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-lown-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.getuid?.() !== 0)("launch capture as root in another user's codex home", () => {
  it("creates the shim dir, shim and capture owned by the codex home's owner, and stays root", () => {
    const stateDir = path.join(dir, 'gw', '.openclaw');
    const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
    fs.mkdirSync(codexHome, { recursive: true });
    fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{}\n');
    for (const f of ['', ...(fs.readdirSync(path.join(dir, 'gw'), { recursive: true }) as string[])])
      fs.lchownSync(path.join(dir, 'gw', f), OWNER, OWNER);
    const r = installShim({
      codexHome,
      env: { PATH: BASE_PATH, HOME: path.join(dir, 'gw') },
      flags: { stateDir },
      command: 'launch',
    });
    const created = [
      'openclaw-shim',
      'openclaw-shim/bin',
      'openclaw-shim/bin/openclaw',
      'openclaw-shim/capture.json',
    ].map((p) => path.join(codexHome, p));
    expect(created.map((p) => fs.lstatSync(p).uid)).toEqual(created.map(() => OWNER));
    // Whatever else the launch wrote there (login shell files) is the owner's too.
    expect(r.actions.filter((a) => a.action !== 'unchanged').map((a) => [a.path, fs.lstatSync(a.path).uid])).toEqual(
      r.actions.filter((a) => a.action !== 'unchanged').map((a) => [a.path, OWNER]),
    );
    expect(r.actions.slice(0, 2).map((a) => a.action)).toEqual(['created', 'created']);
    const everything = (fs.readdirSync(codexHome, { recursive: true }) as string[]).map((f) => path.join(codexHome, f));
    expect(everything.filter((p) => fs.lstatSync(p).uid !== OWNER)).toEqual([]);
    expect(process.getuid!()).toBe(0);
  });
});
