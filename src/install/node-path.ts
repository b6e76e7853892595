// Picks the Node that generated shims and the launcher copy name in their shebang: one that outlives this package.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { packageRoot } from '../lib/package-files.ts';

const FLOOR: [number, number] = [22, 12];

const meetsFloor = (version: string): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > FLOOR[0] || (major === FLOOR[0] && minor >= FLOOR[1]);
};

export function nodeVersion(file: string): string | undefined {
  try {
    return execFileSync(file, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

export interface NodeChoice {
  path: string;
  /** Set when the only usable Node lives inside this package (moving the package breaks the shebang). */
  warning?: string;
}

/** `--node` when given, else the stable choice. */
export const chooseNode = (explicit: string | undefined): NodeChoice =>
  explicit ? { path: explicit } : stableNodePath();

/**
 * The running Node, unless it is the one pinned inside this package (a clone's `node`
 * devDependency): then the first `node` >= 22.12 on PATH outside the package, so shims and the
 * launcher copy survive the package being moved or removed.
 */
export function stableNodePath(execPath: string = process.execPath, env: NodeJS.ProcessEnv = process.env): NodeChoice {
  const root = packageRoot();
  if (!isWithin(fs.realpathSync(execPath), fs.realpathSync(root))) return { path: execPath };
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir) || isWithin(dir, root)) continue;
    const candidate = path.join(dir, 'node');
    if (!fs.existsSync(candidate) || isWithin(fs.realpathSync(candidate), root)) continue;
    const version = nodeVersion(candidate);
    if (version && meetsFloor(version)) return { path: candidate };
  }
  return {
    path: execPath,
    warning: `the only Node >= 22.12 found is inside the openclaw-shim package (${execPath}); shims and the launcher copy name it, so moving or removing the package breaks them. Pass --node <a system Node >= 22.12> to avoid that.`,
  };
}
