// Node's CommonJS Module class for the hand-over: the entry's own when it has one, else node:module.
import type NodeModule from 'node:module';

/** The entry's `module.constructor` (entry.ts passes it in when it runs as CommonJS): the same class, free. */
declare const __shimModule: typeof NodeModule | undefined;

/**
 * `Module` (runMain, _cache, _initPaths). Loading node:module itself costs a tool call about 0.3 ms
 * (it brings source maps and the ESM hooks), which the entry's `module.constructor` does not.
 */
export const moduleClass = (): typeof NodeModule =>
  typeof __shimModule === 'function' ? __shimModule : process.getBuiltinModule('node:module');
