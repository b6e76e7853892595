// Decides what setup does, from facts alone (pure): every path it writes, the config change, the drop-in.
import path from 'node:path';
import { CODEX_COMMAND_KEY, type ConfigValue } from './config-key.ts';
import type { Canon } from './openclaw-cli.ts';
import type { DropIn } from './dropin.ts';
import type { HomeFacts } from './facts.ts';
import { looksLikeLauncher, type FileState, type PlannedFile } from './launcher-copy.ts';
import type { Wiring } from './wiring.ts';
import { recordBody, setupRecordPath, SETUP_SCHEMA, SETUP_VERSION, type Previous, type SetupRecord } from './record.ts';

export type SetupStep =
  | { kind: 'write-file'; path: string; mode: number; content: string; action: 'create' | 'update' }
  | { kind: 'install-shim'; agentId: string; codexHome: string; paths: string[]; action: 'create' | 'update' }
  | { kind: 'write-record'; path: string; record: SetupRecord; action: 'create' | 'update' }
  | { kind: 'config-set'; key: string; value: string; previous: Previous }
  /** The mark an uninstall left on a launcher copy it kept for a running gateway: setup uses the copy again. */
  | { kind: 'remove-file'; path: string; why: string }
  /** The env-file route: setup's marked OPENCLAW_CODEX_APP_SERVER_BIN line appended to `<state>/.env`. */
  | { kind: 'env-file-add'; path: string; name: string; value: string; action: 'create' | 'update' }
  /** `--no-login-shells`: one top-level key of a codex home's config.toml, edited in place. */
  | {
      kind: 'codex-config';
      path: string;
      key: string;
      value: unknown;
      previous: { set: true; value: unknown } | { set: false };
    };

export interface SetupPlan {
  canon: Canon;
  realOpenclaw: string;
  launcherBin: string;
  steps: SetupStep[];
  /** Already as setup wants it. */
  inPlace: string[];
  skipped: Array<{ path: string; why: string }>;
  /** Every path openclaw-shim itself will write. */
  writes: string[];
  /** What OpenClaw's own `config set` writes in the state dir (its config, backups, bookkeeping). */
  openclawWrites: string[];
  previous: Previous;
  dropIn: DropIn;
  /** How the gateway is pointed at the launcher, and why that way. */
  wiring: Wiring;
}

export interface PlanInput {
  canon: Canon;
  realOpenclaw: string;
  nodePath: string;
  current: ConfigValue;
  record?: SetupRecord;
  /** The Codex command launcher.json kept: the last copy of the operator's own, if setup.json is lost. */
  launcherCodexCommand?: string;
  homes: HomeFacts[];
  launcher: { dir: string; bin: string; files: Array<PlannedFile & { state: FileState }> };
  dropIn: DropIn;
  /** The route chooseWiring picked from what the installed OpenClaw accepts (default: the config key). */
  wiring?: Wiring;
  now: string;
  /** `<launcher>/retired.json`, when an uninstall kept the copy for a running gateway. */
  retiredMarker?: string;
  /** `<state>/.env` already holds setup's marked line for the launcher. */
  envFileHasOurs?: boolean;
  /** `--no-login-shells`: set allow_login_shell = false in every existing codex home's config.toml. */
  loginShellsOff?: boolean;
}

/**
 * What the key held before setup: the current value, unless that is already our launcher; then the
 * record's, else the operator's command launcher.json still holds (setup.json lost or moved aside).
 */
export function decidePrevious(
  current: ConfigValue,
  record: SetupRecord | undefined,
  launcherBin: string,
  launcherCodexCommand?: string,
): Previous {
  const ours = current.set && (current.value === launcherBin || looksLikeLauncher(current.value));
  if (!ours) return current;
  if (record) return record.config.previous;
  return launcherCodexCommand ? { set: true, value: launcherCodexCommand } : { set: false, unknown: true };
}

/** The Codex the launcher runs instead of the managed one: the operator's own command, if any. */
export const codexCommandOf = (previous: Previous): string | undefined =>
  previous.set && typeof previous.value === 'string' && previous.value.trim() && !looksLikeLauncher(previous.value)
    ? previous.value
    : undefined;

/** OpenClaw's own files around a config write, as observed on 2026.5.12 and 2026.9.6. */
function openclawBookkeeping(canon: Canon): string[] {
  return [
    canon.configPath,
    `${canon.configPath}.bak*`,
    path.join(canon.stateDir, 'logs', 'config-*'),
    path.join(canon.stateDir, 'config-journal-fingerprint.key'),
    path.join(canon.stateDir, 'state', '*'),
  ];
}

function homeSteps(homes: HomeFacts[]): Pick<SetupPlan, 'steps' | 'inPlace' | 'skipped'> {
  const out: Pick<SetupPlan, 'steps' | 'inPlace' | 'skipped'> = { steps: [], inPlace: [], skipped: [] };
  for (const h of homes) {
    if (!h.exists) {
      out.skipped.push({
        path: h.codexHome,
        why: `agent ${h.agentId}: codex home does not exist yet; the launcher installs the shim when OpenClaw first starts Codex there`,
      });
      continue;
    }
    out.skipped.push(...h.loginSkipped);
    if (h.shim === 'same' && h.capture === 'same' && h.loginDone) {
      out.inPlace.push(`${h.shimPath} and ${h.capturePath}`);
    } else {
      const action = h.shim === 'missing' && h.capture === 'missing' ? 'create' : 'update';
      out.steps.push({
        kind: 'install-shim',
        agentId: h.agentId,
        codexHome: h.codexHome,
        paths: [h.shimPath, h.capturePath, ...h.loginWrites],
        action,
      });
    }
  }
  return out;
}

