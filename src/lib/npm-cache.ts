// Installs one npm package into a cache dir, once: temp dir + rename, with a lock for concurrent callers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadExeca } from './lazy-execa.ts';

export interface CachedInstall {
  /** `npm install` argument, e.g. `openclaw@2026.5.12`. */
  spec: string;
  /** The cache dir the package ends up in (its `node_modules/` below it). */
  target: string;
  /** A file inside `target` whose presence means the install is complete. */
  marker: (dir: string) => string;
  /** Packages whose install scripts must run (npm 11 blocks them unless the project allows them). */
  allowScripts?: string[];
  onProgress?: (text: string) => void;
  note?: string;
}

/**
 * `npm install <spec>` into `<target>` with this Node first on PATH. The install goes to a temp dir
 * renamed into place, so an interrupted one never looks complete; a concurrent installer waits.
 */
export async function installOnce(opts: CachedInstall): Promise<string> {
  const done = opts.marker(opts.target);
  if (fs.existsSync(done)) return done;
  const lock = `${opts.target}.installing`;
  fs.mkdirSync(path.dirname(opts.target), { recursive: true });
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 500));
    if (fs.existsSync(done)) return done;
  }
  try {
    const tmp = `${opts.target}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const allow = Object.fromEntries((opts.allowScripts ?? []).map((p) => [p, true]));
    fs.writeFileSync(
      path.join(tmp, 'package.json'),
      `${JSON.stringify({ name: 'openclaw-shim-cache', private: true, allowScripts: allow })}\n`,
    );
    opts.onProgress?.(`installing ${opts.spec} from npm into ${opts.target}${opts.note ? ` (${opts.note})` : ''}...`);
    const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    // OpenClaw's postinstall writes `<state>/plugins/installs.json` into whatever state it resolves:
    // give it a throwaway state and home so the installing user's ~/.openclaw is never touched.
    const scratch = path.join(tmp, '.install-home');
    fs.mkdirSync(scratch, { recursive: true });
    await (await loadExeca())(
      'npm',
      ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', opts.spec],
      {
        cwd: tmp,
        env: {
          PATH,
          npm_config_update_notifier: 'false',
          // npm's own config and cache stay the user's (they live in the real home).
          npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
          npm_config_userconfig: process.env.npm_config_userconfig ?? path.join(os.homedir(), '.npmrc'),
          HOME: scratch,
          OPENCLAW_HOME: scratch,
          OPENCLAW_STATE_DIR: path.join(scratch, '.openclaw'),
          OPENCLAW_CONFIG_PATH: path.join(scratch, '.openclaw', 'openclaw.json'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(opts.target, { recursive: true, force: true });
    fs.renameSync(tmp, opts.target);
    opts.onProgress?.(`installed ${opts.spec}`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
  if (!fs.existsSync(done)) throw new Error(`npm installed ${opts.spec} but ${done} is missing`);
  return done;
}

/** An exclusive lock file; one left by a dead installer is removed so the next try can take it. */
export function tryLock(lock: string): boolean {
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
