// Writes just the shim (no capture) into a codex home, so it refuses when canonical state is unknown.
import fs from 'node:fs';
import path from 'node:path';
import { shimDirOf } from '../layout/codex-home.ts';
import { shimFileText } from '../install/shim-file.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { readRegularFile } from '../lib/read-regular.ts';

/** Creates or refreshes `<codexHome>/openclaw-shim/bin/openclaw`; returns its path. */
export function ensureShimOnly(codexHome: string, nodePath: string): string {
  const shimPath = path.join(shimDirOf(codexHome), 'openclaw');
  const text = shimFileText(nodePath);
  const old = fs.existsSync(shimPath) ? readRegularFile(shimPath) : undefined;
  if (old !== text) writeFileAtomic(shimPath, text, { mode: 0o755 });
  return shimPath;
}
