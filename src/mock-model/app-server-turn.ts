// Drives one turn of a real `codex app-server` over JSON-RPC stdio, the way OpenClaw does.
import { spawn } from 'node:child_process';

export interface AppServerTurnOptions {
  /** The program and its arguments (Codex itself, a launcher in front of it, or a gateway stand-in). */
  command: [string, ...string[]];
  env: Record<string, string>;
  /** The working directory, also the thread's cwd. */
  cwd: string;
  prompt: string;
  sandbox?: 'danger-full-access' | 'workspace-write' | 'read-only';
  timeoutMs?: number;
  /**
   * Start it as a process-group leader and kill the whole group on timeout, so Codex's tool calls go
   * too (tests); left off, the program stays in the caller's group and gets its terminal's Ctrl-C.
   */
  ownProcessGroup?: boolean;
}

export interface AppServerTurn {
  /** Whether `turn/completed` arrived. */
  completed: boolean;
  /** The protocol error that stopped the turn, if any. */
  error?: string;
  exitCode: number | null;
  /** Everything on stdout: the JSON-RPC stream. */
  stdout: string;
  stderr: string;
}

type Message = {
  id?: number | string;
  method?: string;
  result?: Record<string, unknown>;
  error?: { message?: string };
};

/** SIGKILL for the program, or for its whole process group when it leads one. */
export function kill(child: ReturnType<typeof spawn>, group: boolean): void {
  try {
    if (group) process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/** initialize, initialized, thread/start, turn/start, then wait for turn/completed and close stdin. */
export function runAppServerTurn(o: AppServerTurnOptions): Promise<AppServerTurn> {
  const child = spawn(o.command[0], o.command.slice(1), {
    cwd: o.cwd,
    env: o.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: o.ownProcessGroup ?? false,
  });
  const send = (m: Record<string, unknown>): void => void child.stdin.write(`${JSON.stringify(m)}\n`);
  const pending = new Map<number, (m: Message) => void>();
  let nextId = 1;
  const request = (method: string, params: Record<string, unknown>): Promise<Message> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ id, method, params });
    });
  let completed = false;
  let error: string | undefined;
  let turnDone: () => void = () => {};
  const turnEnded = new Promise<void>((resolve) => (turnDone = resolve));
  let partial = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      let m: Message;
      try {
        m = JSON.parse(line) as Message;
      } catch {
        continue;
      }
      // A server request (an approval): accept, as a never-ask policy would.
      if (m.method && m.id !== undefined) send({ id: m.id, result: { decision: 'accept' } });
      else if (m.method === 'turn/completed') {
        completed = true;
        turnDone();
      } else if (typeof m.id === 'number') pending.get(m.id)?.(m);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const timer = setTimeout(() => kill(child, o.ownProcessGroup ?? false), o.timeoutMs ?? 120_000);
  const stop = (why?: string): void => {
    if (why) error ??= why;
    turnDone();
  };
  void exited.then(() => stop('codex app-server exited before the turn completed'));
  void (async () => {
    const init = await request('initialize', {
      clientInfo: { name: 'openclaw', title: 'OpenClaw', version: '2026.5.12' },
    });
    if (init.error) return stop(`initialize: ${init.error.message ?? 'error'}`);
    send({ method: 'initialized' });
    const thread = await request('thread/start', {
      cwd: o.cwd,
      sandbox: o.sandbox ?? 'danger-full-access',
      approvalPolicy: 'never',
    });
    const threadId = (thread.result?.thread as { id?: string } | undefined)?.id;
    if (!threadId) return stop(`thread/start: ${thread.error?.message ?? 'no thread id'}`);
    const turn = await request('turn/start', { threadId, input: [{ type: 'text', text: o.prompt }] });
    if (turn.error) stop(`turn/start: ${turn.error.message ?? 'error'}`);
  })();
  return turnEnded.then(async () => {
    child.stdin.end();
    const exitCode = await exited;
    clearTimeout(timer);
    return { completed, ...(completed || !error ? {} : { error }), exitCode, stdout, stderr };
  });
}
