// Who holds a sessions.json.lock, since when, and whether it is an OpenClaw writer (/proc/<pid>/cmdline), with the safe way out.
import fs from 'node:fs';
import { isAlive } from './process-identity.ts';
import { openRegular } from './read-regular.ts';

export interface LockHolder {
  lockPath: string;
  pid?: number;
  /** Since the lock's startedAt (else its mtime). */
  ageMs: number;
  alive: boolean;
  /** The holder's command line, when /proc shows it. */
  command?: string;
  /** true: an OpenClaw process (never break its lock); false: something else (a recycled pid); undefined: unknown. */
  openclaw?: boolean;
}

/** Reads /proc/<pid>/cmdline (NUL-separated); undefined where it cannot be read. */
export function commandOf(pid: number, procRoot = '/proc'): string | undefined {
  try {
    const raw = fs.readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8');
    const words = raw.split('\0').filter(Boolean);
    return words.length ? words.join(' ') : undefined;
  } catch {
    return undefined;
  }
}

/** An OpenClaw writer: its command names openclaw (the CLI, the gateway, `node …/openclaw.mjs`) (pure). */
export const isOpenclawCommand = (command: string): boolean =>
  /(^|[\s/])openclaw([\s.@/-]|$)/i.test(command) || /openclaw-gateway/i.test(command);

/** A lock that is no lock: what is there instead and the command that clears it (never a live lock's). */
export interface NotALock {
  lockPath: string;
  /** "a dangling symbolic link (to X)", "a directory"… */
  what: string;
  clear: string;
}

/**
 * OpenClaw's writers create the lock with O_EXCL and write JSON into it, so a link, a directory or a FIFO
 * there is no writer's lock: no process holds it, yet every exclusive create fails on it for good.
 */
export function notALock(lockPath: string): NotALock | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(lockPath, { throwIfNoEntry: false });
  } catch {
    return undefined; // cannot look (EACCES): the unreadable-state findings say so
  }
  if (!st || st.isFile()) return undefined;
  const q = `'${lockPath.replaceAll("'", "'\\''")}'`;
  if (st.isSymbolicLink()) {
    let target = '?';
    try {
      target = fs.readlinkSync(lockPath);
    } catch {
      // Gone meanwhile: still say what it was.
    }
    const dangling = !fs.existsSync(lockPath);
    return { lockPath, what: `a ${dangling ? 'dangling ' : ''}symbolic link (to ${target})`, clear: `rm ${q}` };
  }
  if (st.isDirectory())
    return { lockPath, what: 'a directory', clear: `rmdir ${q}   # if it holds files, look at them first` };
  return { lockPath, what: 'not a regular file (a FIFO, socket or device)', clear: `rm ${q}` };
}

/** One sentence (pure). */
export const describeNotALock = (n: NotALock): string =>
  `${n.lockPath} is ${n.what}, not a lock any OpenClaw process writes: nothing holds it, but no writer (OpenClaw's or repair) can take this lock while it is there. Clear it (${n.clear}) and re-run`;

export function inspectLock(
  lockPath: string,
  now = Date.now(),
  alive: (pid: number) => boolean = isAlive,
): LockHolder | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    const fd = openRegular(lockPath, { noFollow: true });
    try {
      mtimeMs = fs.fstatSync(fd).mtimeMs;
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  let pid: number | undefined;
  let startedAt: number | undefined;
  try {
    const data = JSON.parse(text) as { pid?: unknown; startedAt?: unknown };
    if (typeof data.pid === 'number' && Number.isInteger(data.pid) && data.pid > 0) pid = data.pid;
    if (typeof data.startedAt === 'number' && Number.isFinite(data.startedAt)) startedAt = data.startedAt;
  } catch {
    // Half-written or foreign: judged by age alone.
  }
  const isLive = pid !== undefined && alive(pid);
  const command = isLive ? commandOf(pid!) : undefined;
  return {
    lockPath,
    ...(pid ? { pid } : {}),
    ageMs: Math.max(0, now - (startedAt ?? mtimeMs)),
    alive: isLive,
    ...(command ? { command, openclaw: isOpenclawCommand(command) } : {}),
  };
}

export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

/** One sentence: who holds it, how long, and what to do (pure). */
export function describeHolder(h: LockHolder): string {
  const age = `taken ${formatAge(h.ageMs)} ago`;
  if (h.pid === undefined)
    return `${h.lockPath} (${age}) names no process; OpenClaw takes it over once it is older than 30 s`;
  if (!h.alive)
    return `${h.lockPath} names process ${h.pid}, which is gone (${age}); OpenClaw and repair take it over once it is older than 30 s`;
  const who = `process ${h.pid} (${h.command ?? 'command unknown'}; ${age})`;
  if (h.openclaw)
    return `${h.lockPath} is held by the OpenClaw writer ${who}: wait for it to finish and re-run; never remove this lock`;
  if (h.openclaw === false)
    return `${h.lockPath} is held by ${who}, which is not an OpenClaw process: most likely the pid of a writer that died was reused. Check with 'ps -o pid,lstart,args -p ${h.pid}' that it does not write this store, then remove the lock (rm '${h.lockPath}') and re-run`;
  return `${h.lockPath} is held by live ${who}, whose command cannot be read: run as the state dir's owner to see it, or wait and re-run`;
}
