// `openclaw-shim launch --codex-home <state>/acpx/codex-home -- <command>`: capture, PATH, exec.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';

const FAKE_CODEX = path.join(ROOT, 'test', 'launch', 'fixtures', 'fake-codex.mjs');
const g = makeGateway('json');
afterAll(() => g.cleanup());

describe('openclaw-shim launch', () => {
  it('captures for the acpx codex home, exports it, and execs the command with its argv and exit code', async () => {
    const acpxHome = path.join(g.stateDir, 'acpx', 'codex-home');
    const report = path.join(g.dir, 'acpx.json');
    const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home, FAKE_CODEX_REPORT: report, FAKE_CODEX_EXIT: '3' };
    const r = await runIn(
      g.dir,
      NODE,
      [CLI_JS, 'launch', '--codex-home', acpxHome, '--', NODE, FAKE_CODEX, '--x', '007', '-c', 'k="v"'],
      env,
      'ping\n',
    );
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('ping');
    const seen = JSON.parse(fs.readFileSync(report, 'utf8'));
    expect(seen.argv).toEqual(['--x', '007', '-c', 'k="v"']);
    expect(seen.env.CODEX_HOME).toBe(acpxHome);
    expect(seen.env.PATH.split(':')[0]).toBe(path.join(acpxHome, 'openclaw-shim', 'bin'));
    const capture = JSON.parse(fs.readFileSync(seen.env.OPENCLAW_SHIM_CAPTURE, 'utf8'));
    expect(capture.stateDir.value).toBe(g.stateDir);
  });
});
