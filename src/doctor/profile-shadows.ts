// Profile shadow trees (`.openclaw-<profile>` in an isolated home): each compared with its canonical profile state.
import path from 'node:path';
import { cmd, shq } from '../lib/shell-words.ts';
import { canonicalStoreOf } from '../store/canonical-store.ts';
import { compareShadowConfig, configSetCommands, describeDiffs, shadowConfigPath } from '../store/config-diff.ts';
import { diffSessions } from '../store/diff.ts';
import type { ProfileShadowRef } from '../store/discover.ts';
import { inventoryShadow, isEmptyShadow, isLinkedOnly } from '../store/inventory.ts';
import { profileFlag } from '../store/profile-dirs.ts';
import { readStore } from '../store/sessions.ts';
import { countTables } from '../store/sqlite.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import { lstatSeen, type Seen } from '../lib/stat-or-none.ts';
import type { Ctx, Finding } from './findings.ts';
import { emptyStoreReport, type ProfileShadowReport, type StoreReport } from './report.ts';
import { shadowUnreadableFinding } from './unreadable.ts';

/** Why a path could not be looked at (EACCES, ENOTDIR, ELOOP…); undefined when it is there or plainly absent. */
const lookError = (s: Seen): string | undefined => (s.stat === undefined ? s.error : undefined);

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The config OpenClaw reads for a profile state: its first existing config file, else `<dir>/openclaw.json`. */
export const profileConfigPath = (stateDir: string): string =>
  shadowConfigPath(stateDir) ?? path.join(stateDir, 'openclaw.json');

/** One shadow store against the agent's store in the canonical profile state (absent there: all shadow-only). */
function compareStore(store: StoreReport, canonicalStateDir: string): void {
  if (store.kind === 'state-sqlite' || !store.agent) {
    const tables = store.kind === 'state-sqlite' ? countTables(store.path) : undefined;
    if (tables !== undefined) store.tables = tables;
    return;
  }
  const shadow = readStore(store.kind, store.path);
  if (!shadow.ok) return void (store.error = shadow.error);
  // Unknown canonical contents are never compared as if empty: a path that cannot be looked at is said.
  const paths = canonicalStorePaths(canonicalStateDir, store.agent);
  const hidden = [paths.sqlite, paths.json].map((p) => ({ p, error: lookError(lstatSeen(p)) })).find((h) => h.error);
  if (hidden) {
    store.sessions = shadow.sessions.size;
    store.error = `the canonical profile store ${hidden.p} could not be looked at (${hidden.error}); not compared`;
    return;
  }
  const canonical = canonicalStoreOf(canonicalStateDir, store.agent);
  store.canonicalPath = canonical?.path ?? null;
  const read = canonical ? readStore(canonical.kind, canonical.path) : undefined;
  if (read && !read.ok) {
    store.sessions = shadow.sessions.size;
    store.error = `the canonical profile store ${canonical!.path} could not be read (${read.error}); not compared`;
    return;
  }
  store.sessions = shadow.sessions.size;
  store.canonicalSessions = read?.sessions.size ?? 0;
  Object.assign(store, diffSessions(shadow.sessions, read?.sessions));
}

/** Whether the canonical profile state exists; `canonicalError` when it could not be looked at (not said absent). */
function canonicalPresence(dir: string): { canonicalExists: boolean; canonicalError?: string } {
  const seen = lstatSeen(dir);
  const error = lookError(seen);
  return seen.stat
    ? { canonicalExists: true }
    : error
      ? { canonicalExists: false, canonicalError: error }
      : { canonicalExists: false };
}

