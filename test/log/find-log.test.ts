// `openclaw-shim log` finds the log where the shim wrote it (the codex home's fallback too), or says where it looked.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXIT } from '../../src/lib/exit.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let fakeDir: string;
const cli = (args: string[], env: Record<string, string>) =>
  run(NODE, { args: [CLI_JS, 'log', ...args], env: { PATH: '/usr/bin:/bin', NO_COLOR: '1', ...env }, cwd: sb.dir });

beforeAll(() => {
  sb = makeShimSandbox();
  fakeDir = sb.fake('echo ok');
});
afterAll(() => sb.cleanup());

it("reads the codex home's fallback log the shim wrote when <state>/logs could not be written", async () => {
  // A file where the logs dir should be: the shim cannot write <state>/logs/ and falls back to the codex home.
  fs.writeFileSync(path.join(sb.stateDir, 'logs'), 'not a dir\n');
  const call = await run(sb.shim, { args: ['agents', 'list'], env: sb.env([fakeDir]) });
  expect(call.code, call.stderr).toBe(0);
  const fallback = path.join(sb.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl');
  expect(fs.existsSync(fallback)).toBe(true);
  // The operator's shell: no CODEX_HOME, the gateway's home.
  const r = await cli(['--state-dir', sb.stateDir, '--json'], { HOME: sb.home });
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout.toString()) as { files: string[]; records: Array<{ argv: string[] }> };
  expect(out.files).toContain(fallback);
  expect(out.records.map((x) => x.argv)).toContainEqual(['agents', 'list']);
});

/** The machine's own private temp log (log reads /tmp's as well as $TMPDIR's): records there would be found. */
const hostTmpLog = `/tmp/openclaw-shim-${process.getuid?.() ?? 0}/openclaw-shim.jsonl`;

it.skipIf(fs.existsSync(hostTmpLog))(
  'from an isolated HOME with no state to find, says exactly where it looked',
  async () => {
    const codexHome = path.join(sb.dir, 'elsewhere', 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
    const tmpLog = path.join(sb.dir, `openclaw-shim-${process.getuid?.() ?? 0}`, 'openclaw-shim.jsonl');
    const isolated = await cli([], { HOME: path.join(codexHome, 'home'), TMPDIR: sb.dir });
    expect(isolated.code).toBe(EXIT.NO_INPUT);
    const line = isolated.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^openclaw-shim: no redirect log yet: looked at /);
    expect(line).toContain(path.join(codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl'));
    expect(line).toContain(tmpLog);
    const plain = path.join(sb.dir, 'plain-home');
    fs.mkdirSync(plain);
    const nowhere = await cli([], { HOME: plain, TMPDIR: sb.dir });
    expect(nowhere.code).toBe(EXIT.NO_INPUT);
    expect(nowhere.stderr.trim().split('\n')).toHaveLength(1);
    expect(nowhere.stderr).toContain(`no OpenClaw state or codex home found from here`);
    expect(nowhere.stderr).toContain(tmpLog);
    expect(nowhere.stderr.trim()).toMatch(/pass --state-dir or --file$/);
  },
);

it('with a state and no log yet, names every file it looked at', async () => {
  const fresh = makeShimSandbox();
  try {
    const r = await cli(['--state-dir', fresh.stateDir], { HOME: fresh.home });
    expect(r.code).toBe(EXIT.NO_INPUT);
    expect(r.stderr).toContain(path.join(fresh.stateDir, 'logs', 'openclaw-shim.jsonl'));
    expect(r.stderr).toContain(path.join(fresh.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl'));
  } finally {
    fresh.cleanup();
  }
});

it('with no option, reads the log of $HOME/.openclaw as doctor and repair do, though $HOME is not the passwd home', async () => {
  const fresh = makeShimSandbox();
  try {
    const call = await run(fresh.shim, { args: ['agents', 'list'], env: fresh.env([fakeDir]) });
    expect(call.code, call.stderr).toBe(0);
    const log = path.join(fresh.stateDir, 'logs', 'openclaw-shim.jsonl');
    expect(fs.existsSync(log)).toBe(true);
    const r = await run(NODE, {
      args: [CLI_JS, 'log', '--json'],
      env: { PATH: '/usr/bin:/bin', NO_COLOR: '1', HOME: fresh.home },
      cwd: fresh.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.toString()) as { file: string; records: Array<{ argv: string[] }> };
    expect(out.file).toBe(log);
    expect(out.records.map((x) => x.argv)).toContainEqual(['agents', 'list']);
  } finally {
    fresh.cleanup();
  }
});
