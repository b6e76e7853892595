// Doctor's findings: each a code, a severity, one sentence and the command that fixes it (pure builders).
import { cmd, replaceLinkWithCopy, shq } from '../lib/shell-words.ts';
import type { StuckSession } from '../store/diff.ts';

export type Severity = 'error' | 'warn' | 'info';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** One shell command that fixes it (run it from the operator's shell). */
  fix: string;
  /** The file or dir it is about (the first of `paths` for a grouped finding). */
  path?: string;
  /** A grouped finding (group.ts): every path of that kind, all fixed by `fix`. */
  paths?: string[];
  /** A grouped finding: how many findings it stands for. */
  count?: number;
}

export type FindingCode =
  | 'SHADOW_DIVERGED'
  | 'SHADOW_TREE'
  | 'PROFILE_SHADOW_DIVERGED'
  | 'PROFILE_SHADOW_TREE'
  | 'SHADOW_STORE_UNREADABLE'
  | 'SHADOW_CONFIG_DIFFERS'
  | 'SHADOW_SESSION_PATH_OUTSIDE'
  | 'SHADOW_LINKED_ELSEWHERE'
  | 'CANONICAL_LINKED_INTO_SHADOW'
  | 'CANONICAL_LINK_DANGLING'
  | 'CODEX_HOME_LINKED_TO_STATE'
  | 'STUCK_SESSION'
  | 'CODEX_HOME_NO_SHIM'
  | 'SHIM_OUTDATED'
  | 'SHIM_DAMAGED'
  | 'CODE_CACHE_DAMAGED'
  | 'CAPTURE_MISSING'
  | 'CAPTURE_INVALID'
  | 'CAPTURE_STALE'
  | 'LAUNCHER_NOT_CONFIGURED'
  | 'CONFIG_UNREADABLE'
  | 'GATEWAY_STATE_MISMATCH'
  | 'STATE_UNREADABLE'
  | 'CANONICAL_STORE_UNREADABLE'
  | 'SHADOW_UNREADABLE'
  | 'CODEX_SNAPSHOT_BYPASSES_SHIM'
  | 'CODEX_SANDBOX_STATE_READ_ONLY'
  | 'CODEX_CONFIG_UNREADABLE'
  | 'NODE_UNUSABLE'
  | 'GATEWAY_OTHER_USER'
  | 'REPAIR_UNFINISHED'
  | 'STORE_LOCK_HELD'
  | 'STORE_LOCK_NOT_A_FILE'
  | 'SECOND_STATE_TREE'
  | 'STALE_TEMP_FILES'
  | 'LAUNCHER_GONE'
  | 'LAUNCHER_RETIRED';

/** Single-quotes a shell word unless it is plainly safe. */

export interface Ctx {
  stateDir: string;
  configPath: string;
}

const repairCmd = (c: Ctx): string =>
  `${cmd('openclaw-shim', 'repair', '--state-dir', c.stateDir)}   # then add --apply`;
const installCmd = (c: Ctx, codexHome: string): string =>
  cmd('openclaw-shim', 'install', '--codex-home', codexHome, '--state-dir', c.stateDir);

export function shadowFinding(
  c: Ctx,
  shadow: { path: string; ownerAgent: string; files: number },
  divergence: { onlyInShadow: number; differing: number; notCompared?: boolean },
): Finding {
  const diverged = divergence.onlyInShadow + divergence.differing > 0;
  const detail = diverged
    ? `${divergence.onlyInShadow} session(s) only there and ${divergence.differing} differing from the canonical store`
    : divergence.notCompared
      ? `${shadow.files} file(s), not compared with the canonical store, which could not be read`
      : `${shadow.files} file(s), no session the canonical store lacks`;
  return {
    code: diverged ? 'SHADOW_DIVERGED' : 'SHADOW_TREE',
    severity: diverged ? 'error' : 'warn',
    message: `Shadow state tree of agent ${shadow.ownerAgent} at ${shadow.path}: ${detail}.`,
    fix: repairCmd(c),
    path: shadow.path,
  };
}

