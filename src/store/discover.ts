// Finds every isolated Codex home under a state dir and the shadow state trees inside them.
import fs from 'node:fs';
import path from 'node:path';
import { fsProbe } from '../canonical/gather.ts';
import { isWithin, STATE_DIR_NAMES } from '../canonical/layout.ts';
import type { ConfigAgent } from './config.ts';
import { classifyRoot, realOrResolved } from './shadow-root.ts';
import { lstatSeen } from '../lib/stat-or-none.ts';
import { profileDirNames, profileOfDirName } from './profile-dirs.ts';

export type CodexHomeKind = 'agent' | 'acpx' | 'custom';

export interface CodexHomeRef {
  path: string;
  ownerAgent: string;
  kind: CodexHomeKind;
}

export interface ShadowRef {
  /** The shadow `.openclaw` (or legacy-named) dir. */
  path: string;
  ownerAgent: string;
  codexHome: string;
  codexHomeKind: CodexHomeKind;
  /** The HOME it sits in: `<codexHome>/home`, or the codex home itself. */
  isolatedHome: string;
}

/**
 * A `.openclaw-<profile>` tree in an isolated home (`openclaw --profile <name>` or `--dev` run there): a shadow
 * of the canonical *profile* state `<home>/.openclaw-<profile>`, where the shim sends those runs, not of the state dir.
 */
export interface ProfileShadowRef extends ShadowRef {
  profile: string;
  /** `<canonical home>/.openclaw-<profile>`: the state it shadows (it may not exist). */
  canonicalStateDir: string;
}

