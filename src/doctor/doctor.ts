import { isWithin } from '../canonical/layout.ts';
import { backupDirsNewestFirst, readManifestIn } from '../store/backups.ts';
import {
  holdsCanonical,
  scanState,
  treesHoldingCanonical,
  type CanonicalLinkScan,
  type LinkedIntoShadow,
} from '../store/canonical-links.ts';
import { checkCodexHome, withShimNodes } from './checks.ts';
import { CHECKS, type DoctorOptions } from './check-list.ts';

export type { DoctorOptions };
import { readConfigFacts, type ConfigAgent } from '../store/config.ts';
import {
  agentIdsOnDisk,
  discoverCodexHomes,
  knownAgentIds,
  scanCodexHome,
  type LinkedRoot,
  type ShadowRef,
} from '../store/discover.ts';
import {
  canonicalDanglingFinding,
  canonicalLinkedFinding,
  configFinding,
  isProblem,
  linkedElsewhereFinding,
  linkedToStateFinding,
  shadowFinding,
  storeUnreadable,
  stuckFinding,
  type Ctx,
  type Finding,
} from './findings.ts';
import { groupFindings } from './group.ts';
import { stateDirOfLock } from './gateway-relation.ts';
import { passwdUsers } from '../lib/owner.ts';
import { outsidePathFindings, shadowConfigFinding } from './shadow-records.ts';
import { canonicalStoreFinding, shadowUnreadableFinding, stateUnreadableFinding } from './unreadable.ts';
import { isBelowUnreadable, unreadableState, type Unreadable } from '../store/readable.ts';
import { ownerFixes } from './owner-fixes.ts';
import { inventoryShadow, isEmptyShadow, isLinkedOnly } from '../store/inventory.ts';
import { canonicalStoreOf } from '../store/canonical-store.ts';
import {
  DOCTOR_SCHEMA,
  DOCTOR_VERSION,
  emptyStoreReport,
  type DoctorReport,
  type ProfileShadowReport,
  type ShadowReport,
  type StoreReport,
} from './report.ts';
import { StoreReads, type CanonicalRead } from './store-cache.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import { realOr } from '../store/shadow-root.ts';
import { countTables } from '../store/sqlite.ts';
import { profileShadowFinding, profileShadowReport } from './profile-shadows.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function shadowReport(ref: ShadowRef, stateDir: string): ShadowReport {
  const inv = inventoryShadow(ref.path, stateDir);
  const state = inv.errors.length
    ? 'unreadable'
    : isLinkedOnly(inv)
      ? 'linked'
      : isEmptyShadow(inv)
        ? 'empty'
        : 'shadow';
  return {
    path: ref.path,
    ownerAgent: ref.ownerAgent,
    codexHome: ref.codexHome,
    isolatedHome: ref.isolatedHome,
    state,
    files: inv.files,
    bytes: inv.bytes,
    newestChange: iso(inv.newestMs),
    holds: inv.holds,
    stores: inv.stores.map(emptyStoreReport),
    ...(inv.errors.length ? { errors: inv.errors } : {}),
  };
}

interface AgentPass {
  ctx: Ctx;
  now: number;
  stuckMs: number;
  findings: Finding[];
  /** Canonical paths that resolve into shadow trees: what is there is canonical data, never compared with itself. */
  linked: LinkedIntoShadow[];
  /** Canonical dirs that could not be listed. */
  unreadable: Unreadable[];
  /** Store reads, through the cache when the run has one. */
  reads: StoreReads;
}

/** Reads the agent's canonical store once, checks it, and compares each of its shadow stores, one at a time. */
function checkAgent(pass: AgentPass, agent: string, agentDir: string | undefined, shadowStores: StoreReport[]): void {
  const canonical = canonicalStoreOf(pass.ctx.stateDir, agent, agentDir);
  let map: (CanonicalRead & { ok: true }) | undefined;
  // Unknown canonical contents (unreadable store or dir) are never compared as if empty.
  let notCompared = isBelowUnreadable(canonicalStorePaths(pass.ctx.stateDir, agent, agentDir).json, pass.unreadable)
    ? 'canonical sessions dir unreadable (see STATE_UNREADABLE); not compared'
    : undefined;
  if (canonical && !notCompared) {
    const read = pass.reads.canonical(canonical.kind, canonical.path);
    if (read.ok) {
      map = read;
      for (const s of read.stuck(pass.now, pass.stuckMs))
        pass.findings.push(stuckFinding(pass.ctx, agent, canonical.path, s));
    } else if (!holdsCanonical(canonical.path, pass.linked)) {
      pass.findings.push(canonicalStoreFinding(pass.ctx, agent, canonical.path, read.error));
      notCompared = `canonical store unreadable (see CANONICAL_STORE_UNREADABLE); not compared`;
    }
  }
  for (const store of shadowStores) {
    store.canonicalPath = canonical?.path ?? null;
    store.canonicalSessions = map?.sessions ?? (canonical ? null : 0);
    if (holdsCanonical(store.path, pass.linked)) {
      store.error =
        'canonical data: a canonical path of the state dir resolves to it (see CANONICAL_LINKED_INTO_SHADOW); not compared';
      continue;
    }
    if (notCompared && store.kind !== 'state-sqlite') {
      store.error = notCompared;
      continue;
    }
    // An agent with a canonical store that gave no map (a link into this shadow) is compared with nothing, as before.
    const read = pass.reads.compare(
      store.kind,
      store.path,
      canonical && map ? { file: canonical.path, read: map } : undefined,
    );
    if (!read.ok) {
      store.error = read.error;
      if (!read.canonical) pass.findings.push(storeUnreadable(pass.ctx, store.path, read.error, store.kind));
      continue;
    }
    store.sessions = read.sessions;
    Object.assign(store, read.diff);
  }
}

