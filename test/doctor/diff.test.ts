// Doctor's session comparisons at their edges: the stuck threshold's boundary, what a stuck report
// carries, and which single field makes two sessions differ (each a mutant the pure tests let live).
import { describe, expect, it } from 'vitest';
import { diffSessions, sameSession, stuckSessions } from '../../src/store/diff.ts';
import type { SessionMap } from '../../src/store/sessions.ts';

const MIN = 60_000;
const NOW = 100 * 60 * MIN;
const THRESHOLD = 30 * MIN;
const sessions = (o: Record<string, { sessionId?: string; updatedAt?: number; status?: string }>): SessionMap =>
  new Map(Object.entries(o));

describe('stuckSessions', () => {
  it('a session idle exactly the threshold is not stuck; one millisecond more is', () => {
    const m = sessions({
      edge: { sessionId: 'e', updatedAt: NOW - THRESHOLD, status: 'running' },
      past: { sessionId: 'p', updatedAt: NOW - THRESHOLD - 1, status: 'running' },
    });
    expect(stuckSessions(m, NOW, THRESHOLD).map((s) => s.key)).toEqual(['past']);
  });

  it('reports the key, sessionId, updatedAt and whole idle minutes (rounded down)', () => {
    const m = sessions({ s: { sessionId: 'abc', updatedAt: NOW - 90 * MIN - 59_999, status: 'running' } });
    expect(stuckSessions(m, NOW, THRESHOLD)).toEqual([
      { key: 's', sessionId: 'abc', updatedAt: NOW - 90 * MIN - 59_999, idleMinutes: 90 },
    ]);
  });

  it('a running session with no updatedAt or sessionId counts as idle since the epoch, without inventing fields', () => {
    const m = sessions({ bare: { status: 'running' } });
    // Strict: no `sessionId: undefined` or `updatedAt: undefined` keys in the JSON report.
    expect(stuckSessions(m, NOW, THRESHOLD)).toStrictEqual([{ key: 'bare', idleMinutes: 100 * 60 }]);
  });

  it('only status running counts, however old', () => {
    const m = sessions({
      done: { sessionId: 'd', updatedAt: 0, status: 'done' },
      none: { sessionId: 'n', updatedAt: 0 },
    });
    expect(stuckSessions(m, NOW, THRESHOLD)).toEqual([]);
  });
});

describe('sameSession and diffSessions', () => {
  const base = { sessionId: 's', updatedAt: 1, status: 'done' };
  it.each([
    ['sessionId', { ...base, sessionId: 't' }],
    ['updatedAt', { ...base, updatedAt: 2 }],
    ['status', { ...base, status: 'running' }],
  ])('differs when only %s differs', (_field, other) => {
    expect(sameSession(base, other)).toBe(false);
    expect(diffSessions(sessions({ k: base }), sessions({ k: other }))).toEqual({
      onlyInShadow: 0,
      onlyInCanonical: 0,
      differing: 1,
    });
  });

  it('equal sessions do not differ; with no canonical store every shadow key is shadow-only', () => {
    expect(sameSession(base, { ...base })).toBe(true);
    expect(diffSessions(sessions({ a: base, b: base }), undefined)).toEqual({
      onlyInShadow: 2,
      onlyInCanonical: 0,
      differing: 0,
    });
  });
});
