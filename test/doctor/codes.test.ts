// The finding-code table is the one source: docs/doctor-json.md shows it, and every code doctor emits is in it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/doctor/check-list.ts';
import { FINDING_CODES, findingCodesMarkdown } from '../../src/doctor/codes.ts';
import { ROOT } from '../helpers/paths.ts';

describe('finding codes', () => {
  it('docs/doctor-json.md holds the table generated from src/doctor/codes.ts (npm run docs:codes)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/doctor-json.md'), 'utf8');
    const body = /<!-- finding-codes:begin[^>]*-->\n([\s\S]*?)\n<!-- finding-codes:end -->/.exec(doc)?.[1];
    expect(body, 'the markers are in docs/doctor-json.md').toBeDefined();
    expect(body).toBe(findingCodesMarkdown());
  });

  it('every code that a finding builder in src/doctor writes has a row, and every row is written by one', () => {
    const dir = path.join(ROOT, 'src/doctor');
    const source = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'codes.ts')
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const written = new Set(
      [...source.matchAll(/'([A-Z][A-Z_]+[A-Z])'/g)].map((m) => m[1]!).filter((c) => c in FINDING_CODES),
    );
    expect([...written].sort()).toEqual(Object.keys(FINDING_CODES).sort());
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(info.severities.length, code).toBeGreaterThan(0);
      expect(info.meaning.length, code).toBeGreaterThan(10);
    }
  });

  it('the check list: each check names the codes it gives, no code claimed by two checks', () => {
    const claimed = CHECKS.flatMap((c) => c.codes);
    expect(new Set(claimed).size).toBe(claimed.length);
    for (const c of CHECKS) expect(c.codes.length, c.name).toBeGreaterThan(0);
  });
});