function agentIds(stateDir: string, configAgents: ConfigAgent[], shadows: ShadowReport[]): string[] {
  const ids = new Set<string>(knownAgentIds(stateDir, configAgents));
  for (const s of shadows) for (const st of s.stores) if (st.agent) ids.add(st.agent);
  return [...ids].sort();
}

/** A tree holding canonical data gets CANONICAL_LINKED_INTO_SHADOW instead: repair would keep it. */
function shadowFindings(ctx: Ctx, shadows: ShadowReport[], holdingCanonical: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const s of shadows) {
    if (s.state === 'linked' || s.state === 'empty') continue;
    if (s.state === 'unreadable') {
      out.push(
        shadowUnreadableFinding(ctx, { path: s.path, ownerAgent: s.ownerAgent, errors: s.errors ?? [], whole: false }),
      );
      continue;
    }
    const onlyInShadow = s.stores.reduce((n, st) => n + (st.onlyInShadow ?? 0), 0);
    const differing = s.stores.reduce((n, st) => n + (st.differing ?? 0), 0);
    if (onlyInShadow + differing > 0) s.state = 'diverged';
    const notCompared = s.stores.some(
      (st) => st.error?.endsWith('not compared') && !st.error.startsWith('canonical data'),
    );
    if (holdingCanonical.has(s.path)) continue;
    out.push(shadowFinding(ctx, s, { onlyInShadow, differing, notCompared }));
    const config = shadowConfigFinding(ctx, s);
    out.push(...(config ? [config] : []), ...outsidePathFindings(ctx, s));
  }
  return out;
}

export function runDoctor(opts: DoctorOptions): DoctorReport {
  const ctx: Ctx = { stateDir: opts.stateDir, configPath: opts.configPath };
  const progress = opts.onProgress ?? (() => {});
  const findings: Finding[] = [];
  const config = readConfigFacts(opts.configPath, opts.home, opts.stateDir);
  if (config.status === 'unreadable') findings.push(configFinding(ctx, config.error ?? 'unknown error'));
  const unreadable = unreadableState(opts.stateDir, config.agents, agentIdsOnDisk(opts.stateDir));
  findings.push(...unreadable.map(stateUnreadableFinding));
  const homes = discoverCodexHomes(opts.stateDir, config.agents);
  progress(`Scanning ${homes.length} codex home(s) under ${opts.stateDir}`);
  const scans = homes.map((h) => scanCodexHome(h, opts.stateDir, opts.home));
  const links = scans.flatMap((s) => s.links);
  findings.push(
    ...scans
      .flatMap((s) => s.unseen)
      .map((u) =>
        shadowUnreadableFinding(ctx, {
          path: u.path,
          ownerAgent: u.ownerAgent,
          codexHome: u.codexHome,
          errors: [`${u.path}: ${u.error}`],
          whole: true,
        }),
      ),
  );
  findings.push(...linkFindings(opts.stateDir, links));
  const shadows = scans
    .flatMap((s) => s.shadows)
    .map((ref) => (progress(`  shadow ${ref.path}`), shadowReport(ref, opts.stateDir)));
  const canon = scanState(
    opts.stateDir,
    opts.configPath,
    config.agents,
    shadows.map((s) => s.path),
  );
  findings.push(...canonicalLinkFindings(ctx, canon));
  const reads = new StoreReads(opts.cacheFile, opts.stateDir);
  const pass: AgentPass = {
    ctx,
    now: opts.now ?? Date.now(),
    stuckMs: opts.stuckMinutes * 60_000,
    findings,
    linked: canon.linked,
    unreadable,
    reads,
  };
  const byAgent = groupStores(shadows);
  for (const agent of agentIds(opts.stateDir, config.agents, shadows)) {
    checkAgent(pass, agent, config.agents.find((a) => a.id === agent)?.agentDir, byAgent.get(agent) ?? []);
  }
  for (const st of shadows.flatMap((s) => s.stores).filter((st) => st.kind === 'state-sqlite')) {
    const tables = countTables(st.path);
    if (tables !== undefined) st.tables = tables;
  }
  findings.push(
    ...shadowFindings(
      ctx,
      shadows,
      treesHoldingCanonical(
        shadows.map((s) => s.path),
        canon.linked,
      ),
    ),
  );
  const profileShadows = scans
    .flatMap((s) => s.profiles)
    .map((ref) => (progress(`  profile shadow ${ref.path}`), profileShadowReport(ref)));
  for (const p of profileShadows) findings.push(...[profileShadowFinding(ctx, p) ?? []].flat());
  const codexHomes = homes.map((h) =>
    checkCodexHome(
      ctx,
      h,
      [...shadows, ...profileShadows].some((s) => s.codexHome === h.path),
      reads,
    ),
  );
  for (const c of codexHomes) findings.push(...c.findings);
  for (const check of CHECKS) findings.push(...check.run({ ctx, opts, config, homes, reads }));
  // After the checks: they too keep answers in the cache (a Node's version, a code cache's verdict).
  reads.save();
  return assemble(
    opts,
    { shadows, profileShadows, links },
    withShimNodes(
      codexHomes.map((c) => c.status),
      findings,
    ),
    ownerFixes(groupFindings(ctx, findings), opts.runAs?.uid, opts.runAs?.owner),
  );
}

