// OpenClaw release versions (`2026.8.2`, `2026.9.1-beta.1`, `2026.7.1-2`) parsed and ordered (pure).

export type Version = readonly [year: number, month: number, patch: number];

/** The numeric part of a release version; undefined for anything else (a wrapper's unknown version). */
export function parseVersion(version: string | undefined): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** Negative, zero or positive as `a` is older than, the same release as, or newer than `b`. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * True when `version` is `floor` or newer. A prerelease of the floor (`2026.9.5-beta.1`) counts as
 * below it, as OpenClaw's own `satisfiesPluginApiRange` (semver) judges it.
 */
export function atLeast(version: string | undefined, floor: string): boolean {
  const v = parseVersion(version);
  const f = parseVersion(floor);
  if (!v || !f) return false;
  const c = compareVersions(v, f);
  return c > 0 || (c === 0 && !/^v?\d+\.\d+\.\d+-(?!\d+$)/.test(version!.trim()));
}
