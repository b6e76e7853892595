// Which live processes still need the launcher copy: gateways on this state, and anything whose argv or environment names it.
import fs from 'node:fs';
import path from 'node:path';
import { effectivePaths } from '../canonical/openclaw-paths.ts';
import { readProcessEnv } from '../launch/parent-env.ts';
import { isGatewayProcess, procEntries, procStartTime } from '../lib/process-identity.ts';
import { parsePasswd } from '../lib/owner.ts';
import { CODEX_BIN_VAR } from './env-file.ts';

/** A process by pid and start time (clock ticks since boot), so a recycled pid is never taken for it. */
export interface LauncherUser {
  pid: number;
  startTime: string;
  why: string;
}

/** `retired.json` beside the launcher copy uninstall kept for a running gateway. */
export interface RetiredLauncher {
  schema: 'openclaw-shim/retired-launcher';
  version: 1;
  at: string;
  dir: string;
  users: LauncherUser[];
}

export const retiredMarkerOf = (launcherDir: string): string => path.join(launcherDir, 'retired.json');

/** The start time as a string (the form `retired.json` records). */
export const startTimeOf = (pid: number, procRoot = '/proc'): string | undefined =>
  procStartTime(pid, procRoot)?.toString();

const inside = (p: string | undefined, dir: string): boolean => !!p && (p === dir || p.startsWith(`${dir}/`));

function passwdHomes(): ReturnType<typeof parsePasswd> {
  try {
    return parsePasswd(fs.readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * Live processes that use the launcher in `launcherDir`: one whose argv names it, one whose environment
 * names it (OPENCLAW_CODEX_APP_SERVER_BIN), and, when `wired` (the config or .env still names it, so a
 * gateway started since reads it), every gateway whose state is `stateDir`. Unreadable processes are skipped.
 */
export function findLauncherUsers(opts: {
  stateDir: string;
  launcherDir: string;
  wired: boolean;
  procRoot?: string;
}): LauncherUser[] {
  const procRoot = opts.procRoot ?? '/proc';
  const homes = passwdHomes();
  const state = path.resolve(opts.stateDir);
  const out: LauncherUser[] = [];
  for (const { pid, cmdline, uid } of procEntries(procRoot)) {
    if (pid === process.pid) continue;
    const startTime = startTimeOf(pid, procRoot);
    if (!startTime) continue;
    const add = (why: string): void => void out.push({ pid, startTime, why });
    if (cmdline.split('\0').some((a) => inside(a, opts.launcherDir))) {
      add('its command line runs the launcher');
      continue;
    }
    const env = readProcessEnv(pid, procRoot);
    if (!env.ok) continue;
    if (inside(env.env[CODEX_BIN_VAR]?.trim(), opts.launcherDir)) {
      add(`its environment sets ${CODEX_BIN_VAR} to the launcher`);
      continue;
    }
    if (!opts.wired || !isGatewayProcess(pid, cmdline, procRoot)) continue;
    let cwd = '/';
    try {
      cwd = fs.readlinkSync(path.join(procRoot, String(pid), 'cwd'));
    } catch {
      // Relative OpenClaw variables are rare; resolve them against / then.
    }
    const osHome = homes.get(uid)?.home;
    // As the state's owner, another user's home is often closed (EACCES): not a dir we can tell about.
    const isDir = (d: string): boolean => {
      try {
        return fs.statSync(d).isDirectory();
      } catch {
        return false;
      }
    };
    const paths = effectivePaths(env.env, {
      cwd,
      probe: { isDir, isFile: () => false },
      ...(osHome ? { osHome } : {}),
    });
    if (path.resolve(paths.stateDir) === state)
      add('a gateway on this state dir, started while the launcher was wired');
  }
  return out;
}

/** Recorded users still alive: same pid and same start time (pure over the reader). */
export const stillAlive = (
  users: LauncherUser[],
  startOf: (pid: number) => string | undefined = (pid) => startTimeOf(pid),
): LauncherUser[] => users.filter((u) => startOf(u.pid) === u.startTime);

export function readRetired(launcherDir: string): RetiredLauncher | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(retiredMarkerOf(launcherDir), 'utf8')) as Partial<RetiredLauncher>;
    return data.schema === 'openclaw-shim/retired-launcher' && Array.isArray(data.users)
      ? (data as RetiredLauncher)
      : undefined;
  } catch {
    return undefined;
  }
}
