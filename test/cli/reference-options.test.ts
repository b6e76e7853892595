// docs/reference.md names every option of every command, as the yargs definitions declare them.
import fs from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { ROOT } from '../helpers/paths.ts';

const reference = fs.readFileSync(path.join(ROOT, 'docs', 'reference.md'), 'utf8');
const table = reference.slice(reference.indexOf('## Commands'), reference.indexOf('## How the canonical state'));

interface DeclaredOptions {
  key: Record<string, unknown>;
  boolean: string[];
  alias: Record<string, string[]>;
}

/** The options a command's builder declares (yargs' own help and version left out), with their aliases. */
function declaredOptions(builder: unknown): Array<{ name: string; boolean: boolean; aliases: string[] }> {
  const y = yargs([]);
  if (typeof builder === 'function') builder(y);
  // getOptions() is yargs' own (untyped) record of what the builder declared.
  const o = (y as unknown as { getOptions(): DeclaredOptions }).getOptions();
  const aliases = new Set(Object.values(o.alias).flat());
  return Object.keys(o.key)
    .filter((k) => k !== 'help' && k !== 'version' && !aliases.has(k))
    .map((name) => ({ name, boolean: o.boolean.includes(name), aliases: o.alias[name] ?? [] }));
}

describe('docs/reference.md', () => {
  it.each(commands.map((c) => [String(c.command).split(' ')[0]!, c] as const))(
    'names every option of %s in its row',
    (name, command) => {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${name}`));
      expect(row, `no row for ${name}`).toBeDefined();
      const missing = declaredOptions(command.builder).flatMap((o) => {
        const spelled = [`--${o.name}`, ...(o.boolean ? [`--no-${o.name}`] : [])];
        const names = spelled.some((s) => new RegExp(`${s}(?![\\w-])`).test(row!)) ? [] : [`--${o.name}`];
        const aliases = o.aliases.filter((a) => !new RegExp(`-{1,2}${a}(?![\\w-])`).test(row!)).map((a) => `-${a}`);
        return [...names, ...aliases];
      });
      expect(missing).toEqual([]);
    },
  );
});
