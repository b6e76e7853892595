// Decides what uninstall does, from facts alone (pure): restore the config value, remove our files.
import path from 'node:path';
import { shimDirOf } from '../layout/codex-home.ts';
import { cmd } from '../lib/shell-words.ts';
import { CODEX_COMMAND_KEY, pathToUnset, type ConfigValue } from './config-key.ts';
import type { Canon } from './openclaw-cli.ts';
import type { HomeFacts } from './facts.ts';
import { looksLikeLauncher } from './launcher-copy.ts';
import { openclawShimDirOf, setupRecordPath, type SetupRecord } from './record.ts';
import { retiredMarkerOf, type LauncherUser, type RetiredLauncher } from './launcher-users.ts';

export type UninstallStep =
  | { kind: 'config-set'; key: string; value: unknown; why: string }
  | { kind: 'config-unset'; key: string; why: string }
  | { kind: 'remove-file'; path: string }
  /** Takes openclaw-shim's marked block out of a login profile (the file goes only if we created it and it is left empty). */
  | { kind: 'remove-profile-block'; path: string }
  /** Puts a codex home's config.toml key back as it was before `setup --no-login-shells`. */
  | {
      kind: 'codex-config-restore';
      path: string;
      key: string;
      previous: { set: true; value: unknown } | { set: false };
    }
  /** Removed only if empty when its turn comes (logs and foreign files keep it). */
  | { kind: 'remove-dir'; path: string }
  /** The env-file route: setup's marked line out of `<state>/.env` (the file goes only if setup created it and it is left empty). */
  | { kind: 'env-file-remove'; path: string; name: string; value: string; createdFile: boolean }
  /** A running gateway still starts Codex through the launcher: its files stay, marked for removal once that gateway is gone. */
  | { kind: 'keep-launcher'; dir: string; marker: string; content: RetiredLauncher; why: string };

export interface UninstallPlan {
  canon: Canon;
  steps: UninstallStep[];
  notes: string[];
  /** Every path openclaw-shim itself will remove. */
  removes: string[];
}

export interface UninstallInput {
  canon: Canon;
  /** `plugins` as authored in the config file when it can be read, else OpenClaw's view of it. */
  plugins: unknown;
  current: ConfigValue;
  record?: SetupRecord;
  homes: HomeFacts[];
  /** Launcher files present now (from the record, else the standard layout). */
  launcherFiles: string[];
  launcherDir: string;
  launcherBin: string;
  recordExists: boolean;
  /** The operator's Codex command launcher.json still holds, for when setup.json is lost. */
  launcherCodexCommand?: string;
  /** A Codex command launcher.json holds that is not known to be the operator's (named for setup): never restored. */
  launcherOtherCommand?: string;
  /** setup's line in `<state>/.env` (from the record's env-file route, else found by its mark). */
  envFileOurs?: { path: string; name: string; value: string; createdFile: boolean };
  /** Live processes that still start Codex through the launcher copy (gateways on this state, their children). */
  launcherUsers?: LauncherUser[];
  now?: string;
}

/** Puts the key back as the record says, only if it still holds the launcher setup wrote. */
export function restoreStep(input: UninstallInput): { step?: UninstallStep; note?: string } {
  const { current, record } = input;
  const launcher = record?.config.value ?? input.launcherBin;
  const holdsLauncher = current.set && (current.value === launcher || (!record && looksLikeLauncher(current.value)));
  if (!holdsLauncher) {
    return current.set
      ? { note: `${CODEX_COMMAND_KEY} is ${JSON.stringify(current.value)}, not the launcher setup wrote; left as is` }
      : {};
  }
  const previous = record?.config.previous;
  if (previous?.set)
    return {
      step: {
        kind: 'config-set',
        key: CODEX_COMMAND_KEY,
        value: previous.value,
        why: 'the value recorded before setup',
      },
    };
  if (previous && !('unknown' in previous)) {
    return {
      step: {
        kind: 'config-unset',
        key: pathToUnset(input.plugins, previous.absentFrom, current.value),
        why: `${previous.absentFrom} was absent before setup`,
      },
    };
  }
  if (!record && input.launcherCodexCommand) {
    return {
      step: {
        kind: 'config-set',
        key: CODEX_COMMAND_KEY,
        value: input.launcherCodexCommand,
        why: 'the Codex command launcher.json kept (setup.json is missing)',
      },
    };
  }
  const other = !record && input.launcherOtherCommand;
  const byHand = other
    ? `; launcher.json names ${other} (a Codex named for setup, not your config's value): to use it, ${cmd('openclaw', 'config', 'set', CODEX_COMMAND_KEY, JSON.stringify(other), '--strict-json')}`
    : '';
  return {
    step: { kind: 'config-unset', key: CODEX_COMMAND_KEY, why: 'no recorded previous value' },
    note: `no record of the value before setup: unsetting it (OpenClaw then starts its managed Codex)${byHand}`,
  };
}

