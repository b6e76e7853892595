// The operator's OPENCLAW_SHIM_STATE_DIR/_CONFIG_PATH/_HOME that cannot be used: said in one line, never skipped silently.
import { knownCodexHomes } from './isolation.ts';
import { rejectReason } from './resolve.ts';
import { collectProposals } from './sources.ts';
import type { Candidate, Env, FsProbe, Resolution } from './types.ts';

const NAMES = ['OPENCLAW_SHIM_STATE_DIR', 'OPENCLAW_SHIM_CONFIG_PATH', 'OPENCLAW_SHIM_HOME'] as const;

/** One stderr line for a rejected explicit-env candidate; `then` says what happens instead (pure). */
export function ignoredExplicitEnvLine(c: Candidate | undefined, env: Env, then: string): string | undefined {
  if (c?.source !== 'explicit-env' || c.ok) return undefined;
  const set = NAMES.filter((n) => env[n]?.trim())
    .map((n) => `${n}=${env[n]}`)
    .join(' ');
  return `openclaw-shim: warning: ${set} is ignored: ${c.reason}; ${then}\n`;
}

/**
 * The shim's line: the variables are the strongest source it has, skipped by the resolution's rules when they
 * name no usable state; it says so and what it uses instead (pure). None when a flag outranks them.
 */
export function explicitEnvNotice(r: Resolution, env: Env): string | undefined {
  if (r.candidates.some((c) => c.source === 'explicit-flag')) return undefined;
  const then = r.canonical
    ? `using ${r.canonical.stateDir.value} (from ${r.canonical.stateDir.source}) instead`
    : 'no other source names a state either';
  return ignoredExplicitEnvLine(
    r.candidates.find((c) => c.source === 'explicit-env'),
    env,
    then,
  );
}

/** The explicit-env candidate alone, checked as resolveCanonical checks every candidate (for the CLI's warning). */
export function checkExplicitEnv(env: Env, cwd: string, probe: FsProbe): Candidate | undefined {
  const p = collectProposals({ env, cwd, gatewayLocks: [] }).find((c) => c.source === 'explicit-env');
  if (!p) return undefined;
  const reason = rejectReason({ ...p, ok: false }, probe, knownCodexHomes(env, []), false);
  return reason ? { ...p, ok: false, reason } : { ...p, ok: true };
}
