// Builds gateway-shaped state dirs and Codex-shaped isolated homes in a temp dir, for real-CLI tests.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type Result } from 'execa';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { hermetic } from './hermetic.ts';
import { BASE_PATH } from './paths.ts';

export type Flavor = keyof typeof OPENCLAW_VERSIONS; // 'json' (2026.5.12) | 'sqlite' (2026.9.6)

const CONFIGS: Record<Flavor, string> = {
  json: '{ agents: { list: [ { id: "main", default: true }, { id: "target" } ] } }\n',
  sqlite: '{ agents: { ownership: "explicit", entries: { main: {}, target: {} } } }\n',
};

export interface Gateway {
  dir: string;
  /** The gateway's HOME (like /root). */
  home: string;
  /** `<home>/.openclaw` */
  stateDir: string;
  configPath: string;
  /** `<state>/agents/main/agent/codex-home` */
  codexHome: string;
  /** `<codexHome>/home`, the isolated HOME 2026.5.12 sets. */
  isolatedHome: string;
  /** A dir holding only a symlink `openclaw` to the real cached CLI. */
  realBinDir: string;
  realBin: string;
  flavor: Flavor;
  /** The environment OpenClaw 2026.5.12 gives `codex app-server` (and so its tool calls). */
  isolatedEnv(extra?: Record<string, string>): Record<string, string>;
  cleanup(): void;
}

/** `version` runs another cached release than the flavor's pinned one (its config shape still the flavor's). */
export function makeGateway(flavor: Flavor = 'json', opts: { agents?: string[]; version?: string } = {}): Gateway {
  const version = opts.version ?? OPENCLAW_VERSIONS[flavor];
  const cached = cachedOpenclaw(version);
  if (!cached) throw new Error(`openclaw@${version} is not cached; the global setup installs it`);
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-')));
  const home = path.join(dir, 'root');
  const stateDir = path.join(home, '.openclaw');
  const configPath = path.join(stateDir, 'openclaw.json');
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(configPath, CONFIGS[flavor]);
  for (const a of opts.agents ?? []) fs.mkdirSync(path.join(stateDir, 'agents', a, 'sessions'), { recursive: true });
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  const isolatedHome = path.join(codexHome, 'home');
  fs.mkdirSync(isolatedHome, { recursive: true });
  const realBinDir = path.join(dir, 'real-bin');
  fs.mkdirSync(realBinDir);
  const realBin = path.join(realBinDir, 'openclaw');
  fs.symlinkSync(cached.bin, realBin);
  return {
    dir,
    home,
    stateDir,
    configPath,
    codexHome,
    isolatedHome,
    realBinDir,
    realBin,
    flavor,
    isolatedEnv: (extra = {}) =>
      hermetic({
        PATH: `${realBinDir}${path.delimiter}${BASE_PATH}`,
        HOME: isolatedHome,
        CODEX_HOME: codexHome,
        ...extra,
      }),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a command with exactly `env` (nothing inherited but the hermetic stand-ins), never throwing on a non-zero exit. */
export function runIn(
  cwd: string,
  file: string,
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<Result> {
  return execa(file, args, {
    cwd,
    env: hermetic(env),
    extendEnv: false,
    reject: false,
    ...(input === undefined ? { stdin: 'ignore' } : { input }),
  });
}

/** Every file below `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** A complete gateway lock in `lockDir`: the gateway writes it in place, so it counts once it parses with a pid. */
/**
 * Ends a real gateway now (it drains for minutes on SIGTERM): SIGKILL to its whole process group (it was
 * started detached, in a network namespace, with its Codex children), then waits for it to exit.
 */
export async function killGatewayGroup(g: ChildProcess | undefined): Promise<void> {
  if (!g?.pid || g.exitCode !== null || g.signalCode !== null) return;
  const gone = new Promise((r) => g.once('exit', r));
  try {
    process.kill(-g.pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  await gone;
}

export const hasGatewayLock = (lockDir: string): boolean =>
  fs.existsSync(lockDir) &&
  fs.readdirSync(lockDir).some((n) => {
    if (!/^gateway\.[0-9a-f]+\.lock$/.test(n)) return false;
    try {
      return typeof JSON.parse(fs.readFileSync(path.join(lockDir, n), 'utf8')).pid === 'number';
    } catch {
      return false;
    }
  });
