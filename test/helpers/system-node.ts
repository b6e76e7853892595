// The host's /usr/bin/node when it is older than 22.12 (Debian 12's is 20): the Node an operator would wrongly name.
import { execFileSync } from 'node:child_process';

export const SYSTEM_NODE = '/usr/bin/node';

/** Its version, or undefined when there is none (or it does not run). */
export const systemVersion = ((): string | undefined => {
  try {
    return execFileSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();

/** Whether it is there and too old for the shim: the tests that need one skip, saying why, when it is not. */
export const systemTooOld = !!systemVersion && Number(systemVersion.split('.')[0]) < 22;
