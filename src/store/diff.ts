// Pure comparisons of session maps: shadow vs canonical counts, shadow-only keys, stuck running sessions.
import type { SessionMap, SessionSummary } from './sessions.ts';

export interface StoreDiff {
  onlyInShadow: number;
  onlyInCanonical: number;
  differing: number;
}

/** Same session: sessionId, updatedAt and status all equal. */
export const sameSession = (a: SessionSummary, b: SessionSummary): boolean =>
  a.sessionId === b.sessionId && a.updatedAt === b.updatedAt && a.status === b.status;

export function diffSessions(shadow: SessionMap, canonical: SessionMap | undefined): StoreDiff {
  const out: StoreDiff = { onlyInShadow: 0, onlyInCanonical: 0, differing: 0 };
  for (const [key, s] of shadow) {
    const c = canonical?.get(key);
    if (!c) out.onlyInShadow++;
    else if (!sameSession(s, c)) out.differing++;
  }
  if (canonical) for (const key of canonical.keys()) if (!shadow.has(key)) out.onlyInCanonical++;
  return out;
}

export interface StuckSession {
  key: string;
  sessionId?: string;
  updatedAt?: number;
  idleMinutes: number;
}

/** Canonical sessions still `running` with no update for longer than the threshold. */
export function stuckSessions(canonical: SessionMap, now: number, thresholdMs: number): StuckSession[] {
  const out: StuckSession[] = [];
  for (const [key, s] of canonical) {
    if (s.status !== 'running') continue;
    const idle = now - (s.updatedAt ?? 0);
    if (idle <= thresholdMs) continue;
    out.push({
      key,
      ...(s.sessionId ? { sessionId: s.sessionId } : {}),
      ...(s.updatedAt !== undefined ? { updatedAt: s.updatedAt } : {}),
      idleMinutes: Math.floor(idle / 60_000),
    });
  }
  return out;
}
