// A small ACP client over stdio (one JSON-RPC object per line): initialize, session/new, session/prompt.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import { hermetic } from './hermetic.ts';

interface Message {
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message?: string };
}

export interface AcpSession {
  /** Every `session/update` notification's `update`, in order. */
  updates: Array<Record<string, unknown>>;
  stopReason: string;
  stderr: string;
  exitCode: number | null;
}

/**
 * Starts `file args…`, runs one prompt in a new session and stops the agent. Requests from the agent
 * (permissions, terminals) are answered with an error: with `approval_policy = "never"` none come.
 */
export async function runAcpPrompt(
  file: string,
  args: string[],
  opts: { env: Record<string, string>; cwd: string; prompt: string; timeoutMs: number },
): Promise<AcpSession> {
  // Its own process group, so a wrapper's children go too when it is stopped.
  const child: ChildProcessWithoutNullStreams = spawn(file, args, {
    cwd: opts.cwd,
    env: hermetic(opts.env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const killAll = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const updates: Array<Record<string, unknown>> = [];
  let nextId = 0;
  const send = (m: Record<string, unknown>): void =>
    void child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    let m: Message;
    try {
      m = JSON.parse(line) as Message;
    } catch {
      return;
    }
    if (m.method === 'session/update' && m.params?.update) updates.push(m.params.update as Record<string, unknown>);
    else if (m.method && m.id !== undefined)
      send({ id: m.id, error: { code: -32601, message: `${m.method} is not supported by this client` } });
    else if (typeof m.id === 'number' && pending.has(m.id)) {
      const p = pending.get(m.id)!;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(`ACP error: ${m.error.message ?? JSON.stringify(m.error)}`));
      else p.resolve(m);
    }
  });
  const request = (method: string, params: Record<string, unknown>): Promise<Message> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      send({ id, method, params });
    });
  const timer = setTimeout(() => killAll('SIGKILL'), opts.timeoutMs);
  try {
    const gone = exited.then((code) => {
      throw new Error(`the agent exited (${code}) early: ${stderr.slice(-2000)}`);
    });
    const call = (method: string, params: Record<string, unknown>): Promise<Message> =>
      Promise.race([request(method, params), gone]);
    await call('initialize', {
      protocolVersion: 1,
      clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false },
      clientInfo: { name: 'openclaw-shim-tests', version: '0' },
    });
    const session = await call('session/new', { cwd: opts.cwd, mcpServers: [] });
    const sessionId = String(session.result?.sessionId);
    const done = await call('session/prompt', { sessionId, prompt: [{ type: 'text', text: opts.prompt }] });
    gone.catch(() => {});
    child.stdin.end();
    killAll('SIGTERM');
    return { updates, stopReason: String(done.result?.stopReason), stderr, exitCode: await exited };
  } finally {
    clearTimeout(timer);
    killAll('SIGKILL');
  }
}
