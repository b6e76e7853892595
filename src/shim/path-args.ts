// Maps `openclaw` arguments that point into the isolated home's `.openclaw` (the shell expanded `~`) onto the canonical state (pure).
import path from 'node:path';
import { STATE_DIR_NAMES, isInsideCodexHome, isWithin, resolvedPath } from '../canonical/layout.ts';
import type { RewriteRecord } from '../canonical/rewrite.ts';
import type { Env, Isolation } from '../canonical/types.ts';

export const PATH_ARG_SOURCE = 'path argument into the isolated home';

export interface PathArgsInput {
  args: readonly string[];
  env: Env;
  cwd: string;
  isolation: Isolation;
  canonicalStateDir: string;
  codexHomes: readonly string[];
}

export interface PathArgs {
  args: string[];
  records: RewriteRecord[];
}

/** `path.join(dir, name)` for a plain name, without join's character walk when `dir` is already resolved. */
const childOf = (dir: string, name: string): string =>
  resolvedPath(dir) !== dir ? path.join(dir, name) : dir === '/' ? `/${name}` : `${dir}/${name}`;

/**
 * The shadow state dirs a path argument can point into: `<HOME>/.openclaw` (and the legacy names) for a
 * HOME inside a Codex home (what `~` became), and the isolated state dir or home the resolution found.
 */
export function shadowRoots(env: Env, isolation: Isolation, codexHomes: readonly string[]): string[] {
  const homes: string[] = [];
  const home = env.HOME?.trim();
  if (home && path.isAbsolute(home) && isInsideCodexHome(home, codexHomes)) homes.push(resolvedPath(home));
  const roots: string[] = [];
  const found = isolation.isolatedHome;
  if (found && (isolation.via === 'HOME' || isolation.via === 'OPENCLAW_HOME')) homes.push(found);
  if (found && isolation.via === 'OPENCLAW_STATE_DIR') roots.push(found);
  if (found && isolation.via === 'OPENCLAW_CONFIG_PATH') roots.push(path.dirname(found));
  for (const h of new Set(homes)) for (const n of STATE_DIR_NAMES) roots.push(childOf(h, n));
  return [...new Set(roots)];
}

/** The value part of one argument: the whole arg, or what follows `=` in `--flag=value`. */
function argValueOf(arg: string): { prefix: string; value: string } {
  const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
  return eq > 0 ? { prefix: arg.slice(0, eq + 1), value: arg.slice(eq + 1) } : { prefix: '', value: arg };
}

/**
 * Every argument (up to `--`) naming a path inside a shadow root becomes the same path in the canonical
 * state: absolute values always; relative ones (after the first option, or with a `/`) only when the
 * cwd lies inside a shadow root, as the real CLI would resolve them there. Each change is one record.
 */
export function mapPathArgs(input: PathArgsInput): PathArgs {
  // Worked out only for an argument that may be a path: `openclaw sessions --json` needs neither.
  let roots: string[] | undefined;
  const rootsNow = (): string[] => (roots ??= shadowRoots(input.env, input.isolation, input.codexHomes));
  let cwdRoot: { root: string | undefined } | undefined;
  const cwdRootNow = (): string | undefined =>
    (cwdRoot ??= { root: rootsNow().find((r) => isWithin(input.cwd, r)) }).root;
  const out = [...input.args];
  const records: RewriteRecord[] = [];
  let optionSeen = false;
  for (let i = 0; i < out.length; i += 1) {
    const arg = out[i]!;
    if (arg === '--') break;
    const { prefix, value } = argValueOf(arg);
    if (arg.startsWith('-') && !prefix) {
      optionSeen = true;
      continue;
    }
    const relative = !path.isAbsolute(value);
    if (!value || (relative && (!(optionSeen || prefix || value.includes('/')) || !cwdRootNow()))) continue;
    const full = path.resolve(input.cwd, value);
    const root = rootsNow().find((r) => isWithin(full, r));
    if (!root) continue;
    const to = path.join(input.canonicalStateDir, path.relative(root, full));
    out[i] = `${prefix}${to}`;
    const flag = prefix
      ? prefix.slice(0, -1)
      : i > 0 && out[i - 1]!.startsWith('--') && !out[i - 1]!.includes('=')
        ? out[i - 1]!
        : undefined;
    records.push({
      name: flag ? `argv[${i}] (${flag})` : `argv[${i}]`,
      from: arg,
      to: out[i]!,
      source: PATH_ARG_SOURCE,
    });
  }
  return { args: out, records };
}
