// The shim's entry: runs the bundled shim compiled with V8's code cache, so a call skips compiling what it runs.
import vm from 'node:vm';
import { codeCacheFileOf, dirIsOurs, readCodeCache, writeCodeCache } from './code-cache.ts';

/** The bundle (main.ts) as `(function (__shimBeforeHandover, __shimModule) { … })`, and its hash: build time. */
declare const __SHIM_SOURCE__: string;
declare const __SHIM_SOURCE_KEY__: string;

function run(): void {
  const self = process.argv[1] ?? '';
  const file = codeCacheFileOf(self);
  const trusted = file !== undefined && dirIsOurs(file);
  const cachedData = trusted ? readCodeCache(file, __SHIM_SOURCE_KEY__) : undefined;
  const script = new vm.Script(__SHIM_SOURCE__, { filename: self || 'openclaw-shim', cachedData });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  // Written before the hand-over, when every function this call needs is compiled: the cache then holds them.
  const beforeHandover = (): void => {
    if (trusted && !hit) writeCodeCache(file, __SHIM_SOURCE_KEY__, () => script.createCachedData());
  };
  // Run as CommonJS (no `type: module` above the codex home), the entry hands the bundle its Module class.
  script.runInThisContext()(beforeHandover, typeof module === 'object' ? module.constructor : undefined);
}

run();