const LOGIN_KEY = 'allow_login_shell';

/** `--no-login-shells`: a step per codex home whose config.toml does not already say false; unreadable TOML is skipped. */
function loginShellSteps(input: PlanInput): { steps: SetupStep[]; skipped: SetupPlan['skipped'] } {
  const out: { steps: SetupStep[]; skipped: SetupPlan['skipped'] } = { steps: [], skipped: [] };
  if (!input.loginShellsOff) return out;
  for (const h of input.homes.filter((x) => x.exists)) {
    const now = h.codexConfig.allowLoginShell;
    if ('error' in now)
      out.skipped.push({
        path: h.codexConfig.path,
        why: `not valid TOML (${now.error}); allow_login_shell left alone`,
      });
    else if (!(now.set && now.value === false))
      out.steps.push({ kind: 'codex-config', path: h.codexConfig.path, key: LOGIN_KEY, value: false, previous: now });
  }
  return out;
}

/** What setup changed in config.toml files: earlier records keep the value from before the first change. */
function configRecord(input: PlanInput, steps: SetupStep[]): SetupRecord['codexConfig'] {
  const earlier = input.record?.codexConfig ?? [];
  const fresh = steps.flatMap((s) =>
    s.kind === 'codex-config' ? [{ path: s.path, key: s.key, value: s.value, previous: s.previous }] : [],
  );
  const merged = [...earlier, ...fresh.filter((f) => !earlier.some((e) => e.path === f.path && e.key === f.key))];
  return merged.length ? merged : undefined;
}

const wiringOf = (input: PlanInput): Wiring =>
  input.wiring ?? { route: 'config', key: CODEX_COMMAND_KEY, why: 'the config key OpenClaw takes first' };

function buildRecord(
  input: PlanInput,
  previous: Previous,
  codexHomes: SetupRecord['codexHomes'],
  codexConfig?: SetupRecord['codexConfig'],
): SetupRecord {
  return {
    schema: SETUP_SCHEMA,
    version: SETUP_VERSION,
    createdAt: input.record?.createdAt ?? input.now,
    updatedAt: input.now,
    stateDir: input.canon.stateDir,
    configPath: input.canon.configPath,
    home: input.canon.home,
    realOpenclaw: input.realOpenclaw,
    nodePath: input.nodePath,
    launcher: { dir: input.launcher.dir, bin: input.launcher.bin, files: input.launcher.files.map((f) => f.path) },
    config: { key: CODEX_COMMAND_KEY, value: input.launcher.bin, previous },
    codexHomes,
    ...(codexConfig ? { codexConfig } : {}),
    // The route and what uninstall needs to undo it; the reason is the plan's to say, not the record's (it changes between runs).
    wiring: (({ why: _said, ...route }) => ({ ...route, why: '' }))(wiringOf(input)),
  };
}

export function planSetup(input: PlanInput): SetupPlan {
  const previous = decidePrevious(input.current, input.record, input.launcher.bin, input.launcherCodexCommand);
  const steps: SetupStep[] = [];
  const inPlace: string[] = [];
  for (const f of input.launcher.files) {
    if (f.state === 'same') inPlace.push(f.path);
    else
      steps.push({
        kind: 'write-file',
        path: f.path,
        mode: f.mode,
        content: f.content,
        action: f.state === 'missing' ? 'create' : 'update',
      });
  }
  if (input.retiredMarker)
    steps.push({ kind: 'remove-file', path: input.retiredMarker, why: 'setup uses the launcher copy again' });
  const homes = homeSteps(input.homes);
  steps.push(...homes.steps);
  inPlace.push(...homes.inPlace);
  const login = loginShellSteps(input);
  const installed = input.homes.filter((h) => h.exists).map((h) => ({ agentId: h.agentId, codexHome: h.codexHome }));
  const record = buildRecord(input, previous, installed, configRecord(input, login.steps));
  const recordPath = setupRecordPath(input.canon.stateDir);
  if (!input.record || recordBody(input.record) !== recordBody(record))
    steps.push({ kind: 'write-record', path: recordPath, record, action: input.record ? 'update' : 'create' });
  else inPlace.push(recordPath);
  // After the record, so uninstall knows the previous values before any of them changes.
  steps.push(...login.steps);
  const w = wiringOf(input);
  const configDone = w.route !== 'config' || (input.current.set && input.current.value === input.launcher.bin);
  if (w.route === 'config' && configDone) inPlace.push(`${CODEX_COMMAND_KEY} = ${input.launcher.bin}`);
  else if (w.route === 'config')
    steps.push({ kind: 'config-set', key: CODEX_COMMAND_KEY, value: input.launcher.bin, previous });
  if (w.route === 'env-file' && input.envFileHasOurs) inPlace.push(`${w.name}=${w.value} in ${w.file}`);
  else if (w.route === 'env-file')
    steps.push({
      kind: 'env-file-add',
      path: w.file,
      name: w.name,
      value: w.value,
      action: w.createdFile ? 'create' : 'update',
    });
  const writes = [
    ...new Set(steps.flatMap((s) => (s.kind === 'install-shim' ? s.paths : s.kind === 'config-set' ? [] : [s.path]))),
  ];
  return {
    canon: input.canon,
    realOpenclaw: input.realOpenclaw,
    launcherBin: input.launcher.bin,
    steps,
    inPlace,
    skipped: [...homes.skipped, ...login.skipped],
    writes,
    openclawWrites: configDone ? [] : openclawBookkeeping(input.canon),
    previous,
    dropIn: input.dropIn,
    wiring: w,
  };
}
