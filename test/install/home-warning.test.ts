// install without --home: a home guessed from this shell is recorded as such, with a warning naming --home.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { homeWarning } from '../../src/install/home-warning.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { runIn } from '../helpers/sandbox.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-home-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
// A state dir whose name says nothing about its home (a system service's), and an installer's HOME.
const stateDir = path.join(dir, 'var', 'lib', 'openclaw');
const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
fs.mkdirSync(codexHome, { recursive: true });
fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{}\n');
const installer = path.join(dir, 'installer');
fs.mkdirSync(installer);

describe('install without --home', () => {
  it("warns and names --home when the home is this shell's HOME", async () => {
    const r = await runIn(
      dir,
      NODE,
      [CLI_JS, 'install', '--codex-home', codexHome, '--state-dir', stateDir, '--json'],
      { PATH: BASE_PATH, HOME: installer },
    );
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toContain(`the gateway's home was taken from this shell (${installer}`);
    expect(String(r.stderr)).toContain('--home <the gateway');
    const out = JSON.parse(String(r.stdout));
    expect(out.capture.home).toMatchObject({ value: installer, source: 'derived', detail: 'HOME (not isolated)' });
    expect(out.warnings).toHaveLength(1);
  });

  it('says nothing with --home, or when the state dir is <home>/.openclaw', () => {
    const gw = path.join(dir, 'gw');
    expect(
      installShim({
        codexHome,
        env: { PATH: BASE_PATH, HOME: installer },
        flags: { stateDir, home: gw },
        command: 'install',
      }).warnings,
    ).toEqual([]);
    expect(
      homeWarning(
        { value: '/home/gw', source: 'derived', detail: 'parent of /home/gw/.openclaw' },
        { stateDir: '/home/gw/.openclaw' },
      ),
    ).toBeUndefined();
    expect(homeWarning({ value: '/root', source: 'passwd-home', detail: 'passwd home /root' }, undefined)).toContain(
      '--home',
    );
  });
});
