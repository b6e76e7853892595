// Says when the gateway's home in a capture is only the installing shell's guess (pure).
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Field } from '../canonical/types.ts';

/**
 * The home decides `~` for the real CLI (approvals, workspace, `--profile` dirs). When neither a flag,
 * the gateway's own environment nor the state dir's name (`<home>/.openclaw`) gave it, it is this
 * shell's HOME or passwd home: right only if the gateway runs as this user with this HOME.
 */
export function homeWarning(home: Field, flags: ExplicitPaths | undefined): string | undefined {
  if (flags?.home) return undefined;
  const guessed =
    (home.source === 'derived' && /^HOME\b|this shell's/.test(home.detail)) || home.source === 'passwd-home';
  if (!guessed) return undefined;
  return `the gateway's home was taken from this shell (${home.value}, ${home.detail}), not from the gateway: if the gateway runs as another user or with another HOME, re-run with --home <the gateway's HOME>`;
}
