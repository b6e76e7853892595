// Locates this package's own built files (the bundled shim) from source or from dist.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The openclaw-shim package root: the nearest parent holding our package.json. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && /"name":\s*"openclaw-shim"/.test(fs.readFileSync(pkg, 'utf8'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`openclaw-shim package root not found above ${from}`);
    dir = up;
  }
}

export const builtFile = (name: 'shim.mjs' | 'launch.mjs' | 'cli.mjs' | 'shim-source-key'): string =>
  path.join(packageRoot(), 'dist', name);

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
