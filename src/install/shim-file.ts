// Builds the text of an installed shim: the bundled shim behind a shebang naming a Node ≥ 22.12.
import fs from 'node:fs';
import { SHIM_MARKER } from '../shim/marker.ts';
import { builtFile } from './package-files.ts';


/**
 * The shebang names the Node that ran the install (absolute), so the shim works even where the
 * gateway's PATH has no `node`; `openclaw-shim install --node` picks another.
 */
export function shimFileText(nodePath: string = process.execPath): string {
  const bundle = fs.readFileSync(builtFile('shim.mjs'), 'utf8').replace(/^#!.*\n/, '');
  return `#!${nodePath}\n${SHIM_MARKER}\n${bundle}`;
}

export const isGeneratedShim = (text: string): boolean => text.split('\n', 3)[1] === SHIM_MARKER;
