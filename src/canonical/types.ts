// Shared shapes for canonical resolution: sources, candidates and the answer with its provenance.

/** Where a candidate came from, strongest first (the order in SOURCE_ORDER). */
export type SourceName =
  | 'explicit-flag'
  | 'explicit-env'
  | 'capture'
  | 'openclaw-env'
  | 'parent-env'
  | 'structure'
  | 'gateway-lock'
  | 'passwd-home';

export const SOURCE_ORDER: readonly SourceName[] = [
  'explicit-flag',
  'explicit-env',
  'capture',
  'openclaw-env',
  'parent-env',
  'structure',
  'gateway-lock',
  'passwd-home',
];

/** One source's proposal. `ok` says whether it passed the checks; `reason` says why not. */
export interface Candidate {
  source: SourceName;
  /** Human detail: which variable, file or pid it came from. */
  detail: string;
  stateDir?: string;
  configPath?: string;
  home?: string;
  /**
   * The gateway's OS HOME when `home` is an OpenClaw home from OPENCLAW_HOME (they differ then);
   * '' when OPENCLAW_HOME was used but HOME is unknown. Undefined otherwise.
   */
  osHome?: string;
  ok: boolean;
  reason?: string;
}

/** A resolved value and the source that supplied it. */
export interface Field {
  value: string;
  source: SourceName | 'derived';
  detail: string;
}

export interface Canonical {
  stateDir: Field;
  configPath: Field;
  /** The OpenClaw home: `<home>/.openclaw`, `--profile` dirs and the default workspace hang off it. */
  home: Field;
  /** The gateway's OS HOME where it differs from `home` (OPENCLAW_HOME in use); HOME is set to it. */
  osHome?: Field;
}

/** A source whose valid answer differs from the winner's. */
export interface Disagreement {
  source: SourceName;
  detail: string;
  stateDir: string;
  winner: string;
}

/** What the environment says about the isolated home we are running in. */
export interface Isolation {
  /** The isolated home that HOME / OPENCLAW_HOME points into, if any. */
  isolatedHome?: string;
  /** The variable that points into it. */
  via?: 'HOME' | 'OPENCLAW_HOME' | 'OPENCLAW_STATE_DIR' | 'OPENCLAW_CONFIG_PATH';
  codexHome?: string;
  kind?: 'agent' | 'acpx' | 'custom';
  agentId?: string;
  /** `<S>` when the codex home has the gateway layout `<S>/agents/<id>/agent/codex-home`. */
  stateRoot?: string;
}

export interface Resolution {
  canonical?: Canonical;
  candidates: Candidate[];
  disagreements: Disagreement[];
  isolation: Isolation;
}

/** The few filesystem questions resolution asks; injected so resolution stays pure in tests. */
export interface FsProbe {
  isDir(path: string): boolean;
  isFile(path: string): boolean;
  /** Entry names of a directory ([] when unreadable); optional, resolution is stricter with it. */
  list?(path: string): string[];
}

export type Env = Record<string, string | undefined>;
