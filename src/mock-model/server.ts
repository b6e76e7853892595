// A local stand-in for the OpenAI Responses API that asks the real Codex to run given commands.
import type { AddressInfo } from 'node:net';

/** One command for the model to ask for; `login` omitted means Codex's default (a login shell). */
export interface ScriptedCommand {
  cmd: string;
  login?: boolean;
}

/** What a command printed, as Codex reported it back to the model. */
export interface CommandOutput {
  callId: string;
  output: string;
}

export interface MockModel {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /**
   * What each command printed, in order: Codex's `*_call_output` items deduplicated by call id, a
   * command that outlived its yield time joined with the `write_stdin` polls that finished it.
   */
  outputs(): CommandOutput[];
  /** How many model requests arrived. */
  requests(): number;
  close(): Promise<void>;
}

type Item = { type?: unknown; call_id?: unknown; output?: unknown; role?: unknown; content?: unknown };

const sse = (type: string, data: Record<string, unknown>): string =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const outputText = (output: unknown): string => {
  if (typeof output === 'string') return output;
  if (Array.isArray(output))
    return output.map((o) => (typeof o === 'string' ? o : String((o as { text?: unknown }).text ?? ''))).join('');
  if (output && typeof output === 'object' && 'content' in output)
    return outputText((output as { content: unknown }).content);
  return JSON.stringify(output);
};

/** Codex's answer for a command still running after its yield time: "Process running with session ID N". */
const runningSession = (text: string): number | undefined => {
  const m = text.match(/Process running with session ID (\d+)/);
  return m ? Number(m[1]) : undefined;
};

/** Folds poll chunks into the command they belong to (pure). */
export function foldOutputs(chunks: CommandOutput[]): CommandOutput[] {
  const out: CommandOutput[] = [];
  let open: CommandOutput | undefined;
  for (const c of chunks) {
    // A poll's own header ("Chunk ID…Output:") would split the command's output: keep only its body.
    const at = c.output.indexOf('Output:\n');
    const body = open && at >= 0 ? c.output.slice(at + 'Output:\n'.length) : c.output;
    open = open ? { callId: open.callId, output: open.output + body } : { ...c };
    if (runningSession(c.output) === undefined) {
      out.push(open);
      open = undefined;
    }
  }
  return open ? [...out, open] : out;
}

const usage = {
  input_tokens: 1,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 1,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 2,
};

/**
 * Starts the mock on 127.0.0.1 (never another address). Each request is answered from its own
 * input: with n command outputs already in the conversation, it asks for `commands[n]`, and after
 * the last one it answers with a plain message. So any number of conversations can run at once.
 */
export async function startMockModel(commands: ScriptedCommand[], finalText = 'done'): Promise<MockModel> {
  // Not a top-level `import http`: that ESM import evaluates node:http's lazy WebSocket getter, which
  // loads undici and creates process.stderr, leaving a piped fd 2 non-blocking for whatever the CLI
  // execs next (`openclaw-shim launch`). The management CLI bundles this module for the demo.
  const http = process.getBuiltinModule('node:http');
  const seen = new Map<string, string>();
  let requests = 0;
  let responseId = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/responses')) {
        res.writeHead(req.url?.endsWith('/models') ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: [], object: 'list' }));
        return;
      }
      requests++;
      let input: Item[] = [];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input?: unknown };
        if (Array.isArray(body.input)) input = body.input as Item[];
      } catch {
        // An unreadable body is answered like an empty conversation.
      }
      const done = input.filter((i) => typeof i.type === 'string' && i.type.endsWith('_call_output'));
      for (const d of done)
        if (typeof d.call_id === 'string' && !seen.has(d.call_id)) seen.set(d.call_id, outputText(d.output));
      const id = `resp_${++responseId}`;
      // A slow machine: the last command is still running, so poll it (write_stdin) before asking for the next.
      const texts = done.map((d) => outputText(d.output));
      const session = texts.length ? runningSession(texts.at(-1)!) : undefined;
      const finished = texts.filter((t) => runningSession(t) === undefined).length;
      const next = commands[finished];
      const item =
        session !== undefined
          ? {
              type: 'function_call',
              id: `fc_${responseId}`,
              call_id: `call_${responseId}`,
              name: 'write_stdin',
              arguments: JSON.stringify({
                session_id: session,
                chars: '',
                yield_time_ms: 30_000,
                max_output_tokens: 20_000,
              }),
            }
          : next
            ? {
                type: 'function_call',
                id: `fc_${responseId}`,
                call_id: `call_${responseId}`,
                name: 'exec_command',
                arguments: JSON.stringify({
                  cmd: next.cmd,
                  ...(next.login === undefined ? {} : { login: next.login }),
                  yield_time_ms: 30_000,
                  max_output_tokens: 20_000,
                }),
              }
            : {
                type: 'message',
                id: `msg_${responseId}`,
                role: 'assistant',
                content: [{ type: 'output_text', text: finalText, annotations: [] }],
              };
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(sse('response.created', { response: { id } }));
      res.write(sse('response.output_item.done', { output_index: 0, item }));
      res.end(sse('response.completed', { response: { id, usage } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    outputs: () => foldOutputs([...seen].map(([callId, output]) => ({ callId, output }))),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `config.toml` that points Codex at the mock (a custom provider that needs no login). */
export function mockProviderToml(baseUrl: string, extra = ''): string {
  return [
    'model = "mock-model"',
    'model_provider = "mock"',
    'approval_policy = "never"',
    extra,
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    'wire_api = "responses"',
    'requires_openai_auth = false',
    '',
  ].join('\n');
}
