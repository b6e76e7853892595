// Installs the pinned real Codex CLI (and the Codex ACP adapter) from npm into the shared cache, once.
import fs from 'node:fs';
import path from 'node:path';
import { cacheRoot } from './openclaw-cache.ts';
import { installOnce } from './npm-cache.ts';

/** The Codex release the tests and the demo drive (its native binary comes as an optional dependency). */
export const CODEX_VERSION = '0.169.0';
/** The Codex ACP adapter (embeds Codex; native binary through an optional dependency). */
export const CODEX_ACP_VERSION = '0.16.0';

export interface CachedTool {
  version: string;
  /** The executable to run (a Node script with `#!/usr/bin/env node`, or a native binary). */
  bin: string;
}

const codexBin = (version: string): string =>
  path.join(cacheRoot(), 'codex', version, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const acpBin = (version: string): string =>
  path.join(
    cacheRoot(),
    'codex-acp',
    version,
    'node_modules',
    '@zed-industries',
    'codex-acp-linux-x64',
    'bin',
    'codex-acp',
  );

export function cachedCodex(version = CODEX_VERSION): CachedTool | undefined {
  const bin = codexBin(version);
  return fs.existsSync(bin) ? { version, bin } : undefined;
}

/** `npm install @openai/codex@<version>` into `<cache>/codex/<version>`, once (about 400 MB). */
export async function ensureCodex(
  version = CODEX_VERSION,
  onProgress: (text: string) => void = () => {},
): Promise<CachedTool> {
  await installOnce({
    spec: `@openai/codex@${version}`,
    target: path.join(cacheRoot(), 'codex', version),
    marker: (dir) => path.join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js'),
    onProgress,
    note: 'about 20 s, 0.4 GB',
  });
  return { version, bin: codexBin(version) };
}

/** `npm install @zed-industries/codex-acp@<version>` into `<cache>/codex-acp/<version>`, once (linux-x64). */
export async function ensureCodexAcp(
  version = CODEX_ACP_VERSION,
  onProgress: (text: string) => void = () => {},
): Promise<CachedTool> {
  await installOnce({
    spec: `@zed-industries/codex-acp@${version}`,
    target: path.join(cacheRoot(), 'codex-acp', version),
    marker: () => acpBin(version),
    onProgress,
    note: 'about 20 s, 0.25 GB',
  });
  return { version, bin: acpBin(version) };
}
