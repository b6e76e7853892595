// Runs the real cached Codex (exec, or app-server over JSON-RPC stdio) the way OpenClaw 2026.5.12 starts it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cachedCodex } from '../../src/lib/codex-cache.ts';
import {
  mockProviderToml,
  startMockModel,
  type CommandOutput,
  type MockModel,
  type ScriptedCommand,
} from '../../src/mock-model/server.ts';
import { hermetic } from './hermetic.ts';
import { forOtherUser, reach } from './other-user.ts';
import { kill, runAppServerTurn } from '../../src/mock-model/app-server-turn.ts';
import { LAUNCH_JS, NODE, NODE_DIR, ROOT } from './paths.ts';
import { makeGateway, type Flavor, type Gateway } from './sandbox.ts';

const FAKE_GATEWAY = path.join(ROOT, 'test', 'launch', 'fixtures', 'fake-gateway.mjs');

export type Sandbox = 'danger-full-access' | 'workspace-write' | 'read-only';
/** A Codex run is killed (with its process group) after this; tests allow more. Two shared cores are slow. */
export const CODEX_TIMEOUT_MS = 200_000;
export const TEST_TIMEOUT_MS = 240_000;
/** An unprivileged user to run the gateway (and so Codex and its tool calls) as. */
export const NOBODY = { uid: 65534, gid: 65534 };

export interface CodexRunOptions {
  g: Gateway;
  mode: 'exec' | 'app-server';
  /** Through `openclaw-codex-launch` (dist/launch.mjs), or the real Codex directly (the incident). */
  launcher: boolean;
  sandbox?: Sandbox;
  /** `false` adds `--disable shell_snapshot`. */
  snapshot?: boolean;
  /** Variables the gateway adds to Codex's environment on top of 2026.5.12's. */
  env?: Record<string, string>;
  /** Run the gateway as this user (via setpriv), as a non-root gateway. */
  user?: { uid: number; gid: number };
  prompt?: string;
  timeoutMs?: number;
  /** TMPDIR=<workspace>/tmp, for sandboxes that take /tmp away. */
  tmpInWorkspace?: boolean;
}

export interface CodexRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export function codexBin(): string {
  const c = cachedCodex();
  if (!c) throw new Error('the real Codex is not cached; the global setup installs it');
  return c.bin;
}

/** The gateway's PATH: the real cached openclaw and the test Node first, no /usr/local/bin. */
export const gatewayPath = (g: Gateway): string => [g.realBinDir, NODE_DIR, '/usr/bin', '/bin'].join(path.delimiter);

/** The environment OpenClaw 2026.5.12 gives `codex app-server`: the gateway's plus CODEX_HOME and HOME. */
export function codexEnv(g: Gateway, extra: Record<string, string> = {}): Record<string, string> {
  return hermetic({ PATH: gatewayPath(g), HOME: g.isolatedHome, CODEX_HOME: g.codexHome, LANG: 'C.UTF-8', ...extra });
}

/** Points the codex home at the mock model; `extra` lines go before the provider table. */
export function writeCodexConfig(g: Gateway, mock: MockModel, extra = ''): void {
  fs.writeFileSync(path.join(g.codexHome, 'config.toml'), mockProviderToml(mock.baseUrl, extra));
}

function codexArgs(o: CodexRunOptions): string[] {
  const flags = o.snapshot === false ? ['--disable', 'shell_snapshot'] : [];
  if (o.mode === 'app-server') return [...flags, 'app-server', '--listen', 'stdio://'];
  return [
    ...flags,
    'exec',
    '--skip-git-repo-check',
    '--sandbox',
    o.sandbox ?? 'danger-full-access',
    o.prompt ?? 'run the commands',
  ];
}

