// The agents whose codex homes get the shim: from OpenClaw's config (custom agentDirs too) and from disk.
import fs from 'node:fs';
import path from 'node:path';

export interface AgentHome {
  agentId: string;
  agentDir: string;
  codexHome: string;
  from: Array<'config' | 'disk' | 'record'>;
}

/** `agents list --json` rows → id and agentDir; rows without an agentDir get the default one (pure). */
export function parseAgentsList(data: unknown, stateDir: string): Array<{ id: string; agentDir: string }> {
  if (!Array.isArray(data)) return [];
  return data
    .filter((row): row is { id: string; agentDir?: unknown } => typeof (row as { id?: unknown })?.id === 'string')
    .map((row) => ({
      id: row.id,
      agentDir: typeof row.agentDir === 'string' ? row.agentDir : path.join(stateDir, 'agents', row.id, 'agent'),
    }));
}

/** `<state>/agents/*\/agent` directories that exist. */
export function agentsOnDisk(stateDir: string): Array<{ id: string; agentDir: string }> {
  const root = path.join(stateDir, 'agents');
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  return names
    .map((id) => ({ id, agentDir: path.join(root, id, 'agent') }))
    .filter((a) => fs.statSync(a.agentDir, { throwIfNoEntry: false })?.isDirectory());
}

/** The acpx codex adapter's home `<state>/acpx/codex-home`, when it exists (wired by hand: docs/acpx.md). */
export function acpxOnDisk(stateDir: string): Array<{ id: string; codexHome: string }> {
  const codexHome = path.join(stateDir, 'acpx', 'codex-home');
  return fs.statSync(codexHome, { throwIfNoEntry: false })?.isDirectory() ? [{ id: 'acpx', codexHome }] : [];
}

/** One entry per codex home, remembering every place it was found (pure). */
export function mergeAgentHomes(
  lists: Array<{
    from: AgentHome['from'][number];
    agents: Array<{ id: string; agentDir?: string; codexHome?: string }>;
  }>,
): AgentHome[] {
  const byHome = new Map<string, AgentHome>();
  for (const { from, agents } of lists) {
    for (const a of agents) {
      const codexHome = path.resolve(a.codexHome ?? path.join(a.agentDir!, 'codex-home'));
      const agentDir = a.agentDir ? path.resolve(a.agentDir) : path.dirname(codexHome);
      const seen = byHome.get(codexHome);
      if (seen) {
        if (!seen.from.includes(from)) seen.from.push(from);
      } else byHome.set(codexHome, { agentId: a.id, agentDir, codexHome, from: [from] });
    }
  }
  return [...byHome.values()].sort((x, y) => x.codexHome.localeCompare(y.codexHome));
}
