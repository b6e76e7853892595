// Writes and removes the login-shell files in an isolated Codex home (never in a real home).
import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../canonical/layout.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { bashEnvFileOf, isolatedHomeOf, loginPathFileOf, shimDirOf } from '../layout/codex-home.ts';
import { bashEnvScript, findBlock, loginPathScript, profileFiles, withBlock } from './profile-text.ts';
import { readRegularFile } from '../lib/read-regular.ts';

export type LoginFileAction = {
  path: string;
  action: 'created' | 'updated' | 'unchanged' | 'removed' | 'skipped';
  why?: string;
};

/** The isolated HOME to write into: HOME when it lies inside the codex home, else `<codexHome>/home` if present. */
export function profileHomeFor(codexHome: string, envHome: string | undefined): string | undefined {
  if (envHome?.trim() && isWithin(path.resolve(envHome), codexHome)) return path.resolve(envHome);
  const standard = isolatedHomeOf(codexHome);
  return fs.statSync(standard, { throwIfNoEntry: false })?.isDirectory() ? standard : undefined;
}

/** What a profile that is not a regular file is, and why nothing is written there (one line for the operator). */
export function notRegularWhy(file: string, stat: fs.Stats): string {
  const fix = 'login shells started there get no shim PATH from it; replace it with a regular file and run setup again';
  if (stat.isSymbolicLink()) {
    let target = '?';
    try {
      target = fs.readlinkSync(file);
    } catch {
      // Gone meanwhile: the kind is what matters.
    }
    return `a symbolic link (to ${target}): openclaw-shim never writes through a link; ${fix}`;
  }
  const what = stat.isFIFO()
    ? 'a FIFO'
    : stat.isDirectory()
      ? 'a directory'
      : stat.isSocket()
        ? 'a socket'
        : 'a device';
  return `${what}, not a regular file: openclaw-shim reads and writes only regular files; ${fix}`;
}

/** A profile that exists but is no regular file, with why it is left alone; undefined for a file or nothing. */
export function profileNotRegular(file: string): { path: string; why: string } | undefined {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  return stat && !stat.isFile() ? { path: file, why: notRegularWhy(file, stat) } : undefined;
}

const readIfFile = (file: string): { text: string; stat: fs.Stats } | 'absent' | { notRegular: string } => {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat) return 'absent';
  if (!stat.isFile()) return { notRegular: notRegularWhy(file, stat) };
  return { text: readRegularFile(file, { noFollow: true }), stat };
};

/** Writes in place of the old file with its mode and owner kept; a new file gets the home's owner. */
function writeKeeping(file: string, text: string, like: fs.Stats): void {
  writeFileAtomic(file, text, { mode: like.mode & 0o7777 });
  if (process.getuid?.() === 0) fs.chownSync(file, like.uid, like.gid);
}

/** Our file, rewritten only when its text changed (it carries the PATH of the latest launch). */
function writeOurs(file: string, text: string, owner: fs.Stats): LoginFileAction {
  const old = fs.existsSync(file) ? readRegularFile(file) : undefined;
  if (old === text) return { path: file, action: 'unchanged' };
  writeFileAtomic(file, text, { mode: 0o644 });
  if (process.getuid?.() === 0) fs.chownSync(file, owner.uid, owner.gid);
  return { path: file, action: old === undefined ? 'created' : 'updated' };
}

function addBlock(file: string, loginPathFile: string, home: fs.Stats): LoginFileAction {
  const read = readIfFile(file);
  if (read !== 'absent' && 'notRegular' in read) return { path: file, action: 'skipped', why: read.notRegular };
  if (read === 'absent') {
    writeKeeping(file, withBlock('', loginPathFile, true), { ...home, mode: 0o644 } as fs.Stats);
    return { path: file, action: 'created' };
  }
  const next = withBlock(read.text, loginPathFile, false);
  if (next === read.text) return { path: file, action: 'unchanged' };
  writeKeeping(file, next, read.stat);
  return { path: file, action: 'updated' };
}

export interface LoginFilesInput {
  codexHome: string;
  /** The isolated HOME (see profileHomeFor); undefined: only our PATH file is written. */
  home: string | undefined;
  /** The PATH the gateway launched Codex with. */
  gatewayPath: string;
}

/** login-path.sh, then a block in each profile bash, sh and zsh read in the isolated home. */
export function writeLoginFiles(input: LoginFilesInput): LoginFileAction[] {
  const codexHome = path.resolve(input.codexHome);
  const owner = fs.statSync(codexHome);
  const loginPath = loginPathFileOf(codexHome);
  const actions = [writeOurs(loginPath, loginPathScript(shimDirOf(codexHome), input.gatewayPath), owner)];
  if (!input.home || !isWithin(input.home, codexHome)) return actions;
  const homeStat = fs.statSync(input.home, { throwIfNoEntry: false });
  if (!homeStat?.isDirectory()) return actions;
  const names = profileFiles((name) => fs.existsSync(path.join(input.home!, name)));
  return [...actions, ...names.map((n) => addBlock(path.join(input.home!, n), loginPath, homeStat))];
}

/** bash-env.sh for the launcher's BASH_ENV, naming the gateway's own BASH_ENV if it had one. */
export function writeBashEnv(codexHome: string, gatewayBashEnv: string | undefined): LoginFileAction {
  const home = path.resolve(codexHome);
  const text = bashEnvScript(shimDirOf(home), loginPathFileOf(home), gatewayBashEnv);
  return writeOurs(bashEnvFileOf(home), text, fs.statSync(home));
}

/** The profiles in `home` that hold our block (for uninstall plans and doctor). */
export function profilesWithBlock(home: string): string[] {
  return ['.bash_profile', '.bash_login', '.profile', '.zprofile', '.zshenv']
    .map((n) => path.join(home, n))
    .filter((f) => {
      const read = readIfFile(f);
      return typeof read === 'object' && 'text' in read && findBlock(read.text) !== undefined;
    });
}

/** Takes our block out; a file we created and that holds nothing else goes. */
export function removeBlock(file: string): LoginFileAction {
  const read = readIfFile(file);
  if (read === 'absent') return { path: file, action: 'unchanged', why: 'gone' };
  if ('notRegular' in read) return { path: file, action: 'unchanged', why: read.notRegular };
  const found = findBlock(read.text);
  if (!found) return { path: file, action: 'unchanged', why: 'no openclaw-shim block' };
  if (found.created && found.rest.trim() === '') {
    fs.rmSync(file);
    return { path: file, action: 'removed' };
  }
  writeKeeping(file, found.rest, read.stat);
  return { path: file, action: 'updated', why: 'openclaw-shim block removed' };
}
