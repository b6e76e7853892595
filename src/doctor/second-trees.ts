// Other OpenClaw state trees beside the one checked: a nested <state>/.openclaw (OPENCLAW_HOME set to the state dir) and legacy ~/.clawdbot, ~/.moltbot…
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, STATE_DIR_NAMES } from '../canonical/layout.ts';
import { cmd } from '../lib/shell-words.ts';
import { realOr } from '../store/shadow-root.ts';
import type { Finding } from './findings.ts';

export interface SecondTree {
  path: string;
  kind: 'nested' | 'beside';
  configs: string[];
  /** Agents with a sessions dir there. */
  agents: string[];
}

const list = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
};

/** What makes a dir a state tree: a config or an agent's sessions dir. Undefined when it holds neither. */
function treeAt(dir: string, kind: SecondTree['kind']): SecondTree | undefined {
  const names = list(dir);
  const configs = names.filter((n) => (CONFIG_FILE_NAMES as readonly string[]).includes(n));
  const agents = list(path.join(dir, 'agents')).filter((id) => fs.existsSync(path.join(dir, 'agents', id, 'sessions')));
  return configs.length || agents.length ? { path: dir, kind, configs, agents } : undefined;
}

/** `<state>/<name>` and `<home>/<name>` for every state dir name, other than the state dir itself (by real path). */
export function findSecondTrees(stateDir: string, home: string): SecondTree[] {
  const realState = realOr(stateDir) ?? path.resolve(stateDir);
  const out: SecondTree[] = [];
  const add = (dir: string, kind: SecondTree['kind']): void => {
    const real = realOr(dir);
    if (!real || real === realState || out.some((t) => realOr(t.path) === real)) return;
    const t = treeAt(dir, kind);
    if (t) out.push(t);
  };
  for (const name of STATE_DIR_NAMES) add(path.join(stateDir, name), 'nested');
  for (const name of STATE_DIR_NAMES) add(path.join(home, name), 'beside');
  return out;
}

/** Pure: an info, never a problem: which of two trees OpenClaw uses depends on the variables, not on doctor. */
export function secondTreeFinding(stateDir: string, t: SecondTree): Finding {
  const holds = [
    t.configs.length ? `config ${t.configs.join(', ')}` : '',
    t.agents.length
      ? `sessions of ${t.agents.length} agent(s) (${t.agents.slice(0, 5).join(', ')}${t.agents.length > 5 ? ', …' : ''})`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const why =
    t.kind === 'nested'
      ? `inside the state dir: what OpenClaw writes when OPENCLAW_HOME is set to the state dir itself (it then uses <OPENCLAW_HOME>/.openclaw)`
      : `beside it in the same home (a legacy name, or a second install): OpenClaw uses it when the state dir it prefers is missing`;
  return {
    code: 'SECOND_STATE_TREE',
    severity: 'info',
    message: `A second OpenClaw state tree ${t.path} holds ${holds}, ${why}; doctor checked ${stateDir}. Make sure the gateway and your shell use the same one.`,
    fix: `${cmd('openclaw-shim', 'explain')}   # which one this shell uses; to check the other: ${cmd('openclaw-shim', 'doctor', '--state-dir', t.path)}`,
    path: t.path,
  };
}

export const checkSecondTrees = (stateDir: string, home: string): Finding[] =>
  findSecondTrees(stateDir, home).map((t) => secondTreeFinding(stateDir, t));
