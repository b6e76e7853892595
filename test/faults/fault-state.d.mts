// Types of fault-state.mjs (plain JS so the mount-namespace runner can use it without a TypeScript loader).
export interface FaultStateDirs {
  root: string;
  home: string;
  stateDir: string;
  shadow: string;
}
export interface Baseline {
  canonical: Record<string, Record<string, unknown>>;
  shadowEntries: Record<string, Record<string, unknown>>;
  shadowFiles: Array<{ rel: string; sha256: string }>;
}
export const AGENTS: string[];
export function buildState(root: string, opts?: { bigBytes?: number }): FaultStateDirs;
export function baseline(s: FaultStateDirs): Baseline;
export function problems(s: FaultStateDirs, base: Baseline, opts?: { complete?: boolean }): string[];
export function cliEnv(s: { root: string; home: string }, extra?: Record<string, string>): Record<string, string>;
