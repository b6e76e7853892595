// Edits one top-level key of a Codex config.toml: text kept as written, every edit checked with a TOML parser (pure).
import { parse, stringify } from 'smol-toml';

export type TomlValue = { set: true; value: unknown } | { set: false };

/** The key's top-level value, or why the file cannot be read as TOML. */
export function readTopLevel(text: string, key: string): TomlValue | { error: string } {
  try {
    const data = parse(text) as Record<string, unknown>;
    return key in data ? { set: true, value: data[key] } : { set: false };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? 'not TOML' };
  }
}

/**
 * JSON with object keys sorted: equal data gives equal text whatever the key order. (Not
 * util.isDeepStrictEqual: importing node:util in the CLI bundle left a piped stdout non-blocking
 * for the program `openclaw-shim launch` execs.)
 */
const sortedJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );

const keyLine = (key: string): RegExp => new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`);

/**
 * The text with `key` set (or removed, for `{set:false}`) at the top level: a top-level key must
 * come before the first table, and Codex appends `[projects."…"]` tables, so appending would put it
 * inside the last table. Throws unless the parsed result is the old data with just that change.
 */
export function withTopLevel(text: string, key: string, next: TomlValue): string {
  const before = parse(text) as Record<string, unknown>;
  const lines = text.split('\n');
  const firstTable = lines.findIndex((l) => /^\s*\[/.test(l));
  const topEnd = firstTable < 0 ? lines.length : firstTable;
  const at = lines.slice(0, topEnd).findIndex((l) => keyLine(key).test(l));
  const rendered = next.set ? stringify({ [key]: next.value }).trim() : undefined;
  if (at >= 0) {
    if (rendered) lines[at] = rendered;
    else lines.splice(at, 1);
  } else if (rendered && firstTable < 0) {
    return check(before, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${rendered}\n`, key, next);
  } else if (rendered) {
    // Before the first table, above the blank line that separates it.
    lines.splice(topEnd > 0 && lines[topEnd - 1] === '' ? topEnd - 1 : topEnd, 0, rendered);
  }
  return check(before, lines.join('\n'), key, next);
}

function check(before: Record<string, unknown>, out: string, key: string, next: TomlValue): string {
  const after = parse(out) as Record<string, unknown>;
  const expected = { ...before };
  if (next.set) expected[key] = next.value;
  else delete expected[key];
  if (sortedJson(after) !== sortedJson(expected))
    throw new Error(`could not set ${key} in place without changing anything else`);
  return out;
}
