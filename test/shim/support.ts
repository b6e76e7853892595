// Shared fixtures for built-shim tests: a gateway-shaped temp tree, the installed shim, fake openclaws, a runner.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installShim } from '../../src/install/install.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { BASE_PATH } from '../helpers/paths.ts';

export interface ShimSandbox {
  dir: string;
  home: string;
  stateDir: string;
  codexHome: string;
  isolatedHome: string;
  shim: string;
  shimDir: string;
  /** Writes an executable `openclaw` (sh script body) into a fresh dir; returns that dir. */
  fake(body: string, name?: string): string;
  /** A tool call's environment: isolated HOME, CODEX_HOME, the shim first on PATH, then `pathDirs`. */
  env(pathDirs: string[], extra?: Record<string, string>): Record<string, string>;
  cleanup(): void;
}

let fakeCount = 0;

/** A temp gateway (`<dir>/root/.openclaw`), an agent codex home inside it, and the shim installed there. */
export function makeShimSandbox(opts: { nodePath?: string } = {}): ShimSandbox {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-t-')));
  const home = path.join(dir, 'root');
  const stateDir = path.join(home, '.openclaw');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  const isolatedHome = path.join(codexHome, 'home');
  fs.mkdirSync(isolatedHome, { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'agents', 'target', 'sessions'), { recursive: true });
  fs.writeFileSync(
    path.join(stateDir, 'openclaw.json'),
    '{ agents: { list: [ { id: "main", default: true }, { id: "target" } ] } }\n',
  );
  const r = installShim({
    codexHome,
    env: { PATH: BASE_PATH, HOME: home },
    flags: { stateDir },
    command: 'install',
    ...(opts.nodePath ? { nodePath: opts.nodePath } : {}),
  });
  return {
    dir,
    home,
    stateDir,
    codexHome,
    isolatedHome,
    shim: r.shimPath,
    shimDir: r.shimDir,
    fake: (body, name = 'openclaw') => writeFake(path.join(dir, `fake-${(fakeCount += 1)}`), body, name),
    env: (pathDirs, extra = {}) =>
      hermetic({
        PATH: [r.shimDir, ...pathDirs, BASE_PATH].join(path.delimiter),
        HOME: isolatedHome,
        CODEX_HOME: codexHome,
        ...extra,
      }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function writeFake(dir: string, body: string, name = 'openclaw'): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

export interface Run {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  args?: string[];
  env: Record<string, string>;
  input?: Buffer | string;
  cwd?: string;
  /** Called with each stdout chunk and the child, e.g. to signal it once it is ready. */
  onStdout?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs `file` and sends its pid one SIGTERM once its stdout says `pid=` (the real CLI is up and listening). */
export function runAndTermOnPid(file: string, env: Record<string, string>): Promise<Run> {
  let sent = false;
  return run(file, {
    env,
    onStdout: (seen, child) => {
      if (!sent && seen.includes('pid=')) {
        sent = true;
        child.kill('SIGTERM');
      }
    },
  });
}

/** Runs `file` with exactly `env` (plus the hermetic stand-ins); resolves with how it ended (never rejects on failure). */
export function run(file: string, opts: RunOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, opts.args ?? [], {
      env: hermetic(opts.env),
      cwd: opts.cwd ?? os.tmpdir(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let seen = '';
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      seen += b.toString('utf8');
      opts.onStdout?.(seen, child);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.stdin.on('error', () => {}); // the child may exit without reading everything
    child.stdin.end(opts.input ?? '');
    child.on('close', (code, signal) =>
      resolve({
        pid: child.pid!,
        code,
        signal,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** Every file (not dir) below `dir`, relative and sorted. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** The redirect log's records. */
export function readLog(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
