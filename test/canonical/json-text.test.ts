// A parse error says where, never what: the text of a file an agent linked in (/etc/shadow) stays out of reports.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem, readJsonText } from '../../src/canonical/json-text.ts';
import { parseJsonStore } from '../../src/store/sessions.ts';

const SECRET = 'root:$6$s3cr3t-hash:20000:0:99999:7:::';

describe('JSON parse errors carry no excerpt of the text', () => {
  it.each([SECRET, `{"a": 1, ${SECRET}}`, `{"k": "${SECRET}"`, `[1, 2] ${SECRET}`])('%s', (text) => {
    const read = readJsonText(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).not.toMatch(/s3cr3t|root/);
    const store = parseJsonStore(text);
    expect(store.ok).toBe(false);
    if (!store.ok) expect(store.error).not.toMatch(/s3cr3t|root/);
  });

  it('still says where when V8 knows', () => {
    let error: unknown;
    try {
      JSON.parse('{"a": 1,}');
    } catch (e) {
      error = e;
    }
    expect(jsonSyntaxProblem(error)).toMatch(/^a syntax error( at (line \d+ column \d+|position \d+))?$/);
    expect(jsonSyntaxProblem(new SyntaxError('Unexpected end of JSON input'))).toBe('it ends early');
  });
});