/** Canonical paths linked into a shadow tree, or dangling: both errors, checked before any store is compared. */
function canonicalLinkFindings(ctx: Ctx, scan: CanonicalLinkScan): Finding[] {
  return [
    ...scan.linked.map((l) => canonicalLinkedFinding(ctx, l)),
    ...scan.dangling.map((d) => canonicalDanglingFinding(d, backupHolding(ctx.stateDir, d.target))),
  ];
}

/** A `.openclaw` that is itself a symlink into the state dir is the fix, said nothing about; a linked HOME is an info. */
function linkFindings(stateDir: string, links: LinkedRoot[]): Finding[] {
  const realState = realOr(stateDir) ?? stateDir;
  return links.flatMap((l) =>
    l.kind === 'elsewhere'
      ? [linkedElsewhereFinding(l)]
      : l.link === l.path
        ? []
        : [linkedToStateFinding({ ...l, whole: isWithin(realState, l.realPath) })],
  );
}

function groupStores(shadows: ShadowReport[]): Map<string, StoreReport[]> {
  const out = new Map<string, StoreReport[]>();
  for (const s of shadows)
    for (const st of s.stores) if (st.agent) out.set(st.agent, [...(out.get(st.agent) ?? []), st]);
  return out;
}

function assemble(
  opts: DoctorOptions,
  {
    shadows,
    profileShadows,
    links,
  }: { shadows: ShadowReport[]; profileShadows: ProfileShadowReport[]; links: LinkedRoot[] },
  codexHomes: DoctorReport['codexHomes'],
  findings: Finding[],
): DoctorReport {
  const count = (sev: string) => findings.filter((f) => f.severity === sev).length;
  const users = passwdUsers();
  return {
    schema: DOCTOR_SCHEMA,
    version: DOCTOR_VERSION,
    generatedAt: new Date(opts.now ?? Date.now()).toISOString(),
    stateDir: opts.stateDir,
    configPath: opts.configPath,
    stuckMinutes: opts.stuckMinutes,
    healthy: !findings.some(isProblem),
    summary: {
      shadows: shadows.length,
      profileShadows: profileShadows.length,
      stores: shadows.reduce((n, s) => n + s.stores.length, 0),
      errors: count('error'),
      warnings: count('warn'),
      infos: count('info'),
    },
    shadows,
    profileShadows,
    links: links.map((l) => ({
      path: l.path,
      ownerAgent: l.ownerAgent,
      codexHome: l.codexHome,
      kind: l.kind,
      realPath: l.realPath,
      link: l.link,
    })),
    codexHomes,
    gateways: [
      ...opts.gatewayLocks.map((l) => ({
        pid: l.pid,
        configPath: l.configPath,
        stateDir: stateDirOfLock(l, opts.readEnv, users),
        alive: l.alive,
        lock: l.file,
        ...(l.uid !== undefined ? { uid: l.uid } : {}),
        ...(l.user ? { user: l.user } : {}),
      })),
      ...(opts.unknownGateways ?? []).map((g) => ({
        pid: g.pid,
        configPath: null,
        stateDir: null,
        alive: true,
        lock: null,
        uid: g.uid,
        ...(g.user ? { user: g.user } : {}),
        unknown: g.reason,
      })),
    ],
    findings,
  };
}

/** The newest complete backup dir of this state dir with a tree that held `target` (now gone); undefined when none. */
function backupHolding(stateDir: string, target: string): string | undefined {
  return backupDirsNewestFirst(stateDir).find((dir) =>
    readManifestIn(dir)?.trees.some((t) => isWithin(target, t.source)),
  );
}
