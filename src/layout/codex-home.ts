// Where openclaw-shim keeps its files inside one Codex home: the one place that spells the layout.
import path from 'node:path';

/** `<codexHome>/openclaw-shim`: everything the shim, launcher and install write in a Codex home. */
export const shimRootOf = (codexHome: string): string => path.join(codexHome, 'openclaw-shim');
/** The dir put first on PATH, holding the `openclaw` shim. */
export const shimDirOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'bin');
/** The shim executable itself. */
export const shimPathOf = (codexHome: string): string => path.join(shimDirOf(codexHome), 'openclaw');
/** The capture written at install or launch. */
export const capturePathOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'capture.json');
/** The fallback dir for the redirect log and the launch log. */
export const logsDirOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'logs');
/** The PATH the gateway launched Codex with, shim dir first: sourced by login profiles and BASH_ENV. */
export const loginPathFileOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'login-path.sh');
/** The file the launcher names in Codex's BASH_ENV (restores PATH in login shells when the profiles did not). */
export const bashEnvFileOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'bash-env.sh');
/** The isolated HOME OpenClaw 2026.5.12 gives Codex (`<codexHome>/home`). */
export const isolatedHomeOf = (codexHome: string): string => path.join(codexHome, 'home');
/** V8's compiled code for the installed shim, written by the shim itself (its own dir, its own uid). */
export const codeCachePathOf = (codexHome: string): string => path.join(shimRootOf(codexHome), 'shim-code-cache');
/**
 * The names the shim itself writes in `shimRootOf`: the code cache, and the `<cache>.<pid>.tmp` it writes it
 * through (left behind when a shim is killed mid-write). Uninstall removes these and nothing else there.
 */
export const isShimWrittenName = (name: string): boolean => /^shim-code-cache(\.\d+\.tmp)?$/.test(name);
