// Runs once before the tests: makes sure the built files exist and both OpenClaw releases are cached.
import fs from 'node:fs';
import path from 'node:path';
import { ensureOpenclaw, OPENCLAW_BOUNDARY_VERSIONS, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { ensureCodex, ensureCodexAcp } from '../../src/lib/codex-cache.ts';
import { ensureCodexPlugin } from '../../src/lib/codex-plugin-cache.ts';
import { packageRoot } from '../../src/lib/package-files.ts';

export default async function setup(): Promise<void> {
  for (const f of ['shim.mjs', 'launch.mjs', 'cli.mjs']) {
    if (!fs.existsSync(path.join(packageRoot(), 'dist', f))) throw new Error(`dist/${f} is missing: run npm run build (npm test does)`);
  }
  const log = (t: string) => process.stderr.write(`[setup] ${t}\n`);
  await Promise.all(Object.values(OPENCLAW_VERSIONS).map((v) => ensureOpenclaw(v, log)));
  // The releases beside each rule's boundary, one at a time (each ~0.8 GB).
  for (const v of OPENCLAW_BOUNDARY_VERSIONS) await ensureOpenclaw(v, log);
  // The real Codex, the Codex plugin of 2026.9.x (with its own managed Codex) and the ACP adapter (installs need the registry).
  await Promise.all([ensureCodex(undefined, log), ensureCodexPlugin(undefined, log), ensureCodexAcp(undefined, log)]);
}
