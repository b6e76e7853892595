import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // The machine's passwd home and gateway locks are replaced by empty stand-ins in every worker.
    setupFiles: ['test/helpers/hermetic-setup.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The real OpenClaw CLI takes ~1-2 s a call and two cores are all CI has.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
