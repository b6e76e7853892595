// Runs the real cached Codex (exec, or app-server over JSON-RPC stdio) the way OpenClaw 2026.5.12 starts it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cachedCodex } from '../../src/lib/codex-cache.ts';
import { mockProviderToml, startMockModel, type CommandOutput, type MockModel, type ScriptedCommand } from '../../src/mock-model/server.ts';
import { hermetic } from './hermetic.ts';
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
  return [...flags, 'exec', '--skip-git-repo-check', '--sandbox', o.sandbox ?? 'danger-full-access', o.prompt ?? 'run the commands'];
}

/** The fake gateway (HOME = the gateway's home) spawning Codex or the launcher with `childEnv`. */
function startGateway(o: CodexRunOptions) {
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
  const gatewayEnv = hermetic({ PATH: gatewayPath(g), HOME: g.home, FAKE_GATEWAY_CHILD_ENV: JSON.stringify(childEnv) });
  // Its own process group, so a timeout takes Codex and its tool calls down with it.
  const child = spawn(priv[0]!, [...priv.slice(1), ...gatewayArgs], { cwd: workspace, env: gatewayEnv, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  return { child, workspace };
}

function collect(child: ReturnType<typeof spawn>, timeoutMs: number, onLine?: (line: string) => void): Promise<CodexRun> {
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (!onLine) return;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const l of lines) if (l.trim()) onLine(l);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}

/** `codex exec`: one turn, the mock's commands run as tool calls. */
function runExec(o: CodexRunOptions): Promise<CodexRun> {
  const { child } = startGateway(o);
  child.stdin!.end();
  return collect(child, o.timeoutMs ?? CODEX_TIMEOUT_MS);
}

type Message = { id?: number | string; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: unknown };

/** `codex app-server`: initialize, initialized, thread/start, turn/start, until turn/completed. */
function runAppServer(o: CodexRunOptions): Promise<CodexRun> {
  const { child, workspace } = startGateway(o);
  const send = (m: Record<string, unknown>): void => void child.stdin!.write(`${JSON.stringify(m)}\n`);
  let nextId = 1;
  const pending = new Map<number, (m: Message) => void>();
  const request = (method: string, params: Record<string, unknown>): Promise<Message> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  let completed: () => void = () => {};
  const turnDone = new Promise<void>((resolve) => (completed = resolve));
  const onLine = (line: string): void => {
    let m: Message;
    try {
      m = JSON.parse(line) as Message;
    } catch {
      return;
    }
    if (m.method && m.id !== undefined) {
      // A server request (approval, user input): accept, as OpenClaw's never-approval setup would.
      send({ id: m.id, result: { decision: 'accept' } });
    } else if (m.method === 'turn/completed') completed();
    else if (typeof m.id === 'number' && pending.has(m.id)) pending.get(m.id)!(m);
  };
  const done = collect(child, o.timeoutMs ?? CODEX_TIMEOUT_MS, onLine);
  void (async () => {
    const init = await request('initialize', { clientInfo: { name: 'openclaw', title: 'OpenClaw', version: '2026.5.12' } });
    if (init.error) return child.stdin!.end();
    send({ method: 'initialized' });
    const thread = await request('thread/start', { cwd: workspace, sandbox: o.sandbox ?? 'danger-full-access', approvalPolicy: 'never' });
    const threadId = (thread.result?.thread as { id?: string } | undefined)?.id;
    if (!threadId) return child.stdin!.end();
    await request('turn/start', { threadId, input: [{ type: 'text', text: o.prompt ?? 'run the commands' }] });
    await turnDone;
    child.stdin!.end();
  })();
  return done;
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
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.lchownSync(path.join(dir, f), user.uid, user.gid);
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
  const files = [path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl'), path.join(g.codexHome, 'openclaw-shim', 'logs', 'openclaw-shim.jsonl')];
  return files.flatMap((f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : []));
}
