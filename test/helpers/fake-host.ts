// Runs a shell script in a private mount namespace where empty tmpfs cover /tmp and the passwd home:
// it can fake a gateway host, or show everything a program writes there, without touching the real ones.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { execa } from 'execa';
import { ROOT } from './paths.ts';

/** The machine's passwd home: os.userInfo() without the stand-in that host-view.mjs puts in front of it. */
export const PASSWD_HOME = ((): string => {
  const standIn = process.env.OCSHIM_TEST_PASSWD_HOME;
  delete process.env.OCSHIM_TEST_PASSWD_HOME;
  try {
    return os.userInfo().homedir;
  } finally {
    if (standIn !== undefined) process.env.OCSHIM_TEST_PASSWD_HOME = standIn;
  }
})();

/** Needs root and unshare; the repo and the cache must lie outside the two covered dirs. */
export const canFakeHost =
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0 &&
  ![ROOT, process.env.OPENCLAW_SHIM_CACHE ?? ROOT].some(
    (p) => p.startsWith(`${PASSWD_HOME}/`) || p.startsWith('/tmp/'),
  );

/** Covers /tmp and the passwd home (`$HOST_HOME` in the script) before `script` runs. */
const PRELUDE = 'set -e\nmount -t tmpfs tmpfs /tmp\nmount -t tmpfs tmpfs "$HOST_HOME"\n';

/** The parent environment without the test stand-ins and vitest's worker variables: as on a host. */
export function hostEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      v === undefined ||
      k.startsWith('VITEST') ||
      k.startsWith('OCSHIM_TEST_') ||
      k === 'OPENCLAW_SHIM_GATEWAY_LOCK_DIRS' ||
      ['NODE_OPTIONS', 'TEST', 'TMPDIR'].includes(k)
    )
      continue;
    env[k] = v;
  }
  return { ...env, HOST_HOME: PASSWD_HOME, ...extra };
}

/** Runs `script` (sh) with `args` as $@ in the namespace; stdout and stderr interleaved in `all`. */
export function inFakeHost(script: string, args: string[], env: Record<string, string>) {
  return execa('unshare', ['-m', '--propagation', 'private', 'sh', '-c', PRELUDE + script, 'sh', ...args], {
    cwd: ROOT,
    env,
    extendEnv: false,
    reject: false,
    all: true,
  });
}
