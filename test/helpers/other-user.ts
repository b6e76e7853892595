// Running the built programs as another user: from the checkout where that user can enter it, else from
// the run's copy of what they need (a checkout under a dir only its owner can enter, e.g. /root/…).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { HOST_VIEW } from './hermetic.ts';
import { CLI_JS, NODE, ROOT } from './paths.ts';

/** The user the tests act as: nobody, in /etc/passwd everywhere, owning nothing of ours. */
export const OTHER_UID = 65534;

/** Set by the global setup to the run's copy when the other user cannot reach the checkout. */
export const REACH_VAR = 'OCSHIM_TEST_REACH';

/** Whether `uid` can read and run `files` (every parent dir searchable): asked of the kernel, as that user. */
export function canReach(uid: number, files: readonly string[]): boolean {
  const test = files.flatMap((f, i) => [...(i ? ['-a'] : []), '-r', f]);
  return (
    spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'test', ...test], { stdio: 'ignore' })
      .status === 0
  );
}

/** The checkout's files a process of another user may need: the built programs, their packages, this Node, the fixtures. */
function neededFiles(): string[] {
  const out = new Set(['package.json', 'dist', 'bin', path.relative(ROOT, HOST_VIEW), 'test/launch/fixtures']);
  if (NODE.startsWith(`${ROOT}/`)) out.add(path.relative(ROOT, NODE));
  // The CLI's packages (dist/cli.mjs keeps them external), found the way Node resolves them.
  const walk = (dir: string): void => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const req = createRequire(path.join(dir, 'package.json'));
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const found = req.resolve
        .paths(name)
        ?.map((p) => path.join(p, name))
        .find((p) => fs.existsSync(path.join(p, 'package.json')));
      if (!found?.startsWith(`${ROOT}/`) || out.has(path.relative(ROOT, found))) continue;
      out.add(path.relative(ROOT, found));
      walk(found);
    }
  };
  walk(ROOT);
  return [...out];
}

/**
 * The global setup's part: when `OTHER_UID` cannot reach the checkout (run as root), copy what it needs
 * under `dir` (made searchable) and answer the copy's root; else undefined. About 125 MB, mostly Node.
 */
export function makeReachableCopy(dir: string): string | undefined {
  if (process.getuid?.() !== 0 || canReach(OTHER_UID, [NODE, CLI_JS, HOST_VIEW])) return undefined;
  const root = path.join(dir, 'repo');
  for (const rel of neededFiles()) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.cpSync(path.join(ROOT, rel), path.join(root, rel), {
      recursive: true,
      dereference: false,
      preserveTimestamps: true,
    });
  }
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  if (!canReach(OTHER_UID, [path.join(root, path.relative(ROOT, CLI_JS))]))
    throw new Error(`${dir}: still not reachable by uid ${OTHER_UID}`);
  return root;
}

const copyRoot = (): string | undefined => process.env[REACH_VAR] || undefined;

/** `p` as another user reaches it: under the run's copy when the checkout is out of its reach. */
export function reach(p: string): string {
  const root = copyRoot();
  return root && (p === ROOT || p.startsWith(`${ROOT}/`)) ? root + p.slice(ROOT.length) : p;
}

/** An environment for a process of another user: every path into the checkout (PATH, NODE_OPTIONS, …) points at the copy. */
export function forOtherUser(env: Record<string, string>): Record<string, string> {
  // The run's stand-in cache home lies in a dir only this user can enter: the other user keeps its own.
  const { XDG_CACHE_HOME: _mine, ...theirs } = env;
  const root = copyRoot();
  if (!root) return theirs;
  return Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, v.replaceAll(`${ROOT}/`, `${root}/`)]));
}

/** Why a test that needs the cache as another user skips, or undefined when that user can reach it. */
export function cacheOutOfReach(files: readonly string[]): string | undefined {
  if (process.getuid?.() !== 0 || canReach(OTHER_UID, files)) return undefined;
  return `uid ${OTHER_UID} cannot reach the OpenClaw cache (${files[0]}): set OPENCLAW_SHIM_CACHE to a dir it can enter`;
}
