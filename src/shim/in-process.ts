// Hands over to a Node CLI inside the shim's own process: its environment, its argv, its main module.
import fs from 'node:fs';
import { moduleClass } from './module-class.ts';

type Env = Record<string, string | undefined>;

interface ModuleInternals {
  runMain(main?: string): void;
  _cache?: Record<string, unknown>;
  _initPaths?: () => void;
}

/**
 * Makes `process.env` hold exactly `env` (process.env writes go to the real environ: children see it too).
 * `current`: a copy of process.env as it is now, when the caller has one: compared with it instead of
 * through process.env's getters, only the changed variables touch the environ.
 */
function replaceEnv(env: Env, current: Env = process.env): void {
  for (const key of Object.keys(current)) {
    if (env[key] === undefined) delete process.env[key];
  }
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && current[key] !== value) process.env[key] = value;
  }
}

const RAN = Symbol.for('openclaw-shim.in-process.ran');
const ranSet = (): Set<string> => {
  const g = globalThis as { [RAN]?: Set<string> };
  g[RAN] ??= new Set();
  return g[RAN];
};
/** One realpath per file and call: the runner choice and the hand-over ask it of the same script. */
const reals = new Map<string, string>();
const realOf = (file: string): string => {
  let real = reals.get(file);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(file);
    } catch {
      real = file;
    }
    reals.set(file, real);
  }
  return real;
};

/**
 * Whether `script` already ran as main in this process (a shim copy handed over to another that found
 * the first): its module is cached, so running it again here would do nothing and exit 0. Exec instead.
 */
export const ranInThisProcess = (script: string): boolean => ranSet().has(realOf(script));

/**
 * What Node does for `node <script> args…`, from here: argv[1] is the script as found on PATH
 * (Node resolves its real path itself), the rest byte for byte. The shim added no listener, handle
 * or timer and never touched stdio or NODE_OPTIONS; what it loaded as CommonJS main is forgotten,
 * so the real CLI sees itself as the main module. `_initPaths` re-reads HOME and NODE_PATH for the
 * global module folders, as a fresh Node would with the redirected HOME. `current`: a copy of
 * process.env taken since nothing changed it (the shim's own), to change only what differs.
 */
export function runInProcess(script: string, args: readonly string[], env: Env, current?: Env): void {
  const self = process.argv[1];
  // One realpath of the shim for both: its mark and its cache entry (a moved file has neither).
  const selfReal = self ? realOf(self) : undefined;
  if (selfReal) ranSet().add(selfReal);
  ranSet().add(realOf(script));
  const internals = moduleClass() as unknown as ModuleInternals;
  if (selfReal && internals._cache) delete internals._cache[selfReal];
  (process as { mainModule?: unknown }).mainModule = undefined;
  replaceEnv(env, current);
  process.argv.splice(1, process.argv.length - 1, script, ...args);
  internals._initPaths?.();
  internals.runMain(script);
}
