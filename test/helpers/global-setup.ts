// Runs once before the slow tests: the OpenClaw releases, the real Codex, its plugin and ACP adapter are cached.
import { ensureOpenclaw, OPENCLAW_BOUNDARY_VERSIONS, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { ensureCodex, ensureCodexAcp } from '../../src/lib/codex-cache.ts';
import { ensureCodexPlugin } from './codex-plugin-cache.ts';

export default async function setup(): Promise<void> {
  const log = (t: string) => process.stderr.write(`[setup] ${t}\n`);
  await Promise.all(Object.values(OPENCLAW_VERSIONS).map((v) => ensureOpenclaw(v, log)));
  // The releases beside each rule's boundary, one at a time (each ~0.8 GB).
  for (const v of OPENCLAW_BOUNDARY_VERSIONS) await ensureOpenclaw(v, log);
  // The real Codex, the Codex plugin of 2026.9.x (with its own managed Codex) and the ACP adapter (installs need the registry).
  await Promise.all([ensureCodex(undefined, log), ensureCodexPlugin(undefined, log), ensureCodexAcp(undefined, log)]);
}
