// Preloaded into every Node a test starts (NODE_OPTIONS=--import, set by hermetic.ts): the test's view of the host.
// Product code reads the real sources (os.userInfo(), /proc, process.execve); this module, and only in
// tests, puts stand-ins in front of them. Each stand-in is driven by one variable that hermetic.ts sets:
//   OCSHIM_TEST_PASSWD_HOME=<dir>  os.userInfo().homedir answers <dir> (an empty one): the machine's own
//                                  ~/.openclaw is never a source.
//   OCSHIM_TEST_SCOPE=<id>         fs.readdirSync('/proc') lists only processes whose environment carries
//                                  the same scope: doctor sees the gateways its test started, not the host's.
//   OCSHIM_TEST_NO_EXECVE=1        process.execve is gone, as on a Node without it: the spawn fallback runs.
// The real OpenClaw and Codex (anything under their node_modules packages) get none of it. A shim hands
// over to a Node `openclaw` inside its own process, so there the stand-ins stay in place for the real CLI:
// only its passwd home and /proc listing differ, and OpenClaw reads HOME before the passwd home.
import fs from 'node:fs';
import os from 'node:os';

const main = process.argv[1] ?? '';
const foreign = /\/node_modules\/(openclaw|@openclaw|@openai|@zed-industries)\//.test(main);
// Installed once per process; each stand-in reads its variable when used (a test worker changes them per file).
const INSTALLED = Symbol.for('openclaw-shim.test.host-view');

if (!foreign && !globalThis[INSTALLED]) {
  globalThis[INSTALLED] = true;
  const userInfo = os.userInfo;
  os.userInfo = (options) => {
    const info = userInfo.call(os, options);
    const home = process.env.OCSHIM_TEST_PASSWD_HOME;
    return home ? { ...info, homedir: home } : info;
  };
  const readdirSync = fs.readdirSync;
  const inScope = (pid, marker) => {
    try {
      return Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${pid}/environ`)]).includes(marker);
    } catch {
      return false;
    }
  };
  fs.readdirSync = (dir, ...rest) => {
    const names = readdirSync.call(fs, dir, ...rest);
    const scope = process.env.OCSHIM_TEST_SCOPE;
    if (!scope || (dir !== '/proc' && dir !== '/proc/')) return names;
    const marker = Buffer.from(`\0OCSHIM_TEST_SCOPE=${scope}\0`);
    return names.filter((n) => {
      const name = typeof n === 'string' ? n : n.name;
      return !/^\d+$/.test(name) || inScope(name, marker);
    });
  };
}

if (process.env.OCSHIM_TEST_NO_EXECVE === '1') delete process.execve;
