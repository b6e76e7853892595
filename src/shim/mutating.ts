// Recognises real-CLI commands that write OpenClaw state, and names the store they act on.
import path from 'node:path';
import { optionValue, parseArgv } from '../canonical/argv.ts';
import type { SessionStoreKind } from '../canonical/openclaw-version.ts';
import type { FsProbe } from '../canonical/types.ts';
import { readDefaultAgent } from './default-agent.ts';
import { agentSqlitePath, defaultAgentDir, sessionsJsonPath } from '../releases/layout.ts';

const SESSION_WRITES = new Set(['cleanup', 'delete', 'archive', 'compact', 'reset', 'prune', 'clear']);

/** The command words that write state, or undefined for a read-only command. */
export function mutatingCommand(args: readonly string[]): string | undefined {
  const words = parseArgv(args).commandPath;
  const [a, b, c] = words;
  if (a === 'sessions' && words.slice(1, 3).some((w) => SESSION_WRITES.has(w))) {
    return `sessions ${words.slice(1, 3).find((w) => SESSION_WRITES.has(w))}`;
  }
  if (a === 'reset') return 'reset';
  if (a === 'doctor' && args.some((x) => x === '--fix' || x === '--repair' || x === '--yes')) return 'doctor --fix';
  if (a === 'agents' && (b === 'delete' || b === 'remove' || b === 'add')) return `agents ${b}`;
  if (a === 'config' && (b === 'set' || b === 'unset' || b === 'patch' || b === 'apply')) return `config ${b}`;
  if (a === 'gateway' && b === 'call' && c?.startsWith('sessions.')) return `gateway call ${c}`;
  return undefined;
}

/** What the notice needs besides argv: how to look at files, the release's store kind when known, the default agent. */
export interface NoticeContext {
  probe: FsProbe;
  /** The real CLI's session store kind, from its version; unknown → decided by which file exists. */
  kind?: SessionStoreKind | undefined;
  readDefault?: (config: string) => string | undefined;
}

/** The session store a sessions command for `agent` uses: the release's kind, else SQLite when its file exists, else JSON. */
export function sessionStoreFor(stateDir: string, agent: string, c: NoticeContext): string {
  const sqlite = agentSqlitePath(defaultAgentDir(stateDir, agent));
  const kind = c.kind ?? (c.probe.isFile(sqlite) ? 'sqlite' : 'json');
  return kind === 'sqlite' ? sqlite : sessionsJsonPath(stateDir, agent);
}

/** The store a state-writing command acts on: `--store`, `--agent`'s, or the default agent's. */
function storeFor(
  command: string,
  args: readonly string[],
  stateDir: string,
  configPath: string,
  c: NoticeContext,
): string {
  if (command.startsWith('config')) return configPath;
  const store = optionValue(args, '--store');
  if (store) return path.resolve(store);
  if (args.includes('--all-agents')) return path.join(stateDir, 'agents', '*');
  const agent = optionValue(args, '--agent') ?? (c.readDefault ?? readDefaultAgent)(configPath);
  return agent ? sessionStoreFor(stateDir, agent, c) : `${path.join(stateDir, 'agents')}/<default agent>`;
}

/** The one stderr line printed before a state-writing command is handed over. */
export function mutationNotice(
  args: readonly string[],
  stateDir: string,
  configPath: string,
  c: NoticeContext,
): string | undefined {
  const command = mutatingCommand(args);
  if (!command) return undefined;
  const store = storeFor(command, args, stateDir, configPath, c);
  const verb = args.includes('--dry-run') ? 'would act on (dry run)' : 'will act on';
  return `openclaw-shim: \`openclaw ${command}\` ${verb} state dir ${stateDir} (store ${store})\n`;
}
