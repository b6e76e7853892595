// Acting as a state dir's owner: who owns it, whether this process may write as them, and becoming them when root.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT, ExitError } from './exit.ts';
import { cmd } from './shell-words.ts';

/** The user a state dir belongs to, with their passwd name and home where /etc/passwd knows them. */
export interface Owner {
  uid: number;
  gid: number;
  name?: string;
  home?: string;
}

/** What to do before writing into a dir owned by `owner`, for a process running as `uid` (pure). */
export type OwnerDecision =
  | { kind: 'self' }
  | { kind: 'become'; owner: Owner }
  | { kind: 'refuse'; owner: Owner; message: string };

/** `user:x:uid:gid:gecos:home:shell` lines; a missing or odd /etc/passwd gives no names (pure). */
export function parsePasswd(text: string): Map<number, { name: string; gid: number; home: string }> {
  const out = new Map<number, { name: string; gid: number; home: string }>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || !/^\d+$/.test(f[2]!)) continue;
    const uid = Number(f[2]);
    if (!out.has(uid)) out.set(uid, { name: f[0]!, gid: Number(f[3]), home: f[5]! });
  }
  return out;
}

export function passwdUsers(): ReturnType<typeof parsePasswd> {
  try {
    return parsePasswd(fs.readFileSync('/etc/passwd', 'utf8'));
  } catch {
    return new Map();
  }
}

/** The nearest existing dir at or above `dir` (a state dir to be created belongs to its parent's owner). */
function existingAncestor(dir: string): string {
  let d = path.resolve(dir);
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

export function ownerOf(dir: string): Owner {
  const st = fs.statSync(existingAncestor(dir));
  const user = passwdUsers().get(st.uid);
  return { uid: st.uid, gid: st.gid, ...(user ? { name: user.name, home: user.home } : {}) };
}

/** `sudo -u` takes a name, or `#uid` for a uid without one. */
export const sudoUser = (o: Owner): string => o.name ?? `#${o.uid}`;
export const ownerLabel = (o: Owner): string => (o.name ? `${o.name} (uid ${o.uid})` : `uid ${o.uid}`);

/** The same command line, run as the owner. */
export const asOwnerCommand = (o: Owner, argv: string[]): string => `sudo -u ${cmd(sudoUser(o))} ${cmd(...argv)}`;

/**
 * Root becomes the owner (so every file and dir it creates is theirs, and OpenClaw's CLI runs as them);
 * the owner acts as itself; anyone else is refused before anything changes: writing as a third user
 * would leave files the gateway cannot read, and silently failing half-way is worse.
 */
export function decideOwner(uid: number, owner: Owner, what: string, argv: string[]): OwnerDecision {
  if (uid === owner.uid) return { kind: 'self' };
  if (uid === 0) return { kind: 'become', owner };
  return {
    kind: 'refuse',
    owner,
    message: `${what} belongs to ${ownerLabel(owner)}, not to you (uid ${uid}); nothing was changed. Run it as its owner:\n  ${asOwnerCommand(owner, argv)}`,
  };
}

/** How openclaw-shim was started, for the refusal's command: `openclaw-shim <args>`. */
export const currentArgv = (): string[] => ['openclaw-shim', ...process.argv.slice(2)];

let became: Owner | undefined;

/** The owner this process became, if it did (for messages and for the CLI's HOME). */
export const becameOwner = (): Owner | undefined => became;

/** Drops root for good: supplementary groups first, then the group, then the user. */
function become(owner: Owner): void {
  const initgroups = (process as { initgroups?: (user: string, extra: number) => void }).initgroups;
  if (owner.name && initgroups) initgroups(owner.name, owner.gid);
  else process.setgroups!([owner.gid]);
  process.setgid!(owner.gid);
  process.setuid!(owner.uid);
  became = owner;
}

/**
 * Makes the rest of this process write as the owner of `dir`, or refuses (EXIT.NOT_OWNER) with the
 * exact command to run instead. `what` names the dir in the message. No-op off POSIX.
 */
export function actAsOwner(dir: string, what = dir, argv: string[] = currentArgv()): Owner | undefined {
  if (typeof process.getuid !== 'function' || typeof process.setuid !== 'function') return undefined;
  const owner = ownerOf(dir);
  const d = decideOwner(process.getuid(), owner, what, argv);
  if (d.kind === 'refuse') throw new ExitError(EXIT.NOT_OWNER, d.message);
  if (d.kind === 'become') become(d.owner);
  return owner;
}

/**
 * For a writer that must keep its own identity (the launcher execs Codex as the gateway's user):
 * when root wrote into another user's dir, hand what it created to that user.
 */
export function giveToOwnerOf(dir: string, created: string[]): void {
  if (process.getuid?.() !== 0) return;
  let owner: Owner;
  try {
    owner = ownerOf(dir);
  } catch {
    return;
  }
  if (owner.uid === 0) return;
  for (const p of created) {
    try {
      fs.lchownSync(p, owner.uid, owner.gid);
    } catch {
      // Gone meanwhile: nothing to hand over.
    }
  }
}