/**
 * A shadow sessions.json that is not a JSON store keeps its tree (repair merges nothing from it): the
 * fix is the manual step, looking at the file and moving it aside, after which repair backs the tree up
 * (that file included) and clears it.
 */
export function storeUnreadable(
  c: Ctx,
  storePath: string,
  error: string,
  kind: 'sessions-json' | 'agent-sqlite' | 'state-sqlite' = 'sessions-json',
): Finding {
  const json = kind === 'sessions-json';
  return {
    code: 'SHADOW_STORE_UNREADABLE',
    severity: 'warn',
    message: json
      ? `Shadow store ${storePath} is unreadable (${error}): repair merges nothing from it and keeps its tree until the file is dealt with by hand.`
      : `Shadow store ${storePath} could not be compared (${error}).`,
    fix: json
      ? `${cmd('mv', storePath, `${storePath}.unreadable`)} && ${repairCmd(c)}   # after checking the file; its bytes go into the backup`
      : repairCmd(c),
    path: storePath,
  };
}

/** An isolated HOME (or its `.openclaw`) linked to the real one (`whole`: to the state dir or above it), or into the state dir. */
export function linkedToStateFinding(l: {
  path: string;
  ownerAgent: string;
  realPath: string;
  link: string;
  whole: boolean;
}): Finding {
  return {
    code: 'CODEX_HOME_LINKED_TO_STATE',
    severity: 'info',
    message: l.whole
      ? `${l.path} in agent ${l.ownerAgent}'s codex home resolves to ${l.realPath} through the symlink ${l.link}: that HOME is linked to the real one, harmless for OpenClaw state; not a shadow, repair leaves it alone.`
      : `${l.path} in agent ${l.ownerAgent}'s codex home resolves to ${l.realPath}, inside the canonical state dir, through the symlink ${l.link}: not a shadow of this codex home, repair leaves it alone.`,
    fix: '# nothing to do',
    path: l.path,
  };
}

/** A `.openclaw` in a codex home that resolves to another state dir: never merged, backed up or removed. */
export function linkedElsewhereFinding(l: {
  path: string;
  ownerAgent: string;
  codexHome: string;
  realPath: string;
  link: string;
}): Finding {
  return {
    code: 'SHADOW_LINKED_ELSEWHERE',
    severity: 'warn',
    message: `${l.path} in agent ${l.ownerAgent}'s codex home points to ${l.realPath} (symlink ${l.link}), outside that codex home and this state dir (another gateway's or profile's state?): OpenClaw run there writes into it; repair does not touch it.`,
    fix: `${cmd('unlink', l.link)}   # after checking that nothing here should use ${shq(l.realPath)}; its contents stay where they are`,
    path: l.path,
  };
}

/**
 * The shell steps that replace a symlink with a real copy of what it points to: copy next to it, then
 * swap (a file by one rename; a dir by rm of the link and a rename that refuses a non-empty dir).
 */
/** A canonical path that resolves into a shadow tree: removing that tree would lose the gateway's data. */
export function canonicalLinkedFinding(
  c: Ctx,
  l: { path: string; link: string; linkTarget: string; realPath: string; shadow: string; isDir: boolean },
): Finding {
  const via =
    l.link === l.path
      ? `is a symlink to ${l.linkTarget}`
      : `resolves to ${l.realPath} through the symlink ${l.link} -> ${l.linkTarget}`;
  return {
    code: 'CANONICAL_LINKED_INTO_SHADOW',
    severity: 'error',
    message: `Canonical ${l.path} ${via}, inside the shadow tree ${l.shadow}: the gateway's data lives there, so doctor does not compare it and repair keeps that tree; with the gateway stopped, replace the link with a real copy, then run repair.`,
    fix: `${replaceLinkWithCopy(l.link, l.linkTarget, l.isDir)} && ${repairCmd(c)}`,
    path: l.path,
  };
}

