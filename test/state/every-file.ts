// A state holding every file the commands read (records, backup, capture, codex config, snapshot, log), and every command that reads them.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { BASE_PATH, CLI_JS, NODE, SHIM_JS } from '../helpers/paths.ts';
import { cliAsRoot, type StateFixture } from './fixture.ts';

export interface Full {
  f: StateFixture;
  backup: string;
  /** Each file a command reads, by what it is. */
  files: Record<string, string>;
}

const put = (file: string, text: string): void => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

/** A finished repair (its backup, manifest, run and merge records) and then a new shadow, a capture, records and a log. */
export async function fullState(f: StateFixture, opts: { backup?: boolean } = {}): Promise<Full> {
  const root = path.join(f.stateDir, 'backups/openclaw-shim');
  let backup = path.join(root, 'none');
  let merge = path.join(backup, 'merges/none.json');
  if (opts.backup !== false) {
    const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    backup = path.join(root, fs.readdirSync(root).find((n) => !n.endsWith('.lock'))!);
    merge = path.join(backup, 'merges', fs.readdirSync(path.join(backup, 'merges'))[0]!);
  }
  put(f.shadowStore, JSON.stringify({ 'agent:main:c': { sessionId: 'c', updatedAt: 3 } }));
  put(path.join(path.dirname(f.shadowStore), 'c.jsonl'), '{"type":"session"}\n');
  const shimRoot = path.join(f.codexHome, 'openclaw-shim');
  const capture = {
    schema: 'openclaw-shim/capture',
    version: 1,
    createdAt: new Date().toISOString(),
    codexHome: f.codexHome,
    stateDir: { value: f.stateDir, source: 'flag', detail: 'test' },
    configPath: { value: f.configPath, source: 'flag', detail: 'test' },
    home: { value: f.home, source: 'flag', detail: 'test' },
  };
  const files: Record<string, string> = {
    'canonical sessions.json': f.canonicalStore,
    'shadow sessions.json': f.shadowStore,
    'openclaw.json': f.configPath,
    'capture.json': path.join(shimRoot, 'capture.json'),
    'the shim': path.join(shimRoot, 'bin/openclaw'),
    'config.toml': path.join(f.codexHome, 'config.toml'),
    'shell snapshot': path.join(f.codexHome, 'shell_snapshots/s.sh'),
    'setup.json': path.join(f.stateDir, 'openclaw-shim/setup.json'),
    'launcher.json': path.join(f.stateDir, 'openclaw-shim/launcher/launcher.json'),
    'manifest.json': path.join(backup, 'manifest.json'),
    'run.json': path.join(backup, 'run.json'),
    'merge record': merge,
    'redirect log': path.join(f.stateDir, 'logs/openclaw-shim.jsonl'),
    'sessions.json.lock': `${f.canonicalStore}.lock`,
  };
  put(files['capture.json']!, JSON.stringify(capture));
  put(files['the shim']!, '#!/bin/sh\n# openclaw-shim generated\n');
  put(files['config.toml']!, 'sandbox_mode = "workspace-write"\n');
  put(files['shell snapshot']!, 'export PATH=/usr/bin:/bin\n');
  put(
    files['setup.json']!,
    JSON.stringify({
      schema: 'openclaw-shim/setup',
      version: 1,
      stateDir: f.stateDir,
      config: {},
      launcher: { dir: path.dirname(files['launcher.json']!) },
      codexHomes: [],
    }),
  );
  put(files['launcher.json']!, JSON.stringify({ schema: 'openclaw-shim/launcher', version: 1 }));
  put(
    files['redirect log']!,
    `${JSON.stringify({ time: '2026-11-29T10:00:00.000Z', pid: 7, ppid: 1, cwd: '/', argv: ['sessions'], decision: 'redirected', redirects: [] })}\n`,
  );
  if (opts.backup !== false) fs.rmSync(path.join(backup, 'done.json'), { force: true });
  return { f, backup, files };
}

/** The real OpenClaw 2026.5.12 from the cache: uninstall asks it for the config's values. */
function realOpenclaw(): string {
  const cached = cachedOpenclaw(OPENCLAW_VERSIONS.json);
  if (!cached) throw new Error('openclaw 2026.5.12 is not cached; the global setup installs it');
  return cached.bin;
}

/** Every command that reads those files: the management CLI's read paths, and the shim in the codex home. */
export const commands = (
  x: Full,
): Array<{ name: string; file: string; args: string[]; env?: Record<string, string> }> => {
  const { f, backup } = x;
  const cli = (name: string, ...args: string[]) => ({ name, file: NODE, args: [CLI_JS, ...args] });
  return [
    cli('doctor', 'doctor', '--state-dir', f.stateDir, '--json'),
    cli('repair', 'repair', '--state-dir', f.stateDir, '--json'),
    cli('repair --undo', 'repair', '--undo', backup, '--json'),
    cli('explain', 'explain', '--codex-home', f.codexHome, '--json'),
    cli('log', 'log', '--state-dir', f.stateDir, '--json'),
    cli('uninstall', 'uninstall', '--state-dir', f.stateDir, '--real-openclaw', realOpenclaw(), '--json'),
    {
      name: 'shim',
      file: NODE,
      args: [SHIM_JS, 'sessions', '--json'],
      env: {
        CODEX_HOME: f.codexHome,
        HOME: path.join(f.codexHome, 'home'),
        OPENCLAW_SHIM_REAL_BIN: '/bin/true',
        OPENCLAW_SHIM_QUIET: '1',
      },
    },
  ];
};

export interface Ran {
  exitCode: number | undefined;
  timedOut: boolean;
  out: string;
  ms: number;
}

/** One command with a deadline: a hang is a timeout here, never a stuck test. */
export async function runBounded(x: Full, c: ReturnType<typeof commands>[number], timeout = 30_000): Promise<Ran> {
  const started = Date.now();
  const env = hermetic({
    PATH: BASE_PATH,
    HOME: x.f.home,
    NO_COLOR: '1',
    OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(x.f.dir, 'no-gateway-locks'),
    ...c.env,
  });
  const r = await execa(c.file, c.args, {
    cwd: x.f.dir,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout,
    killSignal: 'SIGKILL',
  });
  return {
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    out: `${String(r.stdout)}\n${String(r.stderr)}`,
    ms: Date.now() - started,
  };
}
