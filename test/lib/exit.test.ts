// Exit codes: each code means one thing, and the reference's table (docs/reference.md) documents every one the programs use.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/lib/exit.ts';
import { ROOT } from '../helpers/paths.ts';

describe('EXIT', () => {
  it('gives every meaning its own code (77 not the owner, 80 the read-only sandbox)', () => {
    const byCode = new Map<number, string[]>();
    for (const [name, code] of Object.entries(EXIT)) byCode.set(code, [...(byCode.get(code) ?? []), name]);
    expect([...byCode.values()].filter((names) => names.length > 1)).toEqual([]);
    expect(EXIT.NOT_OWNER).toBe(77);
    expect(EXIT.READ_ONLY).toBe(80);
  });

  it("is docs/reference.md's exit table, row for row", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'docs', 'reference.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('## Known limits'));
    const rows = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows.sort((a, b) => a - b)).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });

  it('is the only place an exit code is spelled as a number (no `code: 127` elsewhere in src/)', () => {
    const src = path.join(ROOT, 'src');
    const literals = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== path.join('lib', 'exit.ts'))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(src, f), 'utf8')
          .split('\n')
          .flatMap((line, i) => (/\bcode\??:\s*\(?\d{2,3}\b/.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(literals).toEqual([]);
  });
});
