// Bundles the entry points with esbuild: the shim and launcher as single dependency-free files.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22.12',
  define: { __SHIM_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
  legalComments: 'none',
};
const hotPath = (out) => ({ ...common, outfile: out, minify: true, banner: { js: '#!/usr/bin/env node' } });

// The shim is copied into Codex homes as an extensionless file, which Node runs as CommonJS or as
// ESM depending on the nearest package.json. A CommonJS-format bundle with no exports, no require
// and builtins from process.getBuiltinModule is valid as both, and skips the ESM facade per builtin.
// The bundle is a string in its entry (src/shim/entry.ts), which compiles it with V8's code
// cache: one file still, and a call no longer compiles the functions it runs (docs/benchmarks.md).
const shim = await build({
  ...hotPath('dist/shim.mjs'),
  banner: {},
  write: false,
  entryPoints: ['src/shim/main.ts'],
  format: 'cjs',
  plugins: [builtinsFromProcess(), noPackages('dist/shim.mjs')],
});
const shimSource = `(function (__shimBeforeHandover, __shimModule) {\n${shim.outputFiles[0].text}})`;
const shimSourceKey = createHash('sha256').update(shimSource).digest('hex');
await build({
  ...hotPath('dist/shim.mjs'),
  entryPoints: ['src/shim/entry.ts'],
  format: 'cjs',
  define: {
    ...common.define,
    __SHIM_SOURCE__: JSON.stringify(shimSource),
    __SHIM_SOURCE_KEY__: JSON.stringify(shimSourceKey),
  },
  plugins: [builtinsFromProcess(), noPackages('dist/shim.mjs')],
});
// The key this build's shims head their code cache with: doctor tells this build's cache from another's.
writeFileSync('dist/shim-source-key', `${shimSourceKey}\n`);

// The launcher stays ESM: it finds the shim next to itself through import.meta.url.
await build({
  ...hotPath('dist/launch.mjs'),
  entryPoints: ['src/launch/main.ts'],
  format: 'esm',
  plugins: [noPackages('dist/launch.mjs')],
});

// The management CLI: its dependencies (yargs, execa) stay in node_modules.
await build({
  ...common,
  format: 'esm',
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  packages: 'external',
});

/**
 * `import x from 'node:*'` becomes `process.getBuiltinModule(...)` (Node >= 22.3). Default imports
 * only (the hot path uses no named ones): an ESM default export needs no CommonJS interop copy.
 */
function builtinsFromProcess() {
  return {
    name: 'builtins-from-process',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
        contents: `export default process.getBuiltinModule(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

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
