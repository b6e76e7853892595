// A real 2026.9.6 gateway's state for a scenario run in namespaces: the dirs, its config, the real CLI and the Codex plugin.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { cachedCodexPlugin } from './codex-plugin-cache.ts';

/** Only root can make these namespaces here; without a network namespace the gateway would reach the internet. */
export function canIsolate(unshareArgs: string[]): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', [...unshareArgs, 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface GatewayDirs {
  dir: string;
  home: string;
  stateDir: string;
  codexHome: string;
  realBinDir: string;
  port: number;
  /** Call when every assertion held: the dir is removed then, and kept for inspection otherwise. */
  passed: () => void;
}

/**
 * `root/.openclaw` in a fresh temp dir: a gateway on loopback with a token, the Codex runtime and plugin
 * (from the cache, as OpenClaw's own npm dir holds it), the real CLI alone in `real-bin`.
 */
export function realGatewayState(name: string, portSalt: number): GatewayDirs {
  const plugin = cachedCodexPlugin();
  const openclaw = cachedOpenclaw(OPENCLAW_VERSIONS.sqlite);
  if (!plugin || !openclaw) throw new Error('the global setup caches openclaw 2026.9.6 and the codex plugin');
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `ocshim-${name}-`)));
  let ok = false;
  onTestFinished(() => {
    if (ok) fs.rmSync(dir, { recursive: true, force: true });
  });
  const home = path.join(dir, 'root');
  const stateDir = path.join(home, '.openclaw');
  const realBinDir = path.join(dir, 'real-bin');
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(realBinDir);
  fs.symlinkSync(openclaw.bin, path.join(realBinDir, 'openclaw'));
  execFileSync('cp', ['-a', plugin.npmDir, path.join(stateDir, 'npm')]);
  const port = 20000 + ((process.pid + portSalt) % 20000);
  const config = {
    gateway: { mode: 'local', bind: 'loopback', port, auth: { mode: 'token', token: `${name}-token` } },
    agents: { defaults: { model: 'openai/gpt-5.4' } },
    models: { providers: { openai: { agentRuntime: { id: 'codex' } } } },
    // OpenClaw gives each app-server request 60 s; a busy two-core machine needs more.
    plugins: { entries: { codex: { enabled: true, config: { appServer: { requestTimeoutMs: 300_000 } } } } },
    // Its file log in the test's dir: OpenClaw's default is /tmp/openclaw, whatever TMPDIR says.
    logging: { file: path.join(dir, 'openclaw-file.log') },
  };
  fs.writeFileSync(path.join(stateDir, 'openclaw.json'), `${JSON.stringify(config, null, 2)}\n`);
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  return { dir, home, stateDir, codexHome, realBinDir, port, passed: () => (ok = true) };
}

/** A JSON-lines file's records; none when it is not there. */
export const jsonLines = (file: string): any[] =>
  fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