function homeSteps(homes: HomeFacts[]): UninstallStep[] {
  const steps: UninstallStep[] = [];
  for (const h of homes) {
    if (h.shimOurs) steps.push({ kind: 'remove-file', path: h.shimPath });
    if (h.captureOurs) steps.push({ kind: 'remove-file', path: h.capturePath });
    for (const f of h.profileBlocks) steps.push({ kind: 'remove-profile-block', path: f });
    for (const f of h.loginFiles) steps.push({ kind: 'remove-file', path: f });
    const shimWritten = h.shimWritten ?? [];
    for (const f of shimWritten) steps.push({ kind: 'remove-file', path: f });
    if (h.shimOurs || h.captureOurs || h.loginFiles.length || shimWritten.length) {
      steps.push(
        { kind: 'remove-dir', path: shimDirOf(h.codexHome) },
        { kind: 'remove-dir', path: path.dirname(shimDirOf(h.codexHome)) },
      );
    }
  }
  return steps;
}

const pids = (users: LauncherUser[]): string => [...new Set(users.map((u) => u.pid))].join(', ');

/**
 * While a gateway uses the launcher, removing it would fail that gateway's next Codex start (spawn ENOENT):
 * the wiring goes now, the files stay until the gateway restarts, and a later uninstall or setup removes them.
 */
function launcherSteps(input: UninstallInput, notes: string[]): UninstallStep[] {
  const users = input.launcherUsers ?? [];
  if (users.length && input.launcherFiles.length) {
    const why = `in use by pid ${pids(users)} (${[...new Set(users.map((u) => u.why))].join('; ')})`;
    notes.push(
      `restart the gateway (pid ${pids(users)}) so it starts Codex without the launcher; its files in ${input.launcherDir} stay until then, and the next openclaw-shim uninstall --apply removes them`,
    );
    const content: RetiredLauncher = {
      schema: 'openclaw-shim/retired-launcher',
      version: 1,
      at: input.now ?? new Date().toISOString(),
      dir: input.launcherDir,
      users,
    };
    return [
      { kind: 'keep-launcher', dir: input.launcherDir, marker: retiredMarkerOf(input.launcherDir), content, why },
    ];
  }
  const steps: UninstallStep[] = input.launcherFiles.map((p) => ({ kind: 'remove-file', path: p }));
  if (steps.length === 0) return [];
  const dirs = [...new Set(input.launcherFiles.map((p) => path.dirname(p)))].filter((d) => d !== input.launcherDir);
  return [
    ...steps,
    ...dirs.map((d): UninstallStep => ({ kind: 'remove-dir', path: d })),
    { kind: 'remove-dir', path: input.launcherDir },
  ];
}

/** config.toml keys setup changed: restored only while they still hold what setup wrote. */
function codexConfigSteps(input: UninstallInput, notes: string[]): UninstallStep[] {
  const steps: UninstallStep[] = [];
  for (const c of input.record?.codexConfig ?? []) {
    const now = input.homes.find((h) => h.codexConfig.path === c.path)?.codexConfig.allowLoginShell;
    if (now && !('error' in now) && now.set && now.value === c.value)
      steps.push({ kind: 'codex-config-restore', path: c.path, key: c.key, previous: c.previous });
    else notes.push(`${c.path}: ${c.key} is no longer what setup wrote; left as is`);
  }
  return steps;
}

export function planUninstall(input: UninstallInput): UninstallPlan {
  const restore = restoreStep(input);
  const notes = restore.note ? [restore.note] : [];
  const env = input.envFileOurs;
  const envStep: UninstallStep[] = env ? [{ kind: 'env-file-remove', ...env }] : [];
  // A running Codex the kept launcher started still puts the shim (and its login-shell PATH files) first: they stay with it.
  const inUse = (input.launcherUsers ?? []).length > 0 && input.launcherFiles.length > 0;
  const steps: UninstallStep[] = [
    ...(restore.step ? [restore.step] : []),
    ...envStep,
    ...codexConfigSteps(input, notes),
    ...(inUse ? [] : homeSteps(input.homes)),
    ...launcherSteps(input, notes),
  ];
  if (inUse && input.homes.some((h) => h.shimOurs || h.captureOurs || h.loginFiles.length))
    notes.push(
      'the shims in the codex homes stay with the launcher (its running Codex uses them); the next uninstall --apply removes both',
    );
  if (input.recordExists) steps.push({ kind: 'remove-file', path: setupRecordPath(input.canon.stateDir) });
  if (steps.some((s) => s.kind === 'remove-file'))
    steps.push({ kind: 'remove-dir', path: openclawShimDirOf(input.canon.stateDir) });
  const logs = input.homes
    .filter((h) => h.shimOurs || h.captureOurs)
    .map((h) => path.join(path.dirname(shimDirOf(h.codexHome)), 'logs'));
  if (logs.length)
    notes.push(`logs are kept (history): ${logs.join(', ')} and <state>/logs/openclaw-shim.jsonl, if present`);
  return {
    canon: input.canon,
    steps,
    notes,
    removes: steps.filter((s) => s.kind === 'remove-file').map((s) => s.path),
  };
}
