// The line that marks a file as a generated openclaw shim (shared by the installer and the shim).
export const SHIM_MARKER = '// openclaw-shim: generated; openclaw-shim install rewrites this file';
