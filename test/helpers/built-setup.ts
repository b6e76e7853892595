// Runs once before any test: the built programs the tests spawn must exist (npm test and test:fast build them).
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/lib/package-files.ts';

export default function setup(): void {
  for (const f of ['shim.mjs', 'launch.mjs', 'cli.mjs']) {
    if (!fs.existsSync(path.join(packageRoot(), 'dist', f))) throw new Error(`dist/${f} is missing: run npm run build (npm test does)`);
  }
}
