// Finds the managed `@openai/codex` that ships with the OpenClaw install a real `openclaw` belongs to.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The `openclaw` package dir above a real `openclaw` executable (symlinks resolved). */
function openclawPackageDir(realOpenclaw: string): string | undefined {
  let dir: string;
  try {
    dir = path.dirname(fs.realpathSync(realOpenclaw));
  } catch {
    return undefined;
  }
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'openclaw') return dir;
    } catch {
      // No package.json here: keep climbing.
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** `@openai/codex`'s bin resolved the way Node would from `root` (npm-hoisted or nested). */
function codexBinFrom(root: string): string | undefined {
  try {
    const pkgJson = createRequire(path.join(root, 'package.json')).resolve('@openai/codex/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.codex;
    return bin ? path.resolve(path.dirname(pkgJson), bin) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Mirrors OpenClaw's managed-binary lookup: the package root, its parent and grandparent, plus the
 * codex plugin installed in the state dir (`<state>/extensions/codex`), each resolving
 * `@openai/codex/bin/codex.js` by Node package resolution.
 */
export function findManagedCodex(realOpenclaw: string | undefined, stateDir?: string): string | undefined {
  const roots: string[] = [];
  const pkgDir = realOpenclaw ? openclawPackageDir(realOpenclaw) : undefined;
  if (pkgDir) roots.push(pkgDir, path.dirname(pkgDir), path.dirname(path.dirname(pkgDir)));
  if (stateDir) roots.push(path.join(stateDir, 'extensions', 'codex'));
  for (const root of roots) {
    const bin = codexBinFrom(root);
    if (bin && fs.existsSync(bin)) return bin;
  }
  return undefined;
}
