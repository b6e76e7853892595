// Who a pid is (argv, start time, uid, systemd unit from /proc) and OpenClaw's own rule for whether a lock's owner lives.
import fs from 'node:fs';
import path from 'node:path';

/** Whether a pid is a live process (EPERM means it exists but is someone else's). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every pid in the proc root, numerically named entries only; none when there is no /proc. */
export function procPids(procRoot = '/proc'): number[] {
  try {
    return fs
      .readdirSync(procRoot)
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/** Each readable process: its raw NUL-separated cmdline and the uid that owns it. */
export function procEntries(procRoot = '/proc'): Array<{ pid: number; cmdline: string; uid: number }> {
  const out: Array<{ pid: number; cmdline: string; uid: number }> = [];
  for (const pid of procPids(procRoot)) {
    try {
      const cmdline = fs.readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8');
      out.push({ pid, cmdline, uid: fs.statSync(path.join(procRoot, String(pid))).uid });
    } catch {
      // Gone meanwhile, or hidden (hidepid).
    }
  }
  return out;
}

/** `/proc/<pid>/cmdline` as read (NUL-separated); undefined when the process is gone or hidden. */
export function procCmdline(pid: number, procRoot = '/proc'): string | undefined {
  try {
    return fs.readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

/** `/proc/<pid>/cmdline` as argv (NUL-separated, trimmed as OpenClaw's `parseProcCmdline`); undefined when unreadable. */
export function procArgv(pid: number, procRoot = '/proc'): string[] | undefined {
  try {
    const args = fs
      .readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8')
      .split('\0')
      .map((a) => a.trim())
      .filter(Boolean);
    return args.length ? args : undefined;
  } catch {
    return undefined;
  }
}

/** Field 22 of `/proc/<pid>/stat` (clock ticks since boot), read the way OpenClaw's `readLinuxStartTime` does. */
export function procStartTime(pid: number, procRoot = '/proc'): number | undefined {
  try {
    const raw = fs.readFileSync(`${procRoot}/${pid}/stat`, 'utf8').trim();
    const close = raw.lastIndexOf(')');
    if (close < 0) return undefined;
    const start = Number.parseInt(
      raw
        .slice(close + 1)
        .trim()
        .split(/\s+/)[19] ?? '',
      10,
    );
    return Number.isFinite(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** The uid owning `/proc/<pid>` (the process's real user); undefined when it is gone. */
export function procUid(pid: number, procRoot = '/proc'): number | undefined {
  return fs.statSync(`${procRoot}/${pid}`, { throwIfNoEntry: false })?.uid;
}

const norm = (a: string): string => a.replaceAll('\\', '/').toLowerCase();

/** OpenClaw's `isGatewayArgv` (src/infra/gateway-process-argv.ts, 2026.9.6 with `allowGatewayBinary`) (pure). */
export function isGatewayArgv(args: string[]): boolean {
  const n = args.map(norm);
  if (!n.includes('gateway')) return false;
  const entries = [
    'dist/index.js',
    'dist/entry.js',
    'openclaw.mjs',
    'scripts/run-node.mjs',
    'src/entry.ts',
    'src/index.ts',
  ];
  if (n.some((a) => entries.some((e) => a.endsWith(e)))) return true;
  const exe = (n[0] ?? '').replace(/\.(bat|cmd|exe)$/, '');
  return exe.endsWith('/openclaw') || exe === 'openclaw' || exe.endsWith('/openclaw-gateway');
}

/**
 * The process title both releases set (`openclaw-gateway`), or `[node] …/openclaw[.mjs] gateway [run|-…]`
 * before it is set (pure). Stricter than `isGatewayArgv`: `gateway call`/`gateway stop` are no gateway.
 */
export const isGatewayCmdline = (cmdline: string): boolean => {
  const args = cmdline
    .split('\0')
    .map((a) => a.trim())
    .filter(Boolean);
  if (args[0] && path.basename(args[0]) === 'openclaw-gateway') return true;
  const cli = args.findIndex(
    (a) => /^openclaw(\.mjs)?$/.test(path.basename(a)) || /\/openclaw\/dist\/(index|entry)\.js$/.test(a),
  );
  return (
    cli >= 0 &&
    cli <= 1 &&
    args[cli + 1] === 'gateway' &&
    (args[cli + 2] === undefined || args[cli + 2] === 'run' || args[cli + 2]!.startsWith('-'))
  );
};

/** `openclaw`, `openclaw-gateway`, `openclaw.mjs` as the first or second word (node), or OpenClaw's dist entry. */
export const isOpenclawTitle = (cmdline: string): boolean => {
  const args = cmdline.split('\0').filter(Boolean).slice(0, 2);
  return args.some((a) => /^openclaw(-gateway|\.mjs)?$/.test(path.basename(a.trim())) || /\/openclaw\/dist\//.test(a));
};

const GATEWAY_LOCK_NAME = /^gateway\.[0-9a-f]+\.lock$/;

/**
 * The `gateway.<hash>.lock` a process holds open in the gateway role, as the path its fd names; undefined when
 * it holds none or its fds cannot be read (another user's, not root). A gateway keeps its lock open while it
 * runs; 2026.9 CLI writers hold the same file as `agent-embedded`, so the role is read through the fd (which
 * also reaches a lock in the process's private /tmp).
 */
export function heldGatewayLock(pid: number, procRoot = '/proc'): string | undefined {
  const fdDir = `${procRoot}/${pid}/fd`;
  let fds: string[];
  try {
    fds = fs.readdirSync(fdDir);
  } catch {
    return undefined;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = fs.readlinkSync(`${fdDir}/${fd}`);
    } catch {
      continue;
    }
    if (GATEWAY_LOCK_NAME.test(path.basename(target)) && gatewayRole(`${fdDir}/${fd}`)) return target;
  }
  return undefined;
}

/** Whether a lock file (opened through /proc: never blocking, regular files only) records the gateway role. */
function gatewayRole(file: string): boolean {
  const { O_RDONLY, O_NONBLOCK } = fs.constants;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > 65_536) return false;
    const role = (JSON.parse(fs.readFileSync(fd, 'utf8')) as { role?: unknown }).role;
    return role === undefined || role === 'gateway';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Whether a process is a running gateway: its cmdline as `isGatewayCmdline` says, or a plain OpenClaw title
 * holding its gateway lock open. 2026.5.12 titles every process `openclaw`, its gateway included, so the title
 * alone cannot tell a gateway from `openclaw sessions`; only then are its fds read.
 */
export function isGatewayProcess(pid: number, cmdline: string, procRoot = '/proc'): boolean {
  if (isGatewayCmdline(cmdline)) return true;
  return isOpenclawTitle(cmdline) && heldGatewayLock(pid, procRoot) !== undefined;
}

/**
 * Any OpenClaw process (pure): the CLI or gateway by name (`openclaw`, `openclaw.mjs`, the `openclaw-gateway`
 * title) as the program or an interpreter's script, or a Node program given code from an installed
 * `openclaw` package (`…/node_modules/openclaw/…`, `…/openclaw/dist/…`) on its command line.
 * `openclaw-shim` and `openclaw-codex-launch` are not OpenClaw; nor is `tail /var/log/openclaw`.
 */
export function isOpenclawArgv(args: string[]): boolean {
  const n = args.map(norm);
  if (n.length === 0) return false;
  const base = (a: string | undefined): string => path.posix.basename(a ?? '');
  if (/^openclaw(-gateway|\.mjs)?$/.test(base(n[0]))) return true;
  const interpreter = /^(node|nodejs|bun|deno|sh|bash|dash)$/.test(base(n[0]));
  if (!interpreter) return false;
  const script = n.slice(1).find((a) => !a.startsWith('-'));
  if (script && /^openclaw(\.mjs)?$/.test(base(script))) return true;
  return (
    /^(node|nodejs|bun|deno)$/.test(base(n[0])) &&
    n.some((a) => /(^|\/)node_modules\/openclaw\/|(^|\/)openclaw\/dist\//.test(a))
  );
}

/** The lock fields OpenClaw judges its owner by (both releases write `startTime` on Linux). */
export interface LockOwner {
  pid: number;
  startTime?: number;
  /** 2026.9: `gateway` (default), `agent-embedded`, `skill-workshop-apply`, `sqlite-maintenance`. */
  role?: string;
}

export type OwnerStatus = 'alive' | 'dead' | 'unknown';

/**
 * OpenClaw's `resolveGatewayOwnerStatus` (dist/gateway-lock-*.js of 2026.5.12 and 2026.9.6): a pid that is
 * gone is dead; with a recorded start time, the pid is the owner only if /proc shows the same start time
 * (a recycled pid is dead); without one, only if its argv is OpenClaw's (a gateway's, for a gateway lock).
 * `unknown`: alive but unreadable.
 */
export function lockOwnerStatus(
  lock: LockOwner,
  procRoot = '/proc',
  alive: (pid: number) => boolean = isAlive,
): OwnerStatus {
  if (!alive(lock.pid)) return 'dead';
  if (typeof lock.startTime === 'number' && Number.isFinite(lock.startTime)) {
    const now = procStartTime(lock.pid, procRoot);
    if (now !== undefined) return now === lock.startTime ? 'alive' : 'dead';
  }
  const args = procArgv(lock.pid, procRoot);
  if (!args) return 'unknown';
  const gatewayRole = !lock.role || lock.role === 'gateway';
  return (gatewayRole ? isGatewayArgv(args) : isOpenclawArgv(args)) ? 'alive' : 'dead';
}

/** A systemd unit a process runs in, and whether it is a user unit (`systemctl --user`). */
export interface SystemdUnit {
  name: string;
  user: boolean;
}

/**
 * The service a process belongs to, from its cgroup path (`0::/system.slice/openclaw-gateway.service`, or
 * `…/user@1000.service/app.slice/openclaw-gateway.service` for a user unit) (pure). Scopes and the user
 * manager itself are no unit to stop.
 */
export function unitFromCgroup(text: string): SystemdUnit | undefined {
  for (const line of text.split('\n')) {
    const m = /^\d+:(?:name=systemd)?:(\/.*)$/.exec(line.trim());
    if (!m) continue;
    const parts = m[1]!.split('/').filter(Boolean);
    const unit = [...parts].reverse().find((p) => p.endsWith('.service') && !/^user@\d+\.service$/.test(p));
    if (unit) return { name: unit, user: parts.some((p) => /^user@\d+\.service$/.test(p)) };
  }
  return undefined;
}

/** The process's systemd unit by its cgroup, else by the `OPENCLAW_SYSTEMD_UNIT` OpenClaw's unit files set (`openclaw-gateway`). */
export function procUnit(
  pid: number,
  env: Record<string, string | undefined> | undefined,
  procRoot = '/proc',
): SystemdUnit | undefined {
  let cgroup = '';
  try {
    cgroup = fs.readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8');
  } catch {
    // Gone, or no cgroups here: the environment may still say.
  }
  const fromCgroup = unitFromCgroup(cgroup);
  if (fromCgroup) return fromCgroup;
  const named = env?.OPENCLAW_SYSTEMD_UNIT?.trim();
  if (!named || !/^[\w@.:-]+$/.test(named)) return undefined;
  // OpenClaw installs its gateway as a user unit (`systemctl --user`) unless the cgroup says system.slice.
  return {
    name: /\.(service|scope)$/.test(named) ? named : `${named}.service`,
    user: !/\/system\.slice\//.test(cgroup),
  };
}
