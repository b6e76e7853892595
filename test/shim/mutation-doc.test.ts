// docs/mutation-testing.md quotes the mutated modules' code: every name and expression it quotes is still there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';

/** Stryker's own words (mutator names), which no source spells. */
const STRYKER_WORDS = new Set(['StringLiteral']);
/** OpenClaw's and the shim's environment variables, quoted as such, not as code. */
const ENV_NAME = /^(OPENCLAW|CLAWDBOT|CODEX|HOME$|USERPROFILE$)/;

/** Backticked spans that quote code: a call or a strict comparison, a camelCase name or a CONSTANT_NAME. */
function codeQuotes(doc: string): string[] {
  return [...doc.matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1]!)
    .filter((q) => !q.includes('…') && !STRYKER_WORDS.has(q) && !ENV_NAME.test(q))
    .filter(
      (q) =>
        /^[\w./[\]?&;'"…:-]*\(/.test(q) ||
        /^\.\.\.\(/.test(q) ||
        / [!=]== /.test(q) ||
        /^[a-z]+[A-Z]\w*$/.test(q) ||
        /^[A-Z][A-Z_]{3,}$/.test(q),
    );
}

describe('docs/mutation-testing.md', () => {
  it('names only functions, patterns and expressions the mutated modules still hold', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'mutation-testing.md'), 'utf8');
    const config = fs.readFileSync(path.join(ROOT, 'stryker.config.mjs'), 'utf8');
    const mutated = [...config.matchAll(/^\s*'(src\/[\w/.-]+\.ts)',$/gm)].map((m) => m[1]!);
    expect(mutated.length).toBeGreaterThan(5);
    const files = [...mutated, 'stryker.config.mjs'];
    const sources = files.map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
    const quotes = codeQuotes(doc);
    expect(quotes.length).toBeGreaterThan(10);
    expect(quotes.filter((q) => !sources.includes(q))).toEqual([]);
  });
});
