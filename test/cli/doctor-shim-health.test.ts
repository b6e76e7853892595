// doctor on shims that fail every tool call (built CLI, a real install): never "shim ok", each told apart, with its fix.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { SYSTEM_NODE, systemTooOld, systemVersion } from '../helpers/system-node.ts';
import { thisBuildsKey } from '../../src/doctor/code-cache-check.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-drshim-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const stateDir = path.join(dir, 'state');
const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
const shim = path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw');
fs.mkdirSync(codexHome, { recursive: true });
fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{ agents: { list: [ { id: "main", default: true } ] } }\n');
const env = { PATH: BASE_PATH, HOME: path.join(dir, 'home'), NO_COLOR: '1' };

const cli = (args: string[]) => runIn(dir, NODE, [CLI_JS, ...args], env);
/** A tool call in this codex home, as Codex runs it: the shim file executed directly. */
const toolCall = () =>
  runIn(dir, shim, ['--version'], { ...env, CODEX_HOME: codexHome, HOME: path.join(codexHome, 'home') });

interface Report {
  codexHomes: Array<{ path: string; shim: string }>;
  findings: Array<{ code: string; severity: string; message: string; fix: string; path?: string }>;
}
async function doctor(): Promise<{ exitCode: number | undefined; report: Report; text: string }> {
  const json = await cli(['doctor', '--state-dir', stateDir, '--json']);
  const text = await cli(['doctor', '--state-dir', stateDir]);
  return { exitCode: json.exitCode, report: JSON.parse(String(json.stdout)) as Report, text: String(text.stdout) };
}
const homeLine = (text: string): string => text.split('\n').find((l) => l.includes(`codex home ${codexHome}`)) ?? '';
const shimFindings = (r: Report) => r.findings.filter((f) => f.code.startsWith('SHIM_') || f.code === 'NODE_UNUSABLE');

beforeEach(async () => {
  const r = await cli(['install', '--codex-home', codexHome, '--state-dir', stateDir, '--node', NODE]);
  expect(r.exitCode).toBe(0);
});

describe('doctor on a freshly installed shim', () => {
  it('shim ok, and no shim finding', async () => {
    const { report, text } = await doctor();
    expect(report.codexHomes[0]!.shim).toBe('ok');
    expect(shimFindings(report)).toEqual([]);
    expect(homeLine(text)).toMatch(/^\[ok\] +codex home .*: shim ok, capture ok$/);
  });
});

describe('(a) the shim cut to half its length', () => {
  it('every tool call fails (SyntaxError, exit 1); doctor: shim damaged, SHIM_DAMAGED error, the install fix', async () => {
    const text = fs.readFileSync(shim, 'utf8');
    fs.writeFileSync(shim, text.slice(0, text.length >> 1));
    const call = await toolCall();
    expect(call.exitCode).toBe(1);
    expect(String(call.stderr)).toContain('SyntaxError');

    const d = await doctor();
    expect(d.exitCode).toBe(1);
    expect(d.report.codexHomes[0]!.shim).toBe('damaged');
    expect(shimFindings(d.report)).toEqual([
      expect.objectContaining({
        code: 'SHIM_DAMAGED',
        severity: 'error',
        path: shim,
        message: expect.stringContaining(`is cut short (${text.length >> 1} of the ${text.length} bytes`),
        fix: `openclaw-shim install --codex-home ${codexHome} --state-dir ${stateDir}`,
      }),
    ]);
    expect(homeLine(d.text)).toMatch(/^\[FAIL\] codex home .*: shim damaged, capture ok$/);
  });

  it('the fix doctor gives makes the shim whole again: doctor says ok', async () => {
    // beforeEach ran the fix (install); the damaged file of the test before is gone.
    const { report } = await doctor();
    expect(report.codexHomes[0]!.shim).toBe('ok');
  });
});

describe('an older build of the shim, whole', () => {
  it('still runs, so a warning (SHIM_OUTDATED) naming the install fix, not an error', async () => {
    const text = fs.readFileSync(shim, 'utf8');
    // An older build: other code, and so another key (install writes each build's into its shim).
    const older = text
      .replace('"use strict";', '"use strict";var anOlderBuild=1;')
      .replaceAll(thisBuildsKey(), 'e'.repeat(64));
    fs.writeFileSync(shim, older);
    const d = await doctor();
    expect(d.report.codexHomes[0]!.shim).toBe('outdated');
    expect(shimFindings(d.report)).toEqual([
      expect.objectContaining({ code: 'SHIM_OUTDATED', severity: 'warn', fix: expect.stringContaining('install') }),
    ]);
    expect(homeLine(d.text)).toMatch(/^\[warn\] codex home .*: shim outdated/);
  });
});

/** The shim install wrote before it refused such a --node: the same file, recording `node` instead. */
const recordNode = (node: string): void => fs.writeFileSync(shim, fs.readFileSync(shim, 'utf8').replaceAll(NODE, node));

describe('(b) a shim whose recorded Node cannot run it', () => {
  it.skipIf(!systemTooOld)(
    `${SYSTEM_NODE} (Node ${systemVersion ?? 'absent'}): every call exits 71; doctor: node-unusable, NODE_UNUSABLE naming it, the --node fix`,
    async () => {
      recordNode(SYSTEM_NODE);
      const call = await toolCall();
      expect(call.exitCode).toBe(71);

      const d = await doctor();
      expect(d.exitCode).toBe(1);
      expect(d.report.codexHomes[0]!.shim).toBe('node-unusable');
      expect(shimFindings(d.report)).toEqual([
        expect.objectContaining({
          code: 'NODE_UNUSABLE',
          severity: 'error',
          path: shim,
          message: expect.stringContaining(`${SYSTEM_NODE} is v${systemVersion}, older than 22.12`),
          fix: expect.stringMatching(/^openclaw-shim install --codex-home .* --node <a Node >= 22\.12/),
        }),
      ]);
      expect(homeLine(d.text)).toMatch(/^\[FAIL\] codex home .*: shim node-unusable, capture ok$/);
    },
  );

  it('an executable that is no Node (/bin/false): the prelude execs it, every call fails; doctor: node-unusable', async () => {
    recordNode('/bin/false');
    const call = await toolCall();
    expect(call.exitCode).not.toBe(0);

    const d = await doctor();
    expect(d.report.codexHomes[0]!.shim).toBe('node-unusable');
    expect(shimFindings(d.report)).toEqual([
      expect.objectContaining({
        code: 'NODE_UNUSABLE',
        severity: 'error',
        message: expect.stringContaining('/bin/false does not run as a Node'),
      }),
    ]);
  });
});
