// The `plugins` subtree as written in the config file (what the operator authored), not OpenClaw's view with runtime defaults.
import { parseJson5 } from '../lib/json5.ts';
import { CODEX_COMMAND_KEY } from './config-key.ts';
import { readRegularFile } from '../lib/read-regular.ts';

/** `present: false` when the file has no `plugins`; undefined when the file cannot tell (unreadable, `$include`). */
export type AuthoredPlugins = { present: true; value: unknown } | { present: false };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The authored `plugins` of a parsed config, unless an `$include` along the key's chain hides part of it (pure). */
export function authoredPluginsOf(config: unknown): AuthoredPlugins | undefined {
  if (!isObject(config) || '$include' in config) return undefined;
  if (!('plugins' in config)) return { present: false };
  let node: unknown = config.plugins;
  for (const key of CODEX_COMMAND_KEY.split('.').slice(1)) {
    if (!isObject(node)) break;
    if ('$include' in node) return undefined;
    node = node[key];
  }
  return { present: true, value: config.plugins };
}

export function readAuthoredPlugins(configPath: string): AuthoredPlugins | undefined {
  try {
    return authoredPluginsOf(parseJson5(readRegularFile(configPath)));
  } catch {
    return undefined;
  }
}
