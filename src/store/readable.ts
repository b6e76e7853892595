// Which of the canonical state's own paths this process cannot read, and why (EACCES, ENOTDIR, ELOOP, EISDIR…).
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigAgent } from './config.ts';
import { canonicalStorePaths } from './shadow-layout.ts';

export interface Unreadable {
  path: string;
  /** What it is, for the message: "state dir", "sessions dir of agent main"… */
  what: string;
  /** What could not be done and the error code: "cannot list: EACCES". */
  error: string;
  /** The owner of the path when it can be stat'ed (the user to run as). */
  ownerUid?: number;
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

const ownerOf = (p: string): number | undefined => {
  try {
    return fs.statSync(p).uid;
  } catch {
    return undefined;
  }
};

/** Undefined when `p` is missing (nothing to read) or can be listed. */
export function listProblem(p: string, what: string): Unreadable | undefined {
  try {
    fs.readdirSync(p);
    return undefined;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    const uid = ownerOf(p);
    return { path: p, what, error: `cannot list: ${codeOf(error)}`, ...(uid === undefined ? {} : { ownerUid: uid }) };
  }
}

/** Undefined when `p` is missing or its bytes can be read (the whole file, as OpenClaw reads it). */
export function readProblem(p: string, what: string): Unreadable | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const st = fs.fstatSync(fd);
    if (st.isDirectory())
      return { path: p, what, error: 'cannot read: EISDIR (a directory where a file is expected)', ownerUid: st.uid };
    if (!st.isFile())
      return { path: p, what, error: 'cannot read: not a regular file (a FIFO, socket or device)', ownerUid: st.uid };
    fs.readSync(fd, Buffer.alloc(1), 0, 1, 0);
    return undefined;
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    const uid = ownerOf(p);
    return { path: p, what, error: `cannot read: ${codeOf(error)}`, ...(uid === undefined ? {} : { ownerUid: uid }) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The state dir, `agents/`, each agent's dir and sessions dir: the first that cannot be listed on each
 * branch (what lies below it is not checked, and not reported twice). Stores are read where they are used.
 */
export function unreadableState(stateDir: string, agents: ConfigAgent[], agentIdsOnDisk: string[]): Unreadable[] {
  const top = listProblem(stateDir, 'state dir');
  if (top) return [top];
  const agentsDir = listProblem(path.join(stateDir, 'agents'), 'agents dir');
  const out: Unreadable[] = agentsDir ? [agentsDir] : [];
  const ids = [...new Set([...agentIdsOnDisk, ...agents.map((a) => a.id)])].sort();
  for (const id of ids) {
    const agentDir = agents.find((a) => a.id === id)?.agentDir;
    const stores = canonicalStorePaths(stateDir, id, agentDir);
    const sessionsDir = path.dirname(stores.json);
    const problem =
      (agentsDir ? undefined : listProblem(path.join(stateDir, 'agents', id), `dir of agent ${id}`)) ??
      listProblem(sessionsDir, `sessions dir of agent ${id}`);
    if (problem) out.push(problem);
    const own = listProblem(path.dirname(stores.sqlite), `agent dir of agent ${id}`);
    if (own && !out.some((u) => own.path.startsWith(`${u.path}${path.sep}`) || own.path === u.path)) out.push(own);
  }
  return out;
}

/** The state dir and config a command will use, when this process cannot read them (explain says so). */
export function unreadableUsed(stateDir: string, configPath: string): Unreadable[] {
  const state = listProblem(stateDir, 'state dir');
  const config = readProblem(configPath, 'config');
  return [state, config].filter((u): u is Unreadable => !!u);
}

/** Whether `p` is, or lies below, one of the unreadable paths. */
export const isBelowUnreadable = (p: string, list: Unreadable[]): boolean =>
  list.some((u) => p === u.path || p.startsWith(`${u.path}${path.sep}`));