/** A canonical path that is a symlink to nothing; `backupDir`: a repair backup that holds its target. */
export function canonicalDanglingFinding(d: { path: string; target: string }, backupDir: string | undefined): Finding {
  const restore = backupDir
    ? `${cmd('openclaw-shim', 'repair', '--undo', backupDir)}   # ${shq(d.target)} is in this backup: add --apply, then fix the link as doctor says`
    : `${cmd('rm', d.path)}   # after finding where its data went; then put it back at ${shq(d.path)}`;
  return {
    code: 'CANONICAL_LINK_DANGLING',
    severity: 'error',
    message: `Canonical ${d.path} is a symlink to ${d.target}, which does not exist: OpenClaw finds nothing there (its data was moved or deleted).`,
    fix: restore,
    path: d.path,
  };
}

/** The gateway owns the canonical store: reset through it, with the canonical env so the CLI reaches it. */
export function stuckFinding(c: Ctx, agent: string, storePath: string, s: StuckSession): Finding {
  const env = `OPENCLAW_STATE_DIR=${shq(c.stateDir)} OPENCLAW_CONFIG_PATH=${shq(c.configPath)}`;
  return {
    code: 'STUCK_SESSION',
    severity: 'error',
    message: `Session ${s.key} of agent ${agent} has been status "running" with no update for ${s.idleMinutes} min.`,
    fix: `${env} ${cmd('openclaw', 'gateway', 'call', 'sessions.reset', '--params', JSON.stringify({ key: s.key }))}`,
    path: storePath,
  };
}

/** `optional`: the acpx codex home, not wired through `openclaw-shim launch` and without a shadow: an info. */
export function shimFinding(c: Ctx, codexHome: string, state: 'missing' | 'foreign', optional = false): Finding {
  if (optional) {
    return {
      code: 'CODEX_HOME_NO_SHIM',
      severity: 'info',
      message: `The acpx codex home ${codexHome} has no openclaw shim; acpx keeps HOME, so it needs one only once acpx is wired through openclaw-shim launch (docs/acpx.md), which installs it.`,
      fix: `# nothing to do unless you wire acpx by hand (docs/acpx.md); or now: ${installCmd(c, codexHome)}`,
      path: codexHome,
    };
  }
  return {
    code: 'CODEX_HOME_NO_SHIM',
    severity: 'warn',
    message:
      state === 'missing'
        ? `Codex home ${codexHome} has no openclaw shim, so openclaw run there writes a shadow tree.`
        : `Codex home ${codexHome} has an openclaw in the shim's place that openclaw-shim did not write.`,
    fix: installCmd(c, codexHome),
    path: codexHome,
  };
}

/**
 * A shim file that is not what install writes now: `damaged` fails every call (error), `outdated` is an older
 * build's (warn). `launcherCopy`: setup's launcher copy exists, and rewrites the shim at each Codex start from
 * its own build, so `setup --apply` (which refreshes that copy) is the lasting fix.
 */
export function shimFileFinding(
  c: Ctx,
  shimPath: string,
  verdict: { state: 'outdated' | 'damaged'; why: string },
  codexHome: string,
  launcherCopy: boolean,
): Finding {
  const damaged = verdict.state === 'damaged';
  const install = installCmd(c, codexHome);
  return {
    code: damaged ? 'SHIM_DAMAGED' : 'SHIM_OUTDATED',
    severity: damaged ? 'error' : 'warn',
    message: `The shim ${shimPath} ${verdict.why}${damaged ? '; openclaw run in this codex home fails' : ''}.`,
    fix: launcherCopy
      ? `${cmd('openclaw-shim', 'setup', '--state-dir', c.stateDir, '--apply')} (or ${install})`
      : install,
    path: shimPath,
  };
}

