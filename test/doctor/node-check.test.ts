// doctor's NODE_UNUSABLE: a shim or launcher copy whose Node is gone or too old, read from the file's first lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInterpreters, interpreterOf, interpreterProblem, type NodeProbe } from '../../src/doctor/node-check.ts';
import { shimFileText } from '../../src/install/shim-file.ts';
import { launcherBinText } from '../../src/setup/launcher-copy.ts';
import { withShimNodes } from '../../src/doctor/checks.ts';

const probe = (versions: Record<string, string>, onPath?: string): NodeProbe => ({
  version: (f) => versions[f],
  onPath: () => onPath,
});

describe('interpreterOf', () => {
  it('reads the recorded Nodes of a generated shim and launcher, quotes and all', () => {
    expect(interpreterOf(shimFileText(['/opt/n 1/node', "/it's/node"]))).toEqual({
      kind: 'prelude',
      nodes: ['/opt/n 1/node', "/it's/node"],
    });
    expect(interpreterOf(launcherBinText('/usr/local/bin/node'))).toEqual({
      kind: 'prelude',
      nodes: ['/usr/local/bin/node'],
    });
    expect(interpreterOf('#!/root/.nvm/versions/node/v22.12.0/bin/node\n// openclaw-shim: generated')).toEqual({
      kind: 'shebang',
      node: '/root/.nvm/versions/node/v22.12.0/bin/node',
    });
    expect(interpreterOf('#!/bin/bash\necho hi')).toEqual({ kind: 'other' });
  });
});

describe('interpreterProblem', () => {
  const prelude = { kind: 'prelude' as const, nodes: ['/a/node', '/b/node'] };
  it('an old absolute #! whose Node is gone: error naming the fall-through', () => {
    expect(interpreterProblem({ kind: 'shebang', node: '/gone/node' }, probe({}))).toMatchObject({
      severity: 'error',
      why: expect.stringContaining('skip it'),
    });
  });
  it('the first existing recorded Node decides', () => {
    expect(interpreterProblem(prelude, probe({ '/b/node': '24.1.0' }))).toBeUndefined();
    expect(interpreterProblem(prelude, probe({ '/a/node': '20.19.0', '/b/node': '24.1.0' }))).toMatchObject({
      severity: 'error',
      why: expect.stringContaining('v20.19.0'),
    });
  });
  it('all recorded gone: warn when node on PATH suits, error when it is old or absent', () => {
    expect(
      interpreterProblem(prelude, probe({ '/usr/local/bin/node': '24.1.0' }, '/usr/local/bin/node'))?.severity,
    ).toBe('warn');
    expect(interpreterProblem(prelude, probe({ '/usr/bin/node': '20.19.0' }, '/usr/bin/node'))).toMatchObject({
      severity: 'error',
      why: expect.stringContaining('exits 71'),
    });
    expect(interpreterProblem(prelude, probe({}))).toMatchObject({
      severity: 'error',
      why: expect.stringContaining('no node on PATH'),
    });
  });
});

describe('a recorded Node that is there and executable but does not run as a Node', () => {
  it('is what the prelude execs (it tests -f and -x only): an error, not skipped for the next Node', () => {
    const broken: NodeProbe = { ...probe({ '/b/node': '24.1.0' }), executable: (f) => f === '/a/node' };
    expect(interpreterProblem({ kind: 'prelude', nodes: ['/a/node', '/b/node'] }, broken)).toEqual({
      severity: 'error',
      why: 'its first existing Node /a/node does not run as a Node: every call fails',
    });
  });
});

describe('withShimNodes', () => {
  const home = '/s/agents/main/agent/codex-home';
  const status = {
    path: home,
    ownerAgent: 'main',
    kind: 'agent' as const,
    shim: 'ok' as const,
    capture: 'ok' as const,
  };
  const finding = (severity: 'error' | 'warn', p: string) => ({
    code: 'NODE_UNUSABLE' as const,
    severity,
    message: '',
    fix: '',
    path: p,
  });
  it("a shim whose Node fails every call is 'node-unusable', not 'ok'; a warning or another file's finding changes nothing", () => {
    const shim = `${home}/openclaw-shim/bin/openclaw`;
    expect(withShimNodes([status], [finding('error', shim)])[0]!.shim).toBe('node-unusable');
    expect(withShimNodes([status], [finding('warn', shim)])[0]!.shim).toBe('ok');
    expect(
      withShimNodes([status], [finding('error', '/s/openclaw-shim/launcher/bin/openclaw-codex-launch')])[0]!.shim,
    ).toBe('ok');
  });
});

describe('checkInterpreters on disk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-nodecheck-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it('reports the shim whose recorded Node was removed, with the install --node fix', () => {
    const codexHome = path.join(dir, 'agents', 'main', 'agent', 'codex-home');
    fs.mkdirSync(path.join(codexHome, 'openclaw-shim', 'bin'), { recursive: true });
    fs.writeFileSync(
      path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'),
      shimFileText(['/removed/nvm/v22.12.0/bin/node']),
      { mode: 0o755 },
    );
    const found = checkInterpreters(
      { stateDir: dir, configPath: path.join(dir, 'openclaw.json') },
      [{ path: codexHome, ownerAgent: 'main', kind: 'agent' } as never],
      probe({}),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: 'NODE_UNUSABLE',
      severity: 'error',
      path: path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'),
    });
    expect(found[0]!.fix).toContain('openclaw-shim install --codex-home');
    expect(found[0]!.fix).toContain('--node');
  });
});
