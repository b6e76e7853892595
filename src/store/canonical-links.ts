// Canonical paths the gateway uses that resolve into a shadow tree (removing the tree would lose them) or dangle.
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import type { ConfigAgent } from './config.ts';
import { knownAgentIds } from './discover.ts';
import { canonicalStorePaths } from './shadow-layout.ts';
import { lstatOrNone, statOrNone } from '../lib/stat-or-none.ts';
import { firstLinkBelow, linkTargetOf, realOr, realOrResolved } from './shadow-root.ts';

export interface CanonicalPath {
  path: string;
  agent: string | null;
}

/** A canonical path whose real path lies inside a shadow tree: the canonical data lives in that tree. */
export interface LinkedIntoShadow {
  /** The canonical path the gateway uses. */
  path: string;
  agent: string | null;
  /** The symlink that makes it so: the path itself or a parent below the state dir. */
  link: string;
  /** Where the link resolves (the data to keep). */
  linkTarget: string;
  realPath: string;
  /** The shadow `.openclaw` dir it resolves into (as discovered). */
  shadow: string;
  isDir: boolean;
}

/** A canonical path that is a symlink to nothing. */
export interface DanglingCanonical {
  path: string;
  agent: string | null;
  target: string;
}

export interface CanonicalLinkScan {
  linked: LinkedIntoShadow[];
  dangling: DanglingCanonical[];
}

/** Every path the gateway reads its state from, parents before children. */
function canonicalPathsOf(
  stateDir: string,
  configPath: string,
  agents: Array<{ id: string; agentDir?: string }>,
): CanonicalPath[] {
  const out: CanonicalPath[] = [
    { path: path.join(stateDir, 'state'), agent: null },
    { path: path.join(stateDir, 'openclaw.json'), agent: null },
    { path: configPath, agent: null },
  ];
  for (const a of agents) {
    const store = canonicalStorePaths(stateDir, a.id, a.agentDir);
    out.push({ path: path.dirname(store.json), agent: a.id }, { path: store.json, agent: a.id });
    out.push({ path: path.dirname(store.sqlite), agent: a.id }, { path: store.sqlite, agent: a.id });
  }
  // One resolve per path: with hundreds of agents, comparing every pair was most of doctor's non-parsing time.
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = path.resolve(p.path);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** `real` is `root` or below it; both are absolute and normalised (real paths), so a prefix test is exact. */
const underRealRoot = (real: string, root: string): boolean =>
  real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/** The first symlink from the state dir (or the filesystem root, for a path outside it) down to `p`. */
function linkOf(stateDir: string, p: string): string {
  const base = isWithin(p, stateDir) ? stateDir : path.parse(p).root;
  return firstLinkBelow(base, p) ?? p;
}

/** Checks every canonical path by real path against the shadow trees (paths as discovered). */
function scanCanonicalLinks(stateDir: string, paths: CanonicalPath[], shadows: string[]): CanonicalLinkScan {
  const roots = shadows.map((s) => ({ shadow: s, real: path.resolve(realOrResolved(s)) }));
  const out: CanonicalLinkScan = { linked: [], dangling: [] };
  const covered = (p: string): boolean => [...out.linked, ...out.dangling].some((x) => isWithin(p, x.path));
  for (const c of paths) {
    const st = lstatOrNone(c.path);
    if (!st || covered(c.path)) continue;
    const real = realOr(c.path);
    if (!real) {
      if (st.isSymbolicLink())
        out.dangling.push({ path: c.path, agent: c.agent, target: linkTargetOf(c.path) ?? c.path });
      continue;
    }
    const root = roots.find((r) => underRealRoot(real, r.real));
    if (!root) continue;
    const link = linkOf(stateDir, c.path);
    out.linked.push({
      path: c.path,
      agent: c.agent,
      link,
      linkTarget: realOr(link) ?? real,
      realPath: real,
      shadow: root.shadow,
      isDir: statOrNone(link)?.isDirectory() ?? false,
    });
  }
  return out;
}

/** Whether a path (a shadow store, a tree) holds canonical data through one of these links. */
export const holdsCanonical = (p: string, linked: LinkedIntoShadow[]): boolean => {
  const real = realOrResolved(p);
  return linked.some((l) => isWithin(real, l.linkTarget));
};

/** The shadow trees some canonical path resolves into. */
export const treesHoldingCanonical = (shadows: string[], linked: LinkedIntoShadow[]): Set<string> =>
  new Set(linked.map((l) => l.shadow).filter((s) => shadows.includes(s)));

/** Scans the state dir's canonical paths for every agent on disk or in the config. */
export function scanState(
  stateDir: string,
  configPath: string,
  configAgents: ConfigAgent[],
  shadows: string[],
): CanonicalLinkScan {
  const agents = knownAgentIds(stateDir, configAgents).map((id) => ({
    id,
    agentDir: configAgents.find((a) => a.id === id && a.agentDir)?.agentDir,
  }));
  return scanCanonicalLinks(stateDir, canonicalPathsOf(stateDir, configPath, agents), shadows);
}
