// Installs Node 22.12.0 (the engines floor, no process.execve) from npm into the shared cache, once.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cacheRoot } from '../../src/lib/openclaw-cache.ts';

export const NODE22_VERSION = '22.12.0';
const target = (): string => path.join(cacheRoot(), `node-${NODE22_VERSION}`);
const binOf = (dir: string): string => path.join(dir, 'node_modules', 'node', 'bin', 'node');

/** `npm install --prefix <cache>/node-22.12.0 node@22.12.0`; the `node` package's install script fetches the binary. */
export async function ensureNode22(): Promise<string> {
  const dir = target();
  if (fs.existsSync(binOf(dir))) return binOf(dir);
  const lock = `${dir}.installing`;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  while (!takeLock(lock)) {
    await new Promise((r) => setTimeout(r, 500));
    if (fs.existsSync(binOf(dir))) return binOf(dir);
  }
  try {
    const tmp = `${dir}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    // npm refuses --allow-scripts for project installs; the project's allowScripts field is the way.
    fs.writeFileSync(path.join(tmp, 'package.json'), '{"name":"openclaw-shim-node22","private":true,"allowScripts":{"node":true}}\n');
    const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    await execa('npm', ['install', '--prefix', tmp, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `node@${NODE22_VERSION}`], {
      env: { PATH, HOME: process.env.HOME ?? '/root', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(lock, { force: true });
  }
  if (!fs.existsSync(binOf(dir))) throw new Error(`npm installed node@${NODE22_VERSION} but ${binOf(dir)} is missing`);
  return binOf(dir);
}

/** An exclusive lock file; one left by a dead installer is taken over. */
function takeLock(lock: string): boolean {
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
