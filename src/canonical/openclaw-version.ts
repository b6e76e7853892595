// The installed OpenClaw release behind a real `openclaw` executable: its package.json version, and what it implies.
import fs from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../lib/read-regular.ts';

/**
 * `openclaw` is `<pkg>/openclaw.mjs`, usually reached through a bin symlink: resolve it and walk up
 * to the package.json named `openclaw`. Undefined for wrappers (nix, shell scripts) it cannot see through.
 */
export function openclawVersionOf(realBin: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(fs.realpathSync(realBin));
  } catch {
    return undefined;
  }
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readRegularFile(path.join(dir, 'package.json'))) as { name?: unknown; version?: unknown };
      if (pkg.name === 'openclaw' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here: keep walking up.
    }
  }
  return undefined;
}

/** How a release keeps sessions: the one rule lives in src/releases (JSON up to 2026.7.x, SQLite from 2026.8.1). */
export { sessionStoreKindOf, type SessionStoreKind } from '../releases/releases.ts';
