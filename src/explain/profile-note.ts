// Says whether a `--profile` will take effect under the installed release's rule, and how to target it (pure).
import type { EffectivePaths, ProfileRule } from '../canonical/openclaw-paths.ts';
import { profileStateDir } from '../canonical/openclaw-paths.ts';
import { cmd, shq } from '../lib/shell-words.ts';

export interface ProfileNote {
  profile: string;
  /** The dir `--profile` names: `<home>/.openclaw-<name>`. */
  profileStateDir: string;
  applies: boolean;
  message: string;
  /** How to reach the profile's state on purpose, through the shim. */
  deliberate?: string;
}

const RULES: Record<ProfileRule, string> = {
  'unset-only':
    '--profile only fills OPENCLAW_STATE_DIR/OPENCLAW_CONFIG_PATH when they are unset (OpenClaw up to 2026.7.x)',
  'switch-inherited':
    "--profile replaces OPENCLAW_STATE_DIR only when it is the inherited profile's own dir (OpenClaw 2026.8.1 on)",
};

export function profileNote(input: {
  profile: string | undefined;
  rule: ProfileRule;
  version: string | undefined;
  paths: EffectivePaths | null;
  stateVar: string | undefined;
  args: readonly string[];
}): ProfileNote | null {
  if (!input.profile || !input.paths) return null;
  const wanted = profileStateDir(input.profile, input.paths.home);
  const release = `openclaw ${input.version ?? '(version unknown: assuming the rules up to 2026.7.x)'}`;
  if (input.paths.stateDir === wanted) {
    return {
      profile: input.profile,
      profileStateDir: wanted,
      applies: true,
      message: `--profile ${input.profile} applies: ${release} uses ${wanted}.`,
    };
  }
  const deliberate = `OPENCLAW_SHIM_STATE_DIR=${shq(wanted)} ${cmd('openclaw', ...input.args)}`;
  return {
    profile: input.profile,
    profileStateDir: wanted,
    applies: false,
    message: `--profile ${input.profile} will be ignored: OPENCLAW_STATE_DIR=${input.stateVar ?? input.paths.stateDir} is set for the real CLI, and ${RULES[input.rule]}, so ${release} uses ${input.paths.stateDir}, not ${wanted}. To target the profile deliberately: ${deliberate}`,
    deliberate,
  };
}