/** Agent ids with a directory under `<state>/agents`. */
export function agentIdsOnDisk(stateDir: string): string[] {
  try {
    return fs
      .readdirSync(path.join(stateDir, 'agents'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}

/** Agent ids on disk or in the config, sorted, each once. */
export const knownAgentIds = (stateDir: string, configAgents: ConfigAgent[]): string[] =>
  [...new Set([...agentIdsOnDisk(stateDir), ...configAgents.map((a) => a.id)])].sort();

/** Agent dirs and acpx: `<state>/agents/*\/agent/codex-home`, custom agentDirs, `<state>/acpx/codex-home`. */
export function discoverCodexHomes(stateDir: string, configAgents: ConfigAgent[]): CodexHomeRef[] {
  const found = new Map<string, CodexHomeRef>();
  // Keyed by real path: an agentDir named through a link to the state is the same codex home, examined once.
  const add = (p: string, ownerAgent: string, kind: CodexHomeKind): void => {
    const abs = path.resolve(p);
    let key = abs;
    try {
      key = fs.realpathSync(abs);
    } catch {
      // Not there: isDir below says no.
    }
    if (!found.has(key) && fsProbe.isDir(abs)) found.set(key, { path: abs, ownerAgent, kind });
  };
  for (const id of agentIdsOnDisk(stateDir)) add(path.join(stateDir, 'agents', id, 'agent', 'codex-home'), id, 'agent');
  for (const a of configAgents)
    if (a.agentDir)
      add(
        path.join(a.agentDir, 'codex-home'),
        a.id,
        a.agentDir === path.join(stateDir, 'agents', a.id, 'agent') ? 'agent' : 'custom',
      );
  add(path.join(stateDir, 'acpx', 'codex-home'), 'acpx', 'acpx');
  return [...found.values()];
}

/** A state-dir name in an isolated home that resolves outside the codex home: reported, never repaired. */
export interface LinkedRoot {
  path: string;
  ownerAgent: string;
  codexHome: string;
  /** `state`: the canonical state linked in (harmless); `elsewhere`: another state dir. */
  kind: 'state' | 'elsewhere';
  realPath: string;
  /** The symlink that makes it so (the candidate itself or a parent, e.g. `<codexHome>/home`). */
  link: string;
}

/** A place where a shadow tree could be that could not be looked at: whether one is there is unknown. */
export interface UnseenRoot {
  path: string;
  ownerAgent: string;
  codexHome: string;
  error: string;
}

export interface HomeScan {
  shadows: ShadowRef[];
  /** Profile shadow trees (only when the canonical home is given). */
  profiles: ProfileShadowRef[];
  links: LinkedRoot[];
  unseen: UnseenRoot[];
}

/**
 * Candidates of one codex home: a state dir name inside `<codexHome>/home` or the codex home itself,
 * judged by real paths (see shadow-root.ts): only a tree inside the codex home's real path is a shadow.
 * With `canonicalHome`, `.openclaw-<profile>` dirs there too, each judged against its canonical profile state.
 */
export function scanCodexHome(home: CodexHomeRef, stateDir: string, canonicalHome?: string): HomeScan {
  const out: HomeScan = { shadows: [], profiles: [], links: [], unseen: [] };
  for (const isolatedHome of [path.join(home.path, 'home'), home.path]) {
    for (const name of STATE_DIR_NAMES) addCandidate(out, home, isolatedHome, name, stateDir);
    if (canonicalHome) scanProfiles(out, home, isolatedHome, stateDir, canonicalHome);
  }
  return out;
}

/** Profile dirs of one isolated home; one whose canonical profile state is the state dir itself is a plain shadow. */
function scanProfiles(
  out: HomeScan,
  home: CodexHomeRef,
  isolatedHome: string,
  stateDir: string,
  canonicalHome: string,
) {
  const listed = profileDirNames(isolatedHome);
  if (listed.error && !out.unseen.some((u) => isWithin(isolatedHome, u.path)))
    out.unseen.push({
      path: hiddenBy(path.join(isolatedHome, '.openclaw-'), home.path),
      ownerAgent: home.ownerAgent,
      codexHome: home.path,
      error: listed.error,
    });
  for (const name of listed.names) {
    const canonicalStateDir = path.join(canonicalHome, name);
    if (realOrResolved(canonicalStateDir) === realOrResolved(stateDir)) {
      addCandidate(out, home, isolatedHome, name, stateDir);
      continue;
    }
    const found: HomeScan = { shadows: [], profiles: [], links: [], unseen: [] };
    addCandidate(found, home, isolatedHome, name, canonicalStateDir);
    const profile = profileOfDirName(name)!;
    for (const s of found.shadows)
      if (![...out.profiles, ...out.shadows].some((p) => p.path === s.path))
        out.profiles.push({ ...s, profile, canonicalStateDir });
    // Linked to its own canonical profile state: harmless, said nothing about; linked anywhere else: reported.
    out.links.push(...found.links.filter((l) => l.kind === 'elsewhere'));
    out.unseen.push(...found.unseen.filter((u) => !out.unseen.some((o) => isWithin(u.path, o.path))));
  }
}

/** One candidate `<isolatedHome>/<name>`, judged against `stateDir`, added to `out` as a shadow, a link or unseen. */
function addCandidate(out: HomeScan, home: CodexHomeRef, isolatedHome: string, name: string, stateDir: string): void {
  const p = path.join(isolatedHome, name);
  const seen = lstatSeen(p);
  if (seen.stat === undefined && seen.error) {
    // EACCES on the codex home or its HOME: report the first dir that hides it, once.
    if (!out.unseen.some((u) => isWithin(p, u.path)))
      out.unseen.push({
        path: hiddenBy(p, home.path),
        ownerAgent: home.ownerAgent,
        codexHome: home.path,
        error: seen.error,
      });
    return;
  }
  const st = seen.stat;
  if (!st || (!st.isDirectory() && !st.isSymbolicLink())) return;
  const verdict = classifyRoot(p, home.path, stateDir);
  if (!verdict) return;
  // Through a symlink inside the codex home, the tree is where the data is (and is listed once).
  const at = verdict.kind === 'shadow' && verdict.link ? verdict.realPath : p;
  if (verdict.kind === 'shadow') {
    if (!out.shadows.some((s) => s.path === at))
      out.shadows.push({
        path: at,
        ownerAgent: home.ownerAgent,
        codexHome: home.path,
        codexHomeKind: home.kind,
        isolatedHome,
      });
  } else
    out.links.push({
      path: p,
      ownerAgent: home.ownerAgent,
      codexHome: home.path,
      kind: verdict.kind,
      realPath: verdict.realPath,
      link: verdict.link ?? p,
    });
}

/** The first dir from the codex home down to `p` that cannot be listed (where the EACCES comes from). */
function hiddenBy(p: string, codexHome: string): string {
  let at = codexHome;
  for (const part of ['', ...path.relative(codexHome, path.dirname(p)).split(path.sep).filter(Boolean)]) {
    at = part ? path.join(at, part) : at;
    try {
      fs.readdirSync(at);
    } catch {
      return at;
    }
  }
  return p;
}

/** Shadow trees of one codex home: never the canonical state dir, never a tree outside the codex home. */
export const shadowsOf = (home: CodexHomeRef, stateDir: string): ShadowRef[] => scanCodexHome(home, stateDir).shadows;
