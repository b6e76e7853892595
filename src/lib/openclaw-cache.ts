// Installs a given OpenClaw release from npm into a shared cache, once, for the tests and the demo.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../install/package-files.ts';

export const OPENCLAW_VERSIONS = { json: '2026.5.12', sqlite: '2026.9.6' } as const;

export interface CachedOpenclaw {
  version: string;
  /** `openclaw.mjs` of the cached install (executable, `#!/usr/bin/env node`). */
  bin: string;
  /** The package dir, for its bundled `@openai/codex` and dist files. */
  packageDir: string;
}

export const cacheRoot = (): string => process.env.OPENCLAW_SHIM_CACHE ?? path.join(packageRoot(), '.cache');

const packageDirOf = (version: string): string => path.join(cacheRoot(), 'openclaw', version, 'node_modules', 'openclaw');

export function cachedOpenclaw(version: string): CachedOpenclaw | undefined {
  const packageDir = packageDirOf(version);
  const bin = path.join(packageDir, 'openclaw.mjs');
  return fs.existsSync(bin) ? { version, bin, packageDir } : undefined;
}

/**
 * `npm install openclaw@<version>` into `<cache>/openclaw/<version>` with this Node first on PATH
 * (OpenClaw checks its engine at run time). Installs into a temp dir and renames it into place,
 * so an interrupted install never looks complete; a concurrent installer waits for the first.
 */
export async function ensureOpenclaw(version: string, onProgress: (text: string) => void = () => {}): Promise<CachedOpenclaw> {
  const ready = cachedOpenclaw(version);
  if (ready) return ready;
  const target = path.join(cacheRoot(), 'openclaw', version);
  const lock = `${target}.installing`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 500));
    const done = cachedOpenclaw(version);
    if (done) return done;
  }
  try {
    const tmp = `${target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"openclaw-shim-cache","private":true}\n');
    onProgress(`installing openclaw@${version} from npm into ${target} (about 30 s, 0.8 GB)...`);
    const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    await execa('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `openclaw@${version}`], {
      cwd: tmp,
      env: { PATH, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(tmp, target);
    onProgress(`installed openclaw@${version}`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
  const installed = cachedOpenclaw(version);
  if (!installed) throw new Error(`npm installed openclaw@${version} but ${packageDirOf(version)}/openclaw.mjs is missing`);
  return installed;
}

/** An exclusive lock file; one left by a dead installer is taken over. */
function tryLock(lock: string): boolean {
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      fs.rmSync(lock, { force: true });
      return false;
    }
  }
}
