// The steps of one shim invocation that `explain` must report exactly as the shim performs them.
import type { readCapture } from '../canonical/gather.ts';
import { parseArgv } from '../canonical/argv.ts';
import { fsProbe } from '../canonical/gather.ts';
import { effectivePaths, profileRuleFor, type EffectivePaths, type ProfileRule } from '../canonical/openclaw-paths.ts';
import { openclawVersionOf, sessionStoreKindOf } from '../canonical/openclaw-version.ts';
import type { Env } from '../canonical/types.ts';
import { findRealOpenclaw, type RealBin } from './find-real.ts';
import { mutatingCommand, mutationNotice } from './mutating.ts';

/** The real `openclaw`: OPENCLAW_SHIM_REAL_BIN, the capture's, else PATH (never `self`). */
export function realOpenclawFor(env: Env, capture: ReturnType<typeof readCapture>, self: string): RealBin {
  const captured = capture?.read.ok ? capture.read.capture.realOpenclaw?.value : undefined;
  return findRealOpenclaw({ env, self, ...(captured ? { captured } : {}) });
}

/** The home, state dir and config the real CLI will use with this environment and argv. */
export function pathsFor(env: Env, args: readonly string[], cwd: string, profileRule?: ProfileRule): EffectivePaths {
  const profile = parseArgv(args).profile;
  return effectivePaths(env, {
    cwd,
    probe: fsProbe,
    ...(profile ? { profile } : {}),
    ...(profileRule ? { profileRule } : {}),
  });
}

/** How the real CLI applies `--profile` (its release's rule); only read when argv has one. */
export function profileRuleOf(args: readonly string[], realBin: string | undefined): ProfileRule | undefined {
  if (!realBin || parseArgv(args).profile === undefined) return undefined;
  return profileRuleFor(openclawVersionOf(realBin));
}

/** The stderr line before a state-writing command; read-only commands cost no path work and no version read. */
export function noticeFor(env: Env, args: readonly string[], cwd: string, realBin?: string): string | undefined {
  if (!mutatingCommand(args)) return undefined;
  const version = realBin ? openclawVersionOf(realBin) : undefined;
  const profileRule = parseArgv(args).profile === undefined ? undefined : profileRuleFor(version);
  const paths = pathsFor(env, args, cwd, profileRule);
  return mutationNotice(args, paths.stateDir, paths.configPath, { probe: fsProbe, kind: sessionStoreKindOf(version) });
}