/** The report of one profile shadow tree: what it holds and how it differs from its canonical profile state. */
export function profileShadowReport(ref: ProfileShadowRef): ProfileShadowReport {
  const inv = inventoryShadow(ref.path, ref.canonicalStateDir);
  const stores: StoreReport[] = inv.stores.map(emptyStoreReport);
  if (!inv.errors.length) for (const st of stores) compareStore(st, ref.canonicalStateDir);
  const config = inv.errors.length
    ? undefined
    : compareShadowConfig(ref.path, profileConfigPath(ref.canonicalStateDir));
  const diverged = stores.some((st) => (st.onlyInShadow ?? 0) + (st.differing ?? 0) > 0);
  return {
    path: ref.path,
    ownerAgent: ref.ownerAgent,
    codexHome: ref.codexHome,
    isolatedHome: ref.isolatedHome,
    profile: ref.profile,
    canonicalStateDir: ref.canonicalStateDir,
    ...canonicalPresence(ref.canonicalStateDir),
    state: inv.errors.length
      ? 'unreadable'
      : isLinkedOnly(inv)
        ? 'linked'
        : isEmptyShadow(inv)
          ? 'empty'
          : diverged
            ? 'diverged'
            : 'shadow',
    files: inv.files,
    bytes: inv.bytes,
    newestChange: iso(inv.newestMs),
    holds: inv.holds,
    stores,
    configDiffers:
      config?.kind === 'differs'
        ? config.diffs.map((d) => d.path)
        : config?.kind === 'unreadable'
          ? [`(not compared: ${config.error})`]
          : [],
    ...(inv.errors.length ? { errors: inv.errors } : {}),
  };
}

/** What the shadow holds that its canonical profile state lacks, in words (pure). */
function divergence(r: ProfileShadowReport): string {
  const only = r.stores.reduce((n, st) => n + (st.onlyInShadow ?? 0), 0);
  const differing = r.stores.reduce((n, st) => n + (st.differing ?? 0), 0);
  const notCompared = r.stores.filter((st) => st.error).map((st) => `${st.path}: ${st.error}`);
  return [
    only + differing > 0
      ? `${only} session(s) only there and ${differing} differing from the canonical profile store(s)`
      : `${r.files} file(s), no session the canonical profile store(s) lack`,
    ...notCompared.map((e) => `not compared ${e}`),
  ].join('; ');
}

/**
 * PROFILE_SHADOW_DIVERGED / PROFILE_SHADOW_TREE: repair does not merge a profile shadow, so the fix is by hand:
 * the config changes as `openclaw config set` on the canonical profile config, then the tree moved aside.
 */
export function profileShadowFinding(ctx: Ctx, r: ProfileShadowReport): Finding | undefined {
  if (r.state === 'linked' || r.state === 'empty') return undefined;
  if (r.state === 'unreadable')
    return shadowUnreadableFinding(ctx, {
      path: r.path,
      ownerAgent: r.ownerAgent,
      errors: r.errors ?? [],
      whole: false,
    });
  const canonicalConfig = profileConfigPath(r.canonicalStateDir);
  const config = compareShadowConfig(r.path, canonicalConfig);
  const configWords =
    config.kind === 'differs'
      ? `; its config differs from ${canonicalConfig} at ${describeDiffs(config.diffs)}`
      : config.kind === 'unreadable'
        ? `; its config could not be compared with ${canonicalConfig} (${config.error})`
        : '';
  const where = r.canonicalExists
    ? `the canonical profile state ${r.canonicalStateDir}`
    : r.canonicalError
      ? `the canonical profile state ${r.canonicalStateDir}, which could not be looked at (${r.canonicalError})`
      : `the canonical profile state ${r.canonicalStateDir}, which does not exist (everything in this tree is only here)`;
  const sets = config.kind === 'differs' ? configSetCommands(config.diffs, canonicalConfig) : undefined;
  const aside = cmd('mv', r.path, `${r.path}.checked`);
  return {
    code: r.state === 'diverged' ? 'PROFILE_SHADOW_DIVERGED' : 'PROFILE_SHADOW_TREE',
    severity: r.state === 'diverged' ? 'error' : 'warn',
    message: `Profile shadow tree of agent ${r.ownerAgent} at ${r.path}: profile ${r.profile} (openclaw ${profileFlag(r.profile)} run in that isolated home), shadowing ${where}: ${divergence(r)}${configWords}. repair does not merge profile shadows.`,
    fix: sets
      ? `${sets}   # the changes you want; then, with what else you need carried over: ${aside}`
      : `# carry over by hand what you need from ${shq(r.path)} into ${shq(r.canonicalStateDir)}, then: ${aside}`,
    path: r.path,
  };
}
