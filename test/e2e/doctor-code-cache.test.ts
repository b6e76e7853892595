// doctor on the code cache a real shim call wrote (real OpenClaw 2026.5.12): damaged is an error with its fix, another build's is fine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, makeHealthy } from '../repair/fixtures.ts';
import { makeGateway, runIn } from '../helpers/sandbox.ts';

const gw = makeGateway('json', { agents: ['main'] });
afterAll(() => gw.cleanup());
const shimDir = path.join(gw.codexHome, 'openclaw-shim', 'bin');
const cacheFile = path.join(gw.codexHome, 'openclaw-shim', 'shim-code-cache');

/** A tool call in the agent's codex home: the shim first on PATH, the real CLI behind it. */
const toolCall = () =>
  runIn(gw.dir, 'openclaw', ['--version'], { ...gw.isolatedEnv(), PATH: `${shimDir}:${gw.isolatedEnv().PATH}` });

interface Report {
  codexHomes: Array<{ path: string; shim: string; codeCache?: string }>;
  findings: Array<{ code: string; severity: string; message: string; fix: string; path?: string }>;
}
async function doctor(): Promise<{ exitCode: number | undefined; report: Report }> {
  const r = await cli(gw, ['doctor', '--state-dir', gw.stateDir, '--json']);
  return { exitCode: r.exitCode, report: JSON.parse(String(r.stdout)) as Report };
}
const home = (r: Report) => r.codexHomes.find((h) => h.path === gw.codexHome)!;
const cacheFindings = (r: Report) => r.findings.filter((f) => f.code === 'CODE_CACHE_DAMAGED');

describe('the code cache of a real shim install', () => {
  it('a tool call writes it; doctor: codeCache ok, no finding', async () => {
    await makeHealthy(gw);
    const call = await toolCall();
    expect(call.exitCode).toBe(0);
    expect(String(call.stdout)).toMatch(/OpenClaw 2026\.5\.12/);
    expect(fs.existsSync(cacheFile)).toBe(true);
    const { exitCode, report } = await doctor();
    expect(home(report)).toMatchObject({ shim: 'ok', codeCache: 'ok' });
    expect(cacheFindings(report)).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it('(c) a byte of its payload changed: a CODE_CACHE_DAMAGED warning naming the file, fix rm -f; doctor removes nothing', async () => {
    const bytes = fs.readFileSync(cacheFile);
    bytes[bytes.length >> 1]! ^= 0x5a;
    fs.writeFileSync(cacheFile, bytes);
    const { exitCode, report } = await doctor();
    expect(exitCode).toBe(1); // a warning is a finding: not healthy
    expect(home(report).codeCache).toBe('damaged');
    expect(cacheFindings(report)).toEqual([
      expect.objectContaining({
        severity: 'warn',
        path: cacheFile,
        message: expect.stringContaining(cacheFile),
        fix: expect.stringMatching(new RegExp(`^rm -f ${cacheFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `)),
      }),
    ]);
    expect(fs.readFileSync(cacheFile)).toEqual(bytes);
    const text = await cli(gw, ['doctor', '--state-dir', gw.stateDir]);
    expect(String(text.stdout)).toMatch(/\[warn\] codex home .*: shim ok, capture ok, code cache damaged/);
    // And the shim itself refuses the damaged cache: the call works, and leaves a whole cache behind.
    expect((await toolCall()).exitCode).toBe(0);
    expect(home((await doctor()).report).codeCache).toBe('ok');
  });

  it('the fix (rm -f) then a tool call: a fresh cache, doctor ok again', async () => {
    fs.rmSync(cacheFile);
    expect(home((await doctor()).report).codeCache).toBe('none');
    expect((await toolCall()).exitCode).toBe(0);
    const { exitCode, report } = await doctor();
    expect(home(report).codeCache).toBe('ok');
    expect(exitCode).toBe(0);
  });

  it("another build's cache (another key in its header) is fine: the shim replaces it on its next call", async () => {
    const bytes = fs.readFileSync(cacheFile);
    bytes.fill(0x30, 0, 64); // another build's 64-hex key
    fs.writeFileSync(cacheFile, bytes);
    const before = await doctor();
    expect(home(before.report).codeCache).toBe('other-build');
    expect(cacheFindings(before.report)).toEqual([]);
    expect(before.exitCode).toBe(0);
    expect((await toolCall()).exitCode).toBe(0);
    expect(home((await doctor()).report).codeCache).toBe('ok');
  });
});
