// Picks the Node that generated shims and the launcher copy name in their shebang: one that outlives this package.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { packageRoot } from '../lib/package-files.ts';

const FLOOR: [number, number] = [22, 12];

const meetsFloor = (version: string): boolean => {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > FLOOR[0] || (major === FLOOR[0] && minor >= FLOOR[1]);
};

/**
 * Whether `file` (or what its links lead to) is named like a Node: `node`, `nodejs`, `node22`, `node-24.1`.
 * Only such a file is ever run to ask its version: `-p` means something else to other programs
 * (`reboot -p` powers off), and a shim's prelude, which doctor reads, is a file an agent could edit.
 */
export function namedLikeNode(file: string): boolean {
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // judged by its own name
  }
  return [file, real].some((f) => /^node(js)?([-_.]?\d+(\.\d+)*)?$/.test(path.basename(f)));
}

/** What `<file> -p process.versions.node` prints, for a file named like a Node (namedLikeNode); else undefined. */
export function nodeVersion(file: string): string | undefined {
  if (!namedLikeNode(file)) return undefined;
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

const NODE_FIX = 'fix: pass --node <a Node >= 22.12, e.g. $(command -v node)>, or leave --node out';

/**
 * Why `--node <file>` cannot run a shim or the launcher, or undefined (pure over what was probed:
 * `version` is what `<file> -p process.versions.node` printed, undefined when it did not run).
 * The shim's prelude execs the first recorded Node that exists, so a bad one fails every tool call.
 */
export function explicitNodeProblem(file: string, exists: boolean, version: string | undefined): string | undefined {
  if (!exists) return `--node ${file} does not exist; ${NODE_FIX}`;
  if (version === undefined || !/^\d+\.\d+\.\d+/.test(version))
    return `--node ${file} is not a runnable Node (not named node, or \`${file} -p process.versions.node\` failed); ${NODE_FIX}`;
  if (!meetsFloor(version))
    return `--node ${file} is Node v${version}, older than ${FLOOR.join('.')}: every tool call through the shim would exit 71; ${NODE_FIX}`;
  return undefined;
}

/**
 * `--node` when given (absolute: the shim's prelude skips a relative path), refused with exit 71 unless it
 * is a runnable Node >= 22.12; else the stable choice. `probe`: the version a Node file reports.
 */
export function chooseNode(
  explicit: string | undefined,
  probe: (file: string) => string | undefined = nodeVersion,
): NodeChoice {
  // `--node "$NODE"` with NODE unset: said, not taken as no --node at all.
  if (explicit === '') throw new ExitError(EXIT.USAGE, '--node needs a path: it was given empty (an unset variable?)');
  if (!explicit) return stableNodePath();
  const file = path.resolve(explicit);
  const exists = fs.existsSync(file);
  const problem = explicitNodeProblem(file, exists, exists ? probe(file) : undefined);
  if (problem) throw new ExitError(EXIT.NODE_TOO_OLD, problem);
  return { path: file };
}

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
