// The real OpenClaw's engines recorded in the capture at install: the shim uses them while the package.json is unchanged.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Capture } from '../../src/canonical/capture.ts';
import { installShim } from '../../src/install/install.ts';
import { enginesOf } from '../../src/shim/real-script.ts';
import { NODE } from '../helpers/paths.ts';
import { makeGateway, type Flavor, type Gateway } from '../helpers/sandbox.ts';
import { readLog, run } from '../shim/support.ts';

vi.setConfig({ testTimeout: 300_000 }); // a real CLI call takes 1 s on a quiet machine, 30 s under load
const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

describe.each(['json', 'sqlite'] as Flavor[])('real OpenClaw (%s flavor)', (flavor) => {
  const g = makeGateway(flavor, { agents: ['main'] });
  gateways.push(g);
  const s = installShim({
    codexHome: g.codexHome,
    env: { PATH: `${g.realBinDir}:${process.env.PATH}`, HOME: g.home },
    flags: { stateDir: g.stateDir },
    command: 'install',
    nodePath: NODE,
  });
  const readCapture = (): Capture => JSON.parse(fs.readFileSync(s.capturePath, 'utf8')) as Capture;
  const writeCapture = (c: Capture): void => fs.writeFileSync(s.capturePath, JSON.stringify(c));
  const whyOfLastCall = async (): Promise<string> => {
    const r = await run('openclaw', {
      args: ['--version'],
      env: { PATH: `${s.shimDir}:${g.realBinDir}:/usr/bin:/bin`, HOME: g.isolatedHome, CODEX_HOME: g.codexHome },
      cwd: g.dir,
    });
    expect(r.code, r.stderr).toBe(0);
    const last = readLog(path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl')).at(-1)!;
    expect(last).toMatchObject({ decision: 'redirected', handover: 'in-process' });
    return String((last.node as { why: string }).why);
  };

  it('install records the real CLI’s package.json engines, and a call says the same as reading it would', async () => {
    const engines = enginesOf(fs.realpathSync(g.realBin));
    expect(engines).toMatch(/^>=2[2-9]/);
    expect(readCapture().realPackage).toMatchObject({ script: fs.realpathSync(g.realBin), engines, levels: 0 });
    expect(await whyOfLastCall()).toContain(`engines "${engines}"`);
  });

  it('the shim takes the recorded engines while the file is the same (a record saying otherwise shows through)', async () => {
    const c = readCapture();
    writeCapture({ ...c, realPackage: { ...c.realPackage!, engines: '>=22.12.0 <99' } });
    expect(await whyOfLastCall()).toContain('engines ">=22.12.0 <99"');
  });

  it('a record whose identity no longer matches (the package was reinstalled): the package.json is read', async () => {
    const c = readCapture();
    writeCapture({ ...c, realPackage: { ...c.realPackage!, engines: '>=22.12.0 <99', ctimeMs: 1 } });
    expect(await whyOfLastCall()).toContain(`engines "${enginesOf(fs.realpathSync(g.realBin))}"`);
  });
});
