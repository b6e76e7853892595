// Builds the text of an installed shim: a sh/JS prelude that finds a Node >= 22.12, then the bundled shim.
import fs from 'node:fs';
import { SHIM_MARKER } from '../shim/marker.ts';
import { jsVersionGuard, shLauncherLine } from './node-prelude.ts';
import { builtFile } from '../lib/package-files.ts';

const FIX = 'openclaw-shim install --node <a Node >= 22.12> (or put one on PATH)';

/**
 * `#!/bin/sh`, then one line that sh runs (try the recorded Nodes, then `node` on PATH) and JS
 * reads as a directive and a comment, the marker, then the bundle. The bundle's "use strict" stays
 * in the directive prologue (after the `':'` directive), so it still runs as strict CommonJS or ESM.
 * `nodes`: the Node that ran the install (or `--node`) first, then the gateway's.
 */
export function shimFileText(nodes: string | readonly string[] = process.execPath): string {
  const list = typeof nodes === 'string' ? [nodes] : nodes;
  const bundle = builtBundle();
  return `#!/bin/sh\n${shLauncherLine('openclaw-shim', list, FIX)}\n${SHIM_MARKER}\n"use strict";${jsVersionGuard('openclaw-shim', FIX)}\n${bundle}`;
}

let bundleRead: { file: string; text: string } | undefined;
/** This build's dist/shim.mjs as the file holds it, read once per process (doctor compares every codex home's). */
function builtBundle(): string {
  const file = builtFile('shim.mjs');
  if (bundleRead?.file !== file) {
    const text = fs
      .readFileSync(file, 'utf8')
      .replace(/^#!.*\n/, '')
      .replace(/^"use strict";/, '');
    bundleRead = { file, text };
  }
  return bundleRead.text;
}

/** The marker sits on line 2 (shims from before the sh prelude) or line 3. */
export const isGeneratedShim = (text: string): boolean => text.split('\n', 4).slice(1).includes(SHIM_MARKER);
