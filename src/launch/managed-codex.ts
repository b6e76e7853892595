// Finds a managed `@openai/codex`: bundled with the OpenClaw install a real `openclaw` belongs to, or installed with the codex plugin.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readRegularFile } from '../lib/read-regular.ts';

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
      const pkg = JSON.parse(readRegularFile(path.join(dir, 'package.json'))) as { name?: unknown };
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
    const pkg = JSON.parse(readRegularFile(pkgJson)) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.codex;
    return bin ? path.resolve(path.dirname(pkgJson), bin) : undefined;
  } catch {
    return undefined;
  }
}

/** The managed Codex entry the plugin at `pluginRoot` would run: `@openai/codex/bin/codex.js` resolved from its package.json, as its own managed-binary lookup does. */
export function codexOfPlugin(pluginRoot: string): string | undefined {
  try {
    const entry = createRequire(path.join(pluginRoot, 'package.json')).resolve('@openai/codex/bin/codex.js');
    return fs.existsSync(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** The managed Codex of the first plugin root that has one, with the root it came from. */
export function firstPluginCodex(roots: string[]): { codex: string; root: string } | undefined {
  for (const root of roots) {
    const codex = codexOfPlugin(root);
    if (codex) return { codex, root };
  }
  return undefined;
}

/**
 * Mirrors OpenClaw's lookup for a Codex bundled with the OpenClaw install itself: the package root,
 * its parent and grandparent, each resolving `@openai/codex` by Node package resolution.
 */
export function findBundledCodex(realOpenclaw: string): string | undefined {
  const pkgDir = openclawPackageDir(realOpenclaw);
  if (!pkgDir) return undefined;
  for (const root of [pkgDir, path.dirname(pkgDir), path.dirname(path.dirname(pkgDir))]) {
    const bin = codexBinFrom(root);
    if (bin && fs.existsSync(bin)) return bin;
  }
  return undefined;
}
