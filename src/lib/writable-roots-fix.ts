// The exact edit that adds a state dir to Codex's [sandbox_workspace_write] writable_roots, for the file as it is (pure).
import { cmd } from './shell-words.ts';

const TABLE = /^\s*\[\s*sandbox_workspace_write\s*\]\s*(#.*)?$/;
const ANY_TABLE = /^\s*\[/;
const ROOTS_KEY = /^\s*writable_roots\s*=/;
/** The table spelled as a dotted key or an inline table at top level. */
const ELSEWHERE = /^\s*sandbox_workspace_write\s*[.=]/;

/** A TOML basic string: JSON's escapes are valid TOML for every path. */
const tomlString = (value: string): string => JSON.stringify(value);

/** Where the writable_roots setting already is: an `[sandbox_workspace_write]` table, with or without the key, or elsewhere. */
function placeOf(lines: readonly string[]): 'none' | 'table' | 'table-with-key' | 'elsewhere' {
  const at = lines.findIndex((l) => TABLE.test(l));
  if (at < 0) return lines.some((l) => ELSEWHERE.test(l)) ? 'elsewhere' : 'none';
  for (const line of lines.slice(at + 1)) {
    if (ANY_TABLE.test(line)) break;
    if (ROOTS_KEY.test(line)) return 'table-with-key';
  }
  return 'table';
}

/**
 * One line that makes `stateDir` writable in the Codex sandbox. A missing table gets a pasteable
 * command that appends it: a dotted key at the end would fall into the last `[projects."…"]` table
 * Codex appends, and a second `[sandbox_workspace_write]` header would make the file invalid.
 */
export function writableRootsFix(configFile: string, text: string | undefined, stateDir: string): string {
  const place = placeOf((text ?? '').split('\n'));
  const entry = tomlString(stateDir);
  if (place === 'table-with-key')
    return `add ${entry} to the writable_roots array under [sandbox_workspace_write] in ${configFile}`;
  if (place === 'table')
    return `add the line writable_roots = [${entry}] under [sandbox_workspace_write] in ${configFile}`;
  if (place === 'elsewhere') return `add ${entry} to sandbox_workspace_write.writable_roots in ${configFile}`;
  return `${cmd('printf', '%s\\n', '', '[sandbox_workspace_write]', `writable_roots = [${entry}]`)} >> ${cmd(configFile)}`;
}
