// Mutation testing over the pure core (`npm run mutate`, outside CI): docs/mutation-testing.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  checkers: [],
  mutate: [
    'src/canonical/argv.ts',
    'src/canonical/capture.ts',
    'src/canonical/isolation.ts',
    'src/canonical/layout.ts',
    'src/canonical/openclaw-paths.ts',
    'src/canonical/resolve.ts',
    'src/canonical/rewrite.ts',
    'src/canonical/sources.ts',
    'src/shim/decide.ts',
    'src/shim/redact.ts',
    'src/shim/mutating.ts',
    'src/store/diff.ts',
    'src/store/shadow-layout.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant that loops forever (a parent-dir walk, a retry) counts as killed after this; the tests take ms.
  timeoutMS: 2000,
  // Two cores shared with everything else on the machine.
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Later runs re-test only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  ignorePatterns: ['.cache', 'dist', 'reports', 'coverage'],
  thresholds: { high: 90, low: 80, break: null },
};
