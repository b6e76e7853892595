// Walks one shadow tree and tallies it: files, bytes, newest change, what it holds, which stores it has.
import type fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import type { StoreKind } from './sessions.ts';
import { classifyShadowFile } from './shadow-layout.ts';
import { linkTargetOf } from './shadow-root.ts';
import { walkTree } from './walk.ts';

export interface Holds {
  sessionStores: string[];
  agentSqlite: string[];
  stateSqlite: boolean;
  transcripts: number;
  identity: number;
  configCopies: string[];
  other: number;
  /** Symlinks into the canonical state dir (what `repair --link` leaves). */
  canonicalLinks: number;
  /** Symlinks elsewhere. */
  otherLinks: number;
  /** FIFOs, sockets, devices: no data, never opened (a FIFO would block the read). */
  specials: number;
}

export interface StoreRef {
  agent: string | null;
  kind: StoreKind;
  path: string;
  bytes: number;
  modifiedMs: number;
}

export interface Inventory {
  files: number;
  bytes: number;
  newestMs: number | null;
  holds: Holds;
  stores: StoreRef[];
  errors: string[];
}

const emptyHolds = (): Holds => ({
  sessionStores: [],
  agentSqlite: [],
  stateSqlite: false,
  transcripts: 0,
  identity: 0,
  configCopies: [],
  other: 0,
  canonicalLinks: 0,
  otherLinks: 0,
  specials: 0,
});

/** A tree with a part that could not be read is neither linked-only nor empty: what it holds is unknown. */
/** True when a shadow holds nothing but directories and links into the canonical state (repaired with --link). */
export const isLinkedOnly = (inv: Inventory): boolean =>
  inv.errors.length === 0 &&
  inv.files === 0 &&
  inv.holds.otherLinks === 0 &&
  inv.holds.specials === 0 &&
  inv.holds.canonicalLinks > 0;
export const isEmptyShadow = (inv: Inventory): boolean =>
  inv.errors.length === 0 &&
  inv.files === 0 &&
  inv.holds.otherLinks === 0 &&
  inv.holds.specials === 0 &&
  inv.holds.canonicalLinks === 0;

export function inventoryShadow(root: string, stateDir: string): Inventory {
  const inv: Inventory = { files: 0, bytes: 0, newestMs: null, holds: emptyHolds(), stores: [], errors: [] };
  for (const e of walkTree(root, (abs, err) =>
    inv.errors.push(`${abs}: ${(err as NodeJS.ErrnoException).code ?? err.message}`),
  )) {
    if (e.stat.isDirectory()) continue;
    if (e.stat.isSymbolicLink()) {
      if (linksInto(e.abs, stateDir)) inv.holds.canonicalLinks++;
      else inv.holds.otherLinks++;
      continue;
    }
    if (!e.stat.isFile()) {
      inv.holds.specials++;
      continue;
    }
    inv.files++;
    inv.bytes += e.stat.size;
    inv.newestMs = Math.max(inv.newestMs ?? 0, e.stat.mtimeMs);
    tally(inv, e.rel, e.abs, e.stat);
  }
  return inv;
}

function tally(inv: Inventory, rel: string, abs: string, stat: fs.Stats): void {
  const c = classifyShadowFile(rel);
  const h = inv.holds;
  const store = (kind: StoreKind): void =>
    void inv.stores.push({ agent: c.agent ?? null, kind, path: abs, bytes: stat.size, modifiedMs: stat.mtimeMs });
  switch (c.kind) {
    case 'sessions-json':
      h.sessionStores.push(c.agent!);
      return store('sessions-json');
    case 'agent-sqlite':
      h.agentSqlite.push(c.agent!);
      return store('agent-sqlite');
    case 'state-sqlite':
      h.stateSqlite = true;
      return store('state-sqlite');
    case 'transcript':
      h.transcripts++;
      return;
    case 'identity':
      h.identity++;
      return;
    case 'config':
      h.configCopies.push(path.basename(rel));
      return;
    default:
      h.other++;
  }
}

function linksInto(link: string, stateDir: string): boolean {
  const target = linkTargetOf(link);
  return target !== undefined && isWithin(target, stateDir) && !target.split(path.sep).includes('codex-home');
}
