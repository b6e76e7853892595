import { defineConfig } from 'vitest/config';

/**
 * Tests that need the cached OpenClaw releases and Codex (test/e2e; the state tables that run the real CLI's
 * uninstall), run a whole nested suite (test/hermetic), inject faults for minutes (test/faults), or run Prometheus' tools.
 */
const SLOW = [
  'test/e2e/**/*.test.ts',
  'test/hermetic/**/*.test.ts',
  'test/faults/**/*.test.ts',
  // Debian's prometheus tools (installed with apt when missing) and the real OpenClaw.
  'test/monitoring/**/*.test.ts',
  'test/state/fifo-everywhere.test.ts',
  'test/state/fuzz-formats.test.ts',
];
/**
 * The fast lane's cache is a path no one can create (not even root): a test there that needs a release fails at
 * once, on every machine, instead of downloading one. It belongs in a slow folder.
 */
const NO_CACHE = '/dev/null/the-fast-lane-has-no-cache';

export default defineConfig({
  test: {
    // The machine's passwd home and gateway locks are replaced by empty stand-ins in every worker.
    setupFiles: ['test/helpers/hermetic-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The real OpenClaw CLI takes ~1-2 s a call and two cores are all CI has.
    maxWorkers: 2,
    fileParallelism: true,
    projects: [
      // `npm run test:fast`: everything else, offline (no download, no network, no cache).
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: SLOW,
          globalSetup: ['test/helpers/built-setup.ts'],
          env: { OPENCLAW_SHIM_CACHE: NO_CACHE },
        },
      },
      // `npm test` runs both; only these wait for the releases to be installed into the cache.
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          globalSetup: ['test/helpers/built-setup.ts', 'test/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
