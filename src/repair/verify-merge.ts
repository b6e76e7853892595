// After the merge: re-read each canonical store and check every entry this run added is still there, by content hash.
import { createHash } from 'node:crypto';
import type { Action } from './plan.ts';
import { readStoreObject } from './survey.ts';

/** What one merge added to one canonical store. */
export interface Merged {
  agent: string;
  storePath: string;
  entries: Array<{ key: string; entry: unknown }>;
}

const hashOf = (v: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(v) ?? '')
    .digest('hex');

/** Keys whose entry is no longer in the store as it was written: gone, or changed (pure). */
export function missingEntries(store: Record<string, unknown>, entries: Merged['entries']): string[] {
  return entries
    .filter((e) => !Object.hasOwn(store, e.key) || hashOf(store[e.key]) !== hashOf(e.entry))
    .map((e) => e.key);
}

/**
 * One `verify` action per store: `done` when every merged entry was re-read with the same sha256, `failed`
 * (exit 1) naming the keys and the backup that still holds them when any is gone, changed or unreadable.
 */
export function verifyMerged(merged: Merged[], backupDir: string): Action[] {
  const byStore = new Map<string, Merged>();
  for (const m of merged) {
    if (m.entries.length === 0) continue;
    const seen = byStore.get(m.storePath);
    byStore.set(m.storePath, seen ? { ...seen, entries: [...seen.entries, ...m.entries] } : m);
  }
  return [...byStore.values()].map((m): Action => {
    const base = { step: 'verify' as const, agent: m.agent, path: m.storePath };
    let missing: string[];
    try {
      missing = missingEntries(readStoreObject(m.storePath), m.entries);
    } catch (error) {
      return {
        ...base,
        detail: `NOT VERIFIED: the store could not be re-read after the merge (${(error as Error).message}); the merged sessions are in the backup ${backupDir}; nothing was removed`,
        status: 'failed',
      };
    }
    if (missing.length === 0)
      return {
        ...base,
        detail: `verified: re-read the store, all ${m.entries.length} merged session(s) are there (sha256 of each entry matches)`,
        status: 'done',
      };
    return {
      ...base,
      detail: `LOST after the merge: ${missing.length} of ${m.entries.length} merged session(s) are no longer in the store as written (${missing.join(', ')}), most likely overwritten by a live OpenClaw; they are in the backup ${backupDir}; the shadow trees are kept. Stop OpenClaw and re-run repair --apply`,
      status: 'failed',
    };
  });
}
