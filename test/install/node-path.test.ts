// Shebangs name a Node that outlives the package: never the package's own pinned Node when another will do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chooseNode,
  explicitNodeProblem,
  namedLikeNode,
  nodeVersion,
  stableNodePath,
} from '../../src/install/node-path.ts';
import { ROOT } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-node-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A `node` that answers `-p process.versions.node` with `version`. */
function fakeNode(name: string, version: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d);
  fs.writeFileSync(path.join(d, 'node'), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return d;
}

describe('stableNodePath', () => {
  const pinned = path.join(ROOT, 'node_modules', 'node', 'bin', 'node');
  const pinnedExists = fs.existsSync(pinned);

  it('keeps a Node that lives outside the package', () => {
    expect(stableNodePath('/usr/bin/env', { PATH: '' })).toEqual({ path: '/usr/bin/env' });
  });

  it.skipIf(!pinnedExists)("prefers a system Node >= 22.12 on PATH over the package's pinned one", () => {
    const old = fakeNode('old', '20.20.2');
    const good = fakeNode('good', '24.1.0');
    expect(stableNodePath(pinned, { PATH: [path.dirname(pinned), old, good].join(':') })).toEqual({
      path: path.join(good, 'node'),
    });
  });

  it.skipIf(!pinnedExists)('warns when the pinned Node is the only one new enough', () => {
    const old = fakeNode('older', '22.11.0');
    const choice = stableNodePath(pinned, { PATH: [path.dirname(pinned), old].join(':') });
    expect(choice.path).toBe(pinned);
    expect(choice.warning).toMatch(/inside the openclaw-shim package.*--node/);
  });
});

describe('--node must be a runnable Node >= 22.12 (install, setup)', () => {
  it('says which Node, its version and the fix: missing, not a Node, too old; accepts a new one', () => {
    expect(explicitNodeProblem('/gone/node', false, undefined)).toMatch(
      /^--node \/gone\/node does not exist; fix: pass --node <a Node >= 22\.12/,
    );
    expect(explicitNodeProblem('/bin/false', true, undefined)).toMatch(/--node \/bin\/false is not a runnable Node/);
    expect(explicitNodeProblem('/bin/echo', true, '-p process.versions.node')).toMatch(/is not a runnable Node/);
    expect(explicitNodeProblem('/usr/bin/node', true, '20.20.2')).toMatch(
      /^--node \/usr\/bin\/node is Node v20\.20\.2, older than 22\.12: every tool call .* would exit 71; fix: /,
    );
    expect(explicitNodeProblem('/n/node', true, '22.11.9')).toMatch(/older than 22\.12/);
    expect(explicitNodeProblem('/n/node', true, '22.12.0')).toBeUndefined();
    expect(explicitNodeProblem('/n/node', true, '24.21.0')).toBeUndefined();
  });

  it('chooseNode refuses with exit 71 and one line, and makes a relative --node absolute', () => {
    const old = path.join(fakeNode('old-explicit', '20.20.2'), 'node');
    expect(() => chooseNode(old)).toThrow(
      expect.objectContaining({ code: 71, message: expect.stringContaining('v20.20.2') }),
    );
    const good = path.join(fakeNode('good-explicit', '24.1.0'), 'node');
    expect(chooseNode(path.relative(process.cwd(), good))).toEqual({ path: good });
    let asked = '';
    chooseNode(good, (f) => {
      asked = f;
      return '22.12.0';
    });
    expect(asked).toBe(good);
    expect(() => chooseNode(good, () => '21.7.3')).toThrow(/v21\.7\.3, older than 22\.12/);
  });
});

describe('nodeVersion runs only a file named like a Node', () => {
  it('never runs /bin/true, /bin/echo or a link named otherwise, so `-p` never reaches another program', () => {
    expect(namedLikeNode('/usr/local/bin/node')).toBe(true);
    expect(namedLikeNode('/opt/node22/bin/nodejs')).toBe(true);
    expect(namedLikeNode('/usr/bin/node24')).toBe(true);
    expect(namedLikeNode('/sbin/reboot')).toBe(false);
    expect(namedLikeNode('/bin/echo')).toBe(false);
    expect(nodeVersion('/bin/echo')).toBeUndefined(); // `echo -p process.versions.node` would print that text
    expect(nodeVersion(process.execPath)).toBe(process.versions.node);
  });
});

describe('chooseNode', () => {
  it('an empty --node (an unset variable) is refused as usage, not taken as no --node', () => {
    expect(() => chooseNode('')).toThrow(/--node needs a path: it was given empty/);
    expect(chooseNode(undefined).path).toBeTruthy();
  });
});
