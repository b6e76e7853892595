// Builds the text of an installed shim: the bundled shim behind a shebang naming a Node ≥ 22.12.
import fs from 'node:fs';
import { SHIM_MARKER } from '../shim/marker.ts';
import { builtFile } from './package-files.ts';

export { SHIM_MARKER };

/** `import x from"node:fs";` or `import{a as b,c}from"node:fs";` as esbuild writes them. */
const BUILTIN_IMPORT = /import\s*(?:([A-Za-z_$][\w$]*)|\{([^}]*)\})\s*from\s*"(node:[a-z_/]+)";/g;
const TRAILING_EXPORT = /export\s*\{[^}]*\};?\s*$/;

/**
 * Turns the ESM bundle into a script that is valid as CommonJS and as ESM: builtins come from
 * `process.getBuiltinModule` (no ESM facade per builtin: ~3 ms less startup) and the bundle's
 * exports go. An extensionless file then runs whatever `type` a package.json above it declares.
 * Returns the bundle unchanged if anything else module-shaped is left.
 */
export function toPortableScript(bundle: string): string {
  const out = bundle
    .replace(BUILTIN_IMPORT, (_m, name: string | undefined, names: string | undefined, id: string) => {
      const binding = name ?? `{${names!.replace(/\s+as\s+/g, ':')}}`;
      return `const ${binding}=process.getBuiltinModule(${JSON.stringify(id)});`;
    })
    .replace(TRAILING_EXPORT, '');
  return /\bimport\s*[\w${*]|\bimport\.meta\b|\bexport\s*[{*]|\bexport\s+(?:default|const|let|var|function|class)\b/.test(out) ? bundle : out;
}

/**
 * The shebang names the Node that ran the install (absolute), so the shim works even where the
 * gateway's PATH has no `node`; `openclaw-shim install --node` picks another.
 */
export function shimFileText(nodePath: string = process.execPath): string {
  const bundle = fs.readFileSync(builtFile('shim.mjs'), 'utf8').replace(/^#!.*\n/, '');
  return `#!${nodePath}\n${SHIM_MARKER}\n${toPortableScript(bundle)}`;
}

export const isGeneratedShim = (text: string): boolean => text.split('\n', 3)[1] === SHIM_MARKER;
