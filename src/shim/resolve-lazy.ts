// The shim's resolution: the cheap sources first, weaker ones unprobed once one wins; gateway locks and passwd only when needed.
import { fsProbe, passwdHome, readCapture, readGatewayLocks, type Gathered } from '../canonical/gather.ts';
import { resolveCanonical } from '../canonical/resolve.ts';
import type { Env, Resolution } from '../canonical/types.ts';

/**
 * Whether the gateway locks or the passwd home could change what the shim does with `first`
 * (resolved without them): they are the weakest sources, so they matter only when nothing else
 * won, or when the winner leaves the OS home to the passwd entry. Disagreements they would add are
 * for `explain` and `doctor`, not for a tool call.
 */
export function needsWeakSources(first: Resolution): boolean {
  if (!first.canonical) return true;
  const winner = first.candidates.find((c) => c.ok);
  return winner?.osHome !== undefined && !first.canonical.osHome;
}

/** resolveHere's answer for the shim, reading the lock dirs and passwd only when needed (see docs/benchmarks.md). */
export function resolveForShim(env: Env, cwd: string = process.cwd()): Gathered {
  const capture = readCapture(env);
  const base = { env, cwd, ...(capture ? { capture } : {}), probe: fsProbe, winnerOnly: true };
  const first = resolveCanonical({ ...base, gatewayLocks: [] });
  if (!needsWeakSources(first)) return { resolution: first, capture };
  const home = passwdHome();
  return {
    resolution: resolveCanonical({ ...base, gatewayLocks: readGatewayLocks(), ...(home ? { passwdHome: home } : {}) }),
    capture,
  };
}
