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