/** The fake gateway (HOME = the gateway's home) that starts Codex or the launcher with `childEnv`: what to spawn, where, with what. */
function gatewaySpawn(o: CodexRunOptions): {
  command: [string, ...string[]];
  env: Record<string, string>;
  cwd: string;
} {
  const g = o.g;
  const workspace = path.join(g.dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  if (o.user) fs.chownSync(workspace, o.user.uid, o.user.gid);
  const tmp: Record<string, string> = o.tmpInWorkspace ? { TMPDIR: path.join(workspace, 'tmp') } : {};
  if (tmp.TMPDIR) fs.mkdirSync(tmp.TMPDIR, { recursive: true });
  const childEnv = codexEnv(g, { ...(o.launcher ? { OPENCLAW_SHIM_CODEX_BIN: codexBin() } : {}), ...tmp, ...o.env });
  const front = o.launcher ? [LAUNCH_JS] : [codexBin()];
  const gatewayArgs = [FAKE_GATEWAY, NODE, ...front, ...codexArgs(o)];
  const priv = o.user ? ['setpriv', `--reuid=${o.user.uid}`, `--regid=${o.user.gid}`, '--clear-groups', NODE] : [NODE];
  const env = hermetic({ PATH: gatewayPath(g), HOME: g.home, FAKE_GATEWAY_CHILD_ENV: JSON.stringify(childEnv) });
  // Another user runs what it can reach: the checkout's files, or the run's copy of them.
  if (o.user)
    return {
      command: [priv[0]!, ...[...priv.slice(1), ...gatewayArgs].map(reach)],
      env: forOtherUser(env),
      cwd: workspace,
    };
  return { command: [priv[0]!, ...priv.slice(1), ...gatewayArgs], env, cwd: workspace };
}

/** `codex exec`: one turn, the mock's commands run as tool calls; its own process group, killed whole on timeout. */
function runExec(o: CodexRunOptions): Promise<CodexRun> {
  const { command, env, cwd } = gatewaySpawn(o);
  const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  child.stdin!.end();
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => kill(child, true), o.timeoutMs ?? CODEX_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

/** `codex app-server` through the one JSON-RPC driver the demo uses too (src/mock-model/app-server-turn.ts). */
async function runAppServer(o: CodexRunOptions): Promise<CodexRun> {
  const turn = await runAppServerTurn({
    ...gatewaySpawn(o),
    prompt: o.prompt ?? 'run the commands',
    sandbox: o.sandbox ?? 'danger-full-access',
    timeoutMs: o.timeoutMs ?? CODEX_TIMEOUT_MS,
    ownProcessGroup: true,
  });
  return { exitCode: turn.exitCode, stdout: turn.stdout, stderr: turn.stderr };
}

export const runCodex = (o: CodexRunOptions): Promise<CodexRun> => (o.mode === 'exec' ? runExec(o) : runAppServer(o));

export interface Scenario {
  g: Gateway;
  mock: MockModel;
  run: CodexRun;
  outputs: CommandOutput[];
}

/** A fresh gateway (owned by `user` if given), a mock asking for `commands`, one Codex run. */
export interface ScenarioOptions extends Omit<CodexRunOptions, 'g'> {
  flavor?: Flavor;
  configExtra?: string;
  /** Runs on the fresh gateway before Codex starts (install, operator files). */
  before?: (g: Gateway) => Promise<void>;
  /** Fills gateway paths into the commands (they are written before the gateway exists). */
  rewrite?: (cmd: string) => string;
}

export async function codexScenario(commands: ScriptedCommand[], o: ScenarioOptions): Promise<Scenario> {
  const g = makeGateway(o.flavor ?? 'json');
  await o.before?.(g);
  const mock = await startMockModel(o.rewrite ? commands.map((c) => ({ ...c, cmd: o.rewrite!(c.cmd) })) : commands);
  try {
    writeCodexConfig(g, mock, o.configExtra);
    if (o.user) chownTree(g.dir, o.user);
    const run = await runCodex({ ...o, g });
    return { g, mock, run, outputs: mock.outputs() };
  } finally {
    await mock.close();
  }
}

/** Hands a temp tree to another user (the non-root gateway owns its state). */
export function chownTree(dir: string, user: { uid: number; gid: number }): void {
  fs.chownSync(dir, user.uid, user.gid);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[])
    fs.lchownSync(path.join(dir, f), user.uid, user.gid);
}

/** The JSON object a command printed (Codex wraps the output in its own text). */
export function jsonIn(output: string): Record<string, unknown> | undefined {
  const start = output.indexOf('{');
  const end = output.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(output.slice(start, end + 1)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Every redirect-log record the shim wrote for this gateway (state dir first, codex home fallback). */
export function shimLogRecords(g: Gateway): Array<Record<string, unknown>> {
  const files = [
    path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl'),
    path.join(g.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl'),
  ];
  return files.flatMap((f) =>
    fs.existsSync(f)
      ? fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [],
  );
}