/** This build's code cache whose bytes fail their checksum: removing it is the fix (doctor never removes it). */
export const codeCacheFinding = (file: string): Finding => ({
  code: 'CODE_CACHE_DAMAGED',
  severity: 'warn',
  message: `The shim's code cache ${file} carries this build's key, but its bytes do not match its checksum: it is damaged. This build's shim refuses it and writes a fresh one on its next call (V8 does not check the bytes itself: loaded, they crashed every call, exit 133); damaged bytes on disk are worth a look at the disk.`,
  fix: `${cmd('rm', '-f', file)}   # the shim writes a fresh one on its next call`,
  path: file,
});

export function captureFinding(
  c: Ctx,
  codexHome: string,
  capturePath: string,
  problem: { code: 'CAPTURE_MISSING' | 'CAPTURE_INVALID' | 'CAPTURE_STALE'; why: string },
): Finding {
  return {
    code: problem.code,
    severity: problem.code === 'CAPTURE_MISSING' ? 'warn' : 'error',
    message: `Capture ${capturePath} ${problem.why}.`,
    fix: installCmd(c, codexHome),
    path: capturePath,
  };
}

/** `current`: the config key's value; `env`: OPENCLAW_CODEX_APP_SERVER_BIN values seen (shadowed by the key when it is set). */
export function launcherFinding(
  c: Ctx,
  current: string | undefined,
  env: Array<{ where: string; value: string }> = [],
): Finding {
  const seen = env.map((e) => `${e.where} is ${e.value}`).join('; ');
  const message = current
    ? `plugins.entries.codex.config.appServer.command is ${current}, not openclaw-codex-launch, so new Codex homes start without the shim${seen ? ` (the key takes precedence over ${seen})` : ''}.`
    : `Neither plugins.entries.codex.config.appServer.command nor OPENCLAW_CODEX_APP_SERVER_BIN names openclaw-codex-launch${seen ? ` (${seen})` : ''}, so new Codex homes start without the shim.`;
  return {
    code: 'LAUNCHER_NOT_CONFIGURED',
    severity: 'warn',
    message,
    fix: cmd('openclaw-shim', 'setup', '--state-dir', c.stateDir, '--apply'),
    path: c.configPath,
  };
}

export const configFinding = (c: Ctx, error: string): Finding => ({
  code: 'CONFIG_UNREADABLE',
  severity: 'warn',
  message: `Config ${c.configPath} could not be read (${error}); custom agentDirs and the launcher were not checked.`,
  fix: cmd('openclaw', 'config', 'validate'),
  path: c.configPath,
});

/** Another user's gateway: never an `export` in this shell (root's OpenClaw runs would write root-owned files there). */
export function gatewayFinding(
  shellState: string,
  gw: { pid: number; configPath: string; uid?: number; user?: string },
  gwState: string,
  relation: string,
  me = process.getuid?.(),
): Finding {
  const other = gw.uid !== undefined && me !== undefined && gw.uid !== me;
  const who = gw.user ?? `#${gw.uid}`;
  return {
    code: 'GATEWAY_STATE_MISMATCH',
    severity: 'error',
    message: `The running gateway (pid ${gw.pid}${other ? `, user ${gw.user ?? `uid ${gw.uid}`}` : ''}) uses ${gwState}, not the state dir examined here (${shellState}), and no running gateway uses that one; they belong together: ${relation}.`,
    fix: other
      ? `${cmd('sudo', '-u', who, 'openclaw-shim', 'doctor', '--state-dir', gwState)}   # as the gateway's user; run OpenClaw commands for it the same way`
      : `export OPENCLAW_STATE_DIR=${shq(gwState)} OPENCLAW_CONFIG_PATH=${shq(gw.configPath)}`,
    path: gw.configPath,
  };
}

export const isProblem = (f: Finding): boolean => f.severity !== 'info';
