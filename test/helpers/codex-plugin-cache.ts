// Installs OpenClaw's Codex plugin (`openclaw plugins install @openclaw/codex`) into a prepared state dir in the cache, once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheRoot, ensureOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { loadExeca } from '../../src/lib/lazy-execa.ts';
import { tryLock } from '../../src/lib/npm-cache.ts';

/** The plugin release that goes with OpenClaw 2026.9.6 (it pins `@openai/codex@0.154.0`). */
export const CODEX_PLUGIN_VERSION = '2026.9.5';

export interface CachedCodexPlugin {
  version: string;
  /** A state dir holding `npm/projects/…/node_modules/@openclaw/codex` and the config that enables it. Read it, never run a gateway on it: copy `npm/` and the config. */
  stateDir: string;
  /** `<stateDir>/npm`: copy it into a gateway's state dir and OpenClaw recovers the install record from it. */
  npmDir: string;
}

const targetOf = (version: string): string => path.join(cacheRoot(), 'codex-plugin', version);
const COMPLETE = '.complete';

export function cachedCodexPlugin(version = CODEX_PLUGIN_VERSION): CachedCodexPlugin | undefined {
  const target = targetOf(version);
  const stateDir = path.join(target, 'state');
  return fs.existsSync(path.join(target, COMPLETE))
    ? { version, stateDir, npmDir: path.join(stateDir, 'npm') }
    : undefined;
}

/**
 * `openclaw plugins install @openclaw/codex@<version>` with the cached 2026.9.6 CLI, its state and
 * home inside the cache (never ~/.openclaw). It installs in place (OpenClaw records absolute paths)
 * and marks completion last; a concurrent caller waits on the lock. Needs the npm registry.
 */
export async function ensureCodexPlugin(
  version = CODEX_PLUGIN_VERSION,
  onProgress: (text: string) => void = () => {},
): Promise<CachedCodexPlugin> {
  const ready = cachedCodexPlugin(version);
  if (ready) return ready;
  const openclaw = await ensureOpenclaw(OPENCLAW_VERSIONS.sqlite, onProgress);
  const target = targetOf(version);
  const lock = `${target}.installing`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 500));
    const done = cachedCodexPlugin(version);
    if (done) return done;
  }
  try {
    fs.rmSync(target, { recursive: true, force: true });
    const stateDir = path.join(target, 'state');
    const home = path.join(target, 'home');
    fs.mkdirSync(stateDir, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    onProgress(
      `installing @openclaw/codex@${version} with openclaw ${openclaw.version} into ${stateDir} (about 30 s, 0.35 GB)...`,
    );
    await (await loadExeca())(process.execPath, [openclaw.bin, 'plugins', 'install', `@openclaw/codex@${version}`], {
      cwd: target,
      env: {
        // The caller's environment (proxy and CA settings reach npm), none of its OpenClaw or Codex paths.
        ...Object.fromEntries(
          Object.entries(process.env).filter(([k]) => !/^(OPENCLAW_|CLAWDBOT_|CODEX_HOME$)/.test(k)),
        ),
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
        HOME: home,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_CONFIG_PATH: path.join(stateDir, 'openclaw.json'),
        npm_config_update_notifier: 'false',
        // npm's own cache and config stay the user's (they live in the real home).
        npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
        npm_config_userconfig: process.env.npm_config_userconfig ?? path.join(os.homedir(), '.npmrc'),
      },
      extendEnv: false,
      stdin: 'ignore',
      timeout: 600_000,
    });
    fs.writeFileSync(path.join(target, COMPLETE), `${new Date().toISOString()}\n`);
    onProgress(`installed @openclaw/codex@${version}`);
  } finally {
    fs.rmSync(lock, { force: true });
  }
  const installed = cachedCodexPlugin(version);
  if (!installed)
    throw new Error(`openclaw plugins install @openclaw/codex@${version} finished but ${target} is incomplete`);
  return installed;
}
