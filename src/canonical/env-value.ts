// How the real OpenClaw CLIs (2026.5.12 and 2026.9.6 alike) read an environment value: what counts as unset.

/**
 * HOME, USERPROFILE and OPENCLAW_HOME (`src/infra/home-dir.ts` normalize): trimmed, and empty, the
 * literal `undefined` or `null` (seen in real service files) count as unset.
 */
export function homeVar(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t && t !== 'undefined' && t !== 'null' ? t : undefined;
}

/**
 * OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH and the legacy names (`resolveStateDir`,
 * `resolveConfigPath`): only trimmed; `undefined` is a relative path there, as in the real CLI.
 */
export function pathVar(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/**
 * What Node's `os.homedir()` returns, which OpenClaw falls back to after HOME and USERPROFILE: $HOME
 * whenever it is set (libuv; even empty or `undefined`, which OpenClaw then drops, ending at the cwd), else the
 * passwd home.
 */
export const nodeHomedir = (home: string | undefined, passwdHome: string | undefined): string | undefined =>
  home !== undefined ? home : passwdHome;
