// The gateway's default agent as OpenClaw picks it: `default: true`, else the first listed, else `main`.
import { parseJson5 } from '../lib/json5.ts';
import { readRegularFile } from '../lib/read-regular.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Both config shapes: 2026.5 `agents.list[]` and 2026.9 `agents.entries.<id>` (pure). */
export function defaultAgentOf(config: unknown): string {
  const agents = isObj(config) && isObj(config.agents) ? config.agents : {};
  const list: Obj[] = Array.isArray(agents.list)
    ? agents.list.filter(isObj)
    : isObj(agents.entries)
      ? Object.entries(agents.entries).map(([id, a]) => ({ ...(isObj(a) ? a : {}), id }))
      : [];
  const chosen = (list.find((a) => a.default === true) ?? list[0])?.id;
  return typeof chosen === 'string' && chosen.trim() ? chosen.trim().toLowerCase() : 'main';
}

/** Reads the config only when a state-writing command names no agent; undefined if unreadable. */
export function readDefaultAgent(configPath: string): string | undefined {
  try {
    return defaultAgentOf(parseJson5(readRegularFile(configPath)));
  } catch {
    return undefined;
  }
}
