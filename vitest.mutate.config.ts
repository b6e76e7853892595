// Vitest for mutation runs (`npm run mutate`): only the fast, pure unit test files, no OpenClaw install.
import { defineConfig } from 'vitest/config';

/** The unit tests that exercise the mutated modules; no e2e file, nothing that spawns a process. */
export const PURE_TESTS = [
  'test/canonical/*.test.ts',
  // decide*, mutating*, redact*: never exec-limits (it spawns).
  'test/shim/{decide,mutating,redact}*.test.ts',
  'test/doctor/*.test.ts',
];

export default defineConfig({
  test: {
    include: PURE_TESTS,
    testTimeout: 10_000,
  },
});
