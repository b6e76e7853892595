// The config key setup owns and pure reasoning over OpenClaw's `config get plugins --json` view.

export const CODEX_COMMAND_KEY = 'plugins.entries.codex.config.appServer.command';
const CHAIN = CODEX_COMMAND_KEY.split('.');

/** A config value as OpenClaw reports it: set (with its value) or absent from some ancestor down. */
export type ConfigValue = { set: true; value: unknown } | { set: false; absentFrom: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the `plugins` view (undefined when OpenClaw says `plugins` is absent) down to the key. */
export function lookupCodexCommand(plugins: unknown): ConfigValue {
  if (plugins === undefined) return { set: false, absentFrom: CHAIN[0]! };
  let node: unknown = plugins;
  for (let i = 1; i < CHAIN.length; i += 1) {
    if (!isObject(node) || !(CHAIN[i]! in node)) return { set: false, absentFrom: CHAIN.slice(0, i + 1).join('.') };
    node = node[CHAIN[i]!];
  }
  return { set: true, value: node };
}

/** True when `node` holds nothing but the rest of the chain ending in `leaf`. */
function onlyChain(node: unknown, rest: string[], leaf: unknown): boolean {
  if (rest.length === 0) return node === leaf;
  if (!isObject(node)) return false;
  const keys = Object.keys(node);
  return keys.length === 1 && keys[0] === rest[0] && onlyChain(node[rest[0]!], rest.slice(1), leaf);
}

/**
 * What uninstall unsets when the key had no value before setup: the shallowest ancestor that did
 * not exist then and still holds nothing but our value, so the config's shape comes back; the
 * key itself when anything else has appeared under it since.
 */
export function pathToUnset(plugins: unknown, absentFrom: string, leaf: unknown): string {
  const start = Math.max(1, absentFrom.split('.').length);
  for (let depth = start; depth <= CHAIN.length; depth += 1) {
    let node: unknown = { plugins };
    for (const key of CHAIN.slice(0, depth)) node = isObject(node) ? node[key] : undefined;
    if (onlyChain(node, CHAIN.slice(depth), leaf)) return CHAIN.slice(0, depth).join('.');
  }
  return CODEX_COMMAND_KEY;
}
