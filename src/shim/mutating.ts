// Recognises real-CLI commands that write OpenClaw state, and names the store they act on.
import path from 'node:path';
import { optionValue, parseArgv } from '../canonical/argv.ts';
import type { FsProbe } from '../canonical/types.ts';

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

/** The session store a sessions command for `agent` uses: SQLite (2026.8+) when present, else JSON. */
export function sessionStoreFor(stateDir: string, agent: string, probe: FsProbe): string {
  const sqlite = path.join(stateDir, 'agents', agent, 'agent', 'openclaw-agent.sqlite');
  return probe.isFile(sqlite) ? sqlite : path.join(stateDir, 'agents', agent, 'sessions', 'sessions.json');
}

/** The one stderr line printed before a state-writing command is handed over. */
export function mutationNotice(args: readonly string[], stateDir: string, configPath: string, probe: FsProbe): string | undefined {
  const command = mutatingCommand(args);
  if (!command) return undefined;
  const agent = optionValue(args, '--agent');
  const store = command.startsWith('config')
    ? configPath
    : agent
      ? sessionStoreFor(stateDir, agent, probe)
      : args.includes('--all-agents')
        ? path.join(stateDir, 'agents', '*')
        : `${path.join(stateDir, 'agents')}/<default agent>`;
  return `openclaw-shim: \`openclaw ${command}\` will act on state dir ${stateDir} (store ${store})\n`;
}
