// Reads what doctor needs from the gateway's JSON5 config: agents, custom agentDirs, the Codex command.
import path from 'node:path';
import { expandTilde } from '../canonical/layout.ts';
import { parseJson5 } from '../lib/json5.ts';
import { readRegularFile, readErrorOf } from '../lib/read-regular.ts';

export interface ConfigAgent {
  id: string;
  /** Absolute agentDir when the config sets one. */
  agentDir?: string;
}

export interface ConfigFacts {
  /** `ok`: parsed; `missing`: no file; `unreadable`: could not be read or parsed (see `error`). */
  status: 'ok' | 'missing' | 'unreadable';
  error?: string;
  agents: ConfigAgent[];
  /** `plugins.entries.codex.config.appServer.command`, if set. */
  codexCommand?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (v: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), v);

/** An agentDir as OpenClaw reads it: `~` from the gateway's home, relative paths from the state dir. */
function resolveAgentDir(raw: unknown, home: string, stateDir: string): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  return path.resolve(stateDir, expandTilde(raw.trim(), home));
}

/** Both config shapes: 2026.5 `agents.list[]` and 2026.9 `agents.entries.<id>` (pure). */
export function extractConfigFacts(config: unknown, home: string, stateDir: string): Omit<ConfigFacts, 'status'> {
  const agents: ConfigAgent[] = [];
  const add = (id: unknown, dir: unknown): void => {
    if (typeof id !== 'string' || !id.trim() || agents.some((a) => a.id === id)) return;
    const agentDir = resolveAgentDir(dir, home, stateDir);
    agents.push(agentDir ? { id, agentDir } : { id });
  };
  const list = at(config, 'agents', 'list');
  if (Array.isArray(list)) for (const a of list) add(at(a, 'id'), at(a, 'agentDir'));
  const entries = at(config, 'agents', 'entries');
  if (isObj(entries)) for (const [id, a] of Object.entries(entries)) add(id, at(a, 'agentDir'));
  const command = at(config, 'plugins', 'entries', 'codex', 'config', 'appServer', 'command');
  return { agents, ...(typeof command === 'string' && command.trim() ? { codexCommand: command.trim() } : {}) };
}

/** Reads and parses the config, never throwing: a broken config is a finding, not a crash. */
export function readConfigFacts(configPath: string, home: string, stateDir: string): ConfigFacts {
  let text: string;
  try {
    text = readRegularFile(configPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { status: 'missing', agents: [] }
      : { status: 'unreadable', error: `cannot read: ${readErrorOf(error)}`, agents: [] };
  }
  try {
    return { status: 'ok', ...extractConfigFacts(parseJson5(text), home, stateDir) };
  } catch (error) {
    return { status: 'unreadable', error: (error as Error).message, agents: [] };
  }
}
