// Installs a given OpenClaw release from npm into a shared cache, once, for the tests and the demo.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-files.ts';
import { installOnce } from './npm-cache.ts';

export const OPENCLAW_VERSIONS = { json: '2026.5.12', sqlite: '2026.9.6' } as const;

/** Releases on each side of a rule's boundary (src/releases), tested against the real CLI too. */
export const OPENCLAW_BOUNDARY_VERSIONS = ['2026.6.35', '2026.7.35', '2026.8.2'] as const;

export interface CachedOpenclaw {
  version: string;
  /** `openclaw.mjs` of the cached install (executable, `#!/usr/bin/env node`). */
  bin: string;
  /** The package dir, for its bundled `@openai/codex` and dist files. */
  packageDir: string;
}

export const cacheRoot = (): string => process.env.OPENCLAW_SHIM_CACHE ?? path.join(packageRoot(), '.cache');

const packageDirOf = (version: string): string =>
  path.join(cacheRoot(), 'openclaw', version, 'node_modules', 'openclaw');

export function cachedOpenclaw(version: string): CachedOpenclaw | undefined {
  const packageDir = packageDirOf(version);
  const bin = path.join(packageDir, 'openclaw.mjs');
  return fs.existsSync(bin) ? { version, bin, packageDir } : undefined;
}

/** `npm install openclaw@<version>` into `<cache>/openclaw/<version>`, once (OpenClaw checks its engine at run time). */
export async function ensureOpenclaw(
  version: string,
  onProgress: (text: string) => void = () => {},
): Promise<CachedOpenclaw> {
  const ready = cachedOpenclaw(version);
  if (ready) return ready;
  await installOnce({
    spec: `openclaw@${version}`,
    target: path.join(cacheRoot(), 'openclaw', version),
    marker: (dir) => path.join(dir, 'node_modules', 'openclaw', 'openclaw.mjs'),
    onProgress,
    note: 'about 30 s, 0.8 GB',
  });
  const installed = cachedOpenclaw(version);
  if (!installed)
    throw new Error(`npm installed openclaw@${version} but ${packageDirOf(version)}/openclaw.mjs is missing`);
  return installed;
}
