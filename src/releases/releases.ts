// The one lookup of OpenClaw release rules: which generation a version belongs to, and what follows from it (pure).
import { json2026_5 } from './json-2026-5.ts';
import { json2026_6 } from './json-2026-6.ts';
import { sqlite2026_8 } from './sqlite-2026-8.ts';
import type { ProfileRule, ReleaseGeneration, ReleaseRules, SessionStoreKind } from './types.ts';
import { atLeast, parseVersion } from './version.ts';

export type { PluginRecords, ProfileRule, ReleaseGeneration, ReleaseRules, SessionStoreKind } from './types.ts';

/** Newest first. A new release generation is one more module here (see each module's comments). */
export const GENERATIONS: readonly ReleaseGeneration[] = [sqlite2026_8, json2026_6, json2026_5];

/**
 * `@openclaw/codex` 2026.9.5's package.json: `openclaw.compat.pluginApi: ">=2026.9.5"`; older hosts
 * refuse it (`requires plugin API >=2026.9.5, but this OpenClaw runtime exposes …`).
 */
export const CODEX_PLUGIN_API_FLOOR = '2026.9.5';

/** The rules of a release by its version; undefined when the version is unknown (a wrapper) or older than 2026.5. */
export function releaseRules(version: string | undefined): ReleaseRules | undefined {
  if (!parseVersion(version)) return undefined;
  const generation = GENERATIONS.find((g) => atLeast(version, g.from) || sameRelease(version!, g.from));
  if (!generation) return undefined;
  return { ...generation, version: version!, codexPluginInstallable: atLeast(version, CODEX_PLUGIN_API_FLOOR) };
}

/** A prerelease of a generation's first release (`2026.8.1-beta.1`) already has its rules. */
function sameRelease(version: string, from: string): boolean {
  const [a, b] = [parseVersion(version)!, parseVersion(from)!];
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** How a release keeps sessions; undefined when the version is unknown. */
export const sessionStoreKindOf = (version: string | undefined): SessionStoreKind | undefined =>
  releaseRules(version)?.sessionStore;

/** How a release applies `--profile`; the older rule when the version is unknown (explain says so). */
export const profileRuleFor = (version: string | undefined): ProfileRule =>
  releaseRules(version)?.profileRule ?? 'unset-only';
