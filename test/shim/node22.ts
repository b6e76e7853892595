// Installs Node 22.12.0 (the engines floor, no process.execve) from npm into the shared cache, once.
import path from 'node:path';
import { cacheRoot } from '../../src/lib/openclaw-cache.ts';
import { installOnce } from '../../src/lib/npm-cache.ts';

export const NODE22_VERSION = '22.12.0';

/** The `node` package's install script fetches the binary (from npm), so its scripts must be allowed. */
export function ensureNode22(): Promise<string> {
  return installOnce({
    spec: `node@${NODE22_VERSION}`,
    target: path.join(cacheRoot(), `node-${NODE22_VERSION}`),
    marker: (dir) => path.join(dir, 'node_modules', 'node', 'bin', 'node'),
    allowScripts: ['node'],
  });
}
