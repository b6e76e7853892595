// Bundles the three entry points with esbuild: the shim and launcher as single dependency-free files.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.12',
  define: { __SHIM_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  legalComments: 'none',
};

// Hot paths: everything inlined, no package imports allowed, minified to cut parse time.
for (const [entry, out] of [
  ['src/shim/main.ts', 'dist/shim.mjs'],
  ['src/launch/main.ts', 'dist/launch.mjs'],
]) {
  await build({
    ...common,
    entryPoints: [entry],
    outfile: out,
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
    plugins: [noPackages(out)],
  });
}

// The management CLI: its dependencies (yargs, execa) stay in node_modules.
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.mjs', packages: 'external' });

/** Fails the build if a hot-path bundle would import any package. */
function noPackages(out) {
  return {
    name: 'no-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        return { errors: [{ text: `${out} must not import the package "${args.path}"` }] };
      });
    },
  };
}
