// Finds every isolated Codex home under a state dir and the shadow state trees inside them.
import fs from 'node:fs';
import path from 'node:path';
import { STATE_DIR_NAMES, isWithin } from '../canonical/layout.ts';
import type { ConfigAgent } from './config.ts';

export type CodexHomeKind = 'agent' | 'acpx' | 'custom';

export interface CodexHomeRef {
  path: string;
  ownerAgent: string;
  kind: CodexHomeKind;
}

export interface ShadowRef {
  /** The shadow `.openclaw` (or legacy-named) dir. */
  path: string;
  ownerAgent: string;
  codexHome: string;
  codexHomeKind: CodexHomeKind;
  /** The HOME it sits in: `<codexHome>/home`, or the codex home itself. */
  isolatedHome: string;
}

const isDir = (p: string): boolean => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** Agent ids with a directory under `<state>/agents`. */
export function agentsOnDisk(stateDir: string): string[] {
  try {
    return fs.readdirSync(path.join(stateDir, 'agents'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}

/** Agent dirs and acpx: `<state>/agents/*\/agent/codex-home`, custom agentDirs, `<state>/acpx/codex-home`. */
export function discoverCodexHomes(stateDir: string, configAgents: ConfigAgent[]): CodexHomeRef[] {
  const found = new Map<string, CodexHomeRef>();
  const add = (p: string, ownerAgent: string, kind: CodexHomeKind): void => {
    const abs = path.resolve(p);
    if (!found.has(abs) && isDir(abs)) found.set(abs, { path: abs, ownerAgent, kind });
  };
  for (const id of agentsOnDisk(stateDir)) add(path.join(stateDir, 'agents', id, 'agent', 'codex-home'), id, 'agent');
  for (const a of configAgents) if (a.agentDir) add(path.join(a.agentDir, 'codex-home'), a.id, a.agentDir === path.join(stateDir, 'agents', a.id, 'agent') ? 'agent' : 'custom');
  add(path.join(stateDir, 'acpx', 'codex-home'), 'acpx', 'acpx');
  return [...found.values()];
}

/**
 * Shadow trees of one codex home: a state dir name inside `<codexHome>/home` or the codex home
 * itself. A symlink back to the canonical state dir is the fix, not a shadow.
 */
export function shadowsOf(home: CodexHomeRef, stateDir: string): ShadowRef[] {
  const out: ShadowRef[] = [];
  for (const isolatedHome of [path.join(home.path, 'home'), home.path]) {
    for (const name of STATE_DIR_NAMES) {
      const p = path.join(isolatedHome, name);
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isSymbolicLink() && pointsInto(p, stateDir)) continue;
      if (!st.isDirectory() && !st.isSymbolicLink()) continue;
      out.push({ path: p, ownerAgent: home.ownerAgent, codexHome: home.path, codexHomeKind: home.kind, isolatedHome });
    }
  }
  return out;
}

function pointsInto(link: string, stateDir: string): boolean {
  try {
    return isWithin(fs.realpathSync(link), fs.realpathSync(stateDir));
  } catch {
    return false;
  }
}
