// Shebangs name a Node that outlives the package: never the package's own pinned Node when another will do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stableNodePath } from '../../src/install/node-path.ts';
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
