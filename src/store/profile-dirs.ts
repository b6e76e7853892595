// Profile state dirs in a home: `.openclaw-<profile>`, what `openclaw --profile <name>` (and `--dev`) uses there.
import fs from 'node:fs';

const PREFIX = '.openclaw-';
/** OpenClaw's own rule for a profile name (`isValidProfileName`, src/cli/profile-utils.ts in 2026.5.12). */
const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/**
 * The profile whose state dir a home entry is: `.openclaw-work` → `work`, `.openclaw-dev` → `dev` (`--dev`).
 * Undefined for any other name, and for `default`: OpenClaw's `--profile default` is `.openclaw` itself (pure).
 */
export function profileOfDirName(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const profile = name.slice(PREFIX.length);
  return PROFILE_NAME.test(profile) && profile.toLowerCase() !== 'default' ? profile : undefined;
}

/** The profile state dir names in `home`, sorted; `error`: the home could not be listed (its code), not when absent. */
export function profileDirNames(home: string): { names: string[]; error?: string } {
  try {
    return {
      names: fs
        .readdirSync(home)
        .filter((n) => profileOfDirName(n) !== undefined)
        .sort(),
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { names: [] } : { names: [], error: code };
  }
}

/** How OpenClaw is told to use a profile: `--dev` for `dev`, else `--profile <name>` (pure). */
export const profileFlag = (profile: string): string =>
  profile === 'dev' ? '--dev (or --profile dev)' : `--profile ${profile}`;
