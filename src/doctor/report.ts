// The versioned doctor report (docs/doctor-json.md describes every field).
import type { LinkedRoot } from '../store/discover.ts';
import type { Holds } from '../store/inventory.ts';
import type { CodexHomeStatus } from './checks.ts';
import type { Finding } from './findings.ts';
import type { StoreKind } from '../store/sessions.ts';
import type { StoreRef } from '../store/inventory.ts';

export const DOCTOR_SCHEMA = 'openclaw-shim/doctor';
export const DOCTOR_VERSION = 1;

export interface StoreReport {
  agent: string | null;
  kind: StoreKind;
  path: string;
  bytes: number;
  modifiedAt: string;
  /** The canonical store compared against; null when the agent has none. */
  canonicalPath: string | null;
  sessions: number | null;
  canonicalSessions: number | null;
  onlyInShadow: number | null;
  onlyInCanonical: number | null;
  differing: number | null;
  /** state-sqlite only: how many tables. */
  tables?: number;
  error?: string;
}

/** A store of a shadow as found, before it is compared with its canonical store (nulls until then). */
export function emptyStoreReport(ref: StoreRef): StoreReport {
  return {
    agent: ref.agent,
    kind: ref.kind,
    path: ref.path,
    bytes: ref.bytes,
    modifiedAt: new Date(ref.modifiedMs).toISOString(),
    canonicalPath: null,
    sessions: null,
    canonicalSessions: null,
    onlyInShadow: null,
    onlyInCanonical: null,
    differing: null,
  };
}

export type ShadowState = 'diverged' | 'shadow' | 'linked' | 'empty' | 'unreadable';

export interface ShadowReport {
  path: string;
  ownerAgent: string;
  codexHome: string;
  isolatedHome: string;
  state: ShadowState;
  files: number;
  bytes: number;
  newestChange: string | null;
  holds: Holds;
  stores: StoreReport[];
  /** Parts of the tree that could not be read (`<path>: <code>`); state `unreadable` when any. */
  errors?: string[];
}

/** A `.openclaw-<profile>` tree in an isolated home, compared with the canonical profile state it shadows. */
export interface ProfileShadowReport extends ShadowReport {
  profile: string;
  /** `<canonical home>/.openclaw-<profile>`: where the shim sends `--profile <profile>` runs. */
  canonicalStateDir: string;
  canonicalExists: boolean;
  /** Why the canonical profile state could not be looked at (EACCES…): not said absent, nothing compared as empty. */
  canonicalError?: string;
  /** Leaf paths where its config differs from the canonical profile's config (none there: every path it sets). */
  configDiffers: string[];
}

/** A state-dir name in a codex home that resolves outside it: not a shadow (see discover.ts). */
export type LinkReport = LinkedRoot;

export interface GatewayReport {
  pid: number;
  /** null for a gateway seen only in /proc whose state could not be learned (`unknown` says why). */
  configPath: string | null;
  stateDir: string | null;
  alive: boolean;
  /** The lock file it was found by (2026.5: `$TMPDIR/openclaw-<uid>/`, 2026.9: `<state>/tmp/openclaw-<uid>/`). */
  lock: string | null;
  uid?: number;
  user?: string;
  unknown?: string;
}

export interface DoctorReport {
  schema: typeof DOCTOR_SCHEMA;
  version: typeof DOCTOR_VERSION;
  generatedAt: string;
  stateDir: string;
  configPath: string;
  stuckMinutes: number;
  healthy: boolean;
  summary: {
    shadows: number;
    profileShadows: number;
    stores: number;
    errors: number;
    warnings: number;
    infos: number;
  };
  shadows: ShadowReport[];
  /** Shadows of canonical profile states (`--profile`, `--dev`), not of this state dir: repair does not merge them. */
  profileShadows: ProfileShadowReport[];
  links: LinkReport[];
  codexHomes: CodexHomeStatus[];
  gateways: GatewayReport[];
  findings: Finding[];
}
