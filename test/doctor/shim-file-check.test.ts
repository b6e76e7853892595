// doctor judges a shim file whole against what install writes now: a marker alone passed a shim cut in half.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCodexHome } from '../../src/doctor/checks.ts';
import { shimFileText } from '../../src/install/shim-file.ts';
import { judgeShimFile, judgeShimText } from '../../src/doctor/shim-file-check.ts';

const nodes = ['/opt/node-24/bin/node', '/usr/local/bin/node'];
const now = shimFileText(nodes);

describe('judgeShimText', () => {
  it("what install writes now, for the file's own Nodes, is ok", () => {
    expect(judgeShimFile(now)).toEqual({ state: 'ok' });
    expect(judgeShimFile(shimFileText(['/other/node']))).toEqual({ state: 'ok' });
  });

  it('cut to half its length (every call a SyntaxError): damaged, saying how much is there', () => {
    const half = now.slice(0, now.length >> 1);
    expect(judgeShimFile(half)).toEqual({
      state: 'damaged',
      why: `is cut short (${half.length} of the ${now.length} bytes install writes)`,
    });
  });

  it('an older build cut short, or with garbage inside: damaged; empty: damaged', () => {
    const older = now.replace('"use strict";', '"use strict";var olderBuild=1;');
    expect(judgeShimText(older, () => now)).toMatchObject({ state: 'outdated' });
    expect(judgeShimText(older.slice(0, -20), () => now)).toMatchObject({ state: 'damaged', why: /cut short/ });
    const garbage = `${older.slice(0, 2000)}\u0000\u0001}}}((${older.slice(2000)}`;
    expect(judgeShimText(garbage, () => now)).toMatchObject({ state: 'damaged', why: /does not parse/ });
    expect(judgeShimText('', () => now)).toMatchObject({ state: 'damaged', why: /empty/ });
  });

  it('this build with a line appended, or a same-length edit (every call fails): damaged, not outdated', () => {
    expect(judgeShimFile(`${now}junk\n`)).toEqual({
      state: 'damaged',
      why: 'has 5 byte(s) after what install writes: every call runs them',
    });
    const edited = now.replace('getBuiltinModule', 'getBuiltinModulX');
    expect(edited).not.toBe(now);
    expect(judgeShimFile(edited)).toEqual({
      state: 'damaged',
      why: "carries this build's key but differs from what install wrote: changed since",
    });
  });

  it('an older build that is whole is outdated (a warning: it still runs); one that lost its marker is still ours', () => {
    const older = now.replace('"use strict";', '"use strict";var olderBuild=1;');
    expect(judgeShimText(older, () => now)).toEqual({
      state: 'outdated',
      why: 'differs from what this openclaw-shim installs: an older or other build',
    });
    const noMarker = now
      .split('\n')
      .filter((l) => !l.startsWith('// openclaw-shim: generated'))
      .join('\n');
    expect(judgeShimText(noMarker, () => now).state).toBe('outdated');
  });

  it('an older ESM-format build (before the CommonJS bundle; Node runs it as a module) is outdated, not damaged', () => {
    const esm = `${now.split('\n', 3).join('\n')}\nimport fs from 'node:fs';\nconsole.log(import.meta.url, fs);\nexport {};\n`;
    expect(judgeShimText(esm, () => now)).toMatchObject({ state: 'outdated' });
  });

  it("compares with install's text for the Nodes the file records (the prelude's list, or an old #! Node)", () => {
    const asked: Array<readonly string[]> = [];
    judgeShimText(now, (n) => {
      asked.push(n);
      return now;
    });
    judgeShimText(
      '#!/old/bin/node\n// openclaw-shim: generated; openclaw-shim install rewrites this file\nx;\n',
      (n) => {
        asked.push(n);
        return now;
      },
    );
    expect(asked).toEqual([nodes, ['/old/bin/node']]);
  });

  it('a file of another program is foreign (CODEX_HOME_NO_SHIM says so)', () => {
    expect(judgeShimFile('#!/bin/bash\nexec /usr/bin/openclaw "$@"\n')).toEqual({ state: 'foreign' });
  });
});

describe('checkCodexHome: what stands at the shim path', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-shimpath-')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ctx = { stateDir: dir, configPath: path.join(dir, 'openclaw.json') };
  it('a directory (a PATH search passes it by): foreign, CODEX_HOME_NO_SHIM, not a damaged shim', () => {
    const codexHome = path.join(dir, 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'), { recursive: true });
    const { status, findings } = checkCodexHome(ctx, { path: codexHome, ownerAgent: 'main', kind: 'agent' } as never);
    expect(status.shim).toBe('foreign');
    expect(findings.map((f) => f.code)).toEqual(['CODEX_HOME_NO_SHIM']);
  });
  it('a shim cut short: damaged, SHIM_DAMAGED with the install fix (no launcher copy in this state)', () => {
    const codexHome = path.join(dir, 'codex-home-2');
    fs.mkdirSync(path.join(codexHome, 'openclaw-shim', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'), now.slice(0, 5000), { mode: 0o755 });
    const { status, findings } = checkCodexHome(ctx, { path: codexHome, ownerAgent: 'main', kind: 'agent' } as never);
    expect(status.shim).toBe('damaged');
    expect(findings[0]).toMatchObject({
      code: 'SHIM_DAMAGED',
      severity: 'error',
      fix: expect.stringMatching(/^openclaw-shim install /),
    });
  });
});
