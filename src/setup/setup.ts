// setup and uninstall end to end: resolve where, gather facts, plan (pure), and apply when asked.
import fs from 'node:fs';
import path from 'node:path';
import { systemdDropIn } from './dropin.ts';
import { applySetup, applyUninstall, type Done } from './apply.ts';
import { asStateOwner } from './as-owner.ts';
import { becameOwner } from '../lib/owner.ts';
import { resolveCanonAsOwner, resolveContext, type Context, type SetupOptions } from './context.ts';
import { shimDirOf } from '../layout/codex-home.ts';
import { discoverCodexHomes } from '../store/discover.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { gatherFacts } from './facts.ts';
import { fileState, launcherBinOf, launcherDirOf, launcherFiles } from './launcher-copy.ts';
import { codexCommandOf, decidePrevious, planSetup, type SetupPlan } from './plan.ts';
import { setupRecordPath, type Previous } from './record.ts';
import { planUninstall, type UninstallPlan } from './uninstall-plan.ts';
import {
  operatorsCodexCommand,
  readLauncherRecord,
  type CodexCommandOrigin,
  type LauncherRecord,
} from '../launch/launcher-record.ts';
import type { Env } from '../canonical/types.ts';
import { CODEX_COMMAND_KEY } from './config-key.ts';
import { configSetAccepted } from './openclaw-cli.ts';
import { CODEX_BIN_VAR, envFileValue, hasOurLine, readEnvFile, stateEnvFileOf } from './env-file.ts';
import { findLauncherUsers, readRetired, retiredMarkerOf, stillAlive, type LauncherUser } from './launcher-users.ts';
import { chooseWiring, managedConfig, type Wiring } from './wiring.ts';
import type { Facts } from './facts.ts';
import { predictLauncher } from './launcher-probe.ts';
import { builtFile } from '../lib/package-files.ts';

/**
 * A Codex named in setup's own shell (OPENCLAW_SHIM_CODEX_BIN) is recorded for the launcher copy:
 * the gateway's environment will not carry that variable, and setup proves what the gateway will run.
 */
const codexBinOverride = (env: Env): string | undefined => {
  const named = env.OPENCLAW_SHIM_CODEX_BIN?.trim();
  return named ? (named.includes('/') ? path.resolve(named) : named) : undefined;
};

/** What the launcher copy runs and why: the operator's previous command, else one named for setup. */
function launcherCommand(
  previous: Previous,
  env: Env,
): { codexCommand?: string; codexCommandFrom?: CodexCommandOrigin } {
  const operators = codexCommandOf(previous);
  if (operators) return { codexCommand: operators, codexCommandFrom: 'config' };
  const named = codexBinOverride(env);
  return named ? { codexCommand: named, codexCommandFrom: 'OPENCLAW_SHIM_CODEX_BIN' } : {};
}

/** launcher.json's Codex command for uninstall: the operator's to restore, or another, only to mention. */
function launcherCommandFacts(record: LauncherRecord | undefined): {
  launcherCodexCommand?: string;
  launcherOtherCommand?: string;
} {
  const operators = operatorsCodexCommand(record);
  if (operators) return { launcherCodexCommand: operators };
  return record?.codexCommand ? { launcherOtherCommand: record.codexCommand } : {};
}

/** Asks the installed OpenClaw whether it takes the config edit, and falls back to its own .env when it does not. */
async function decideWiring(
  ctx: Context,
  facts: Facts,
  bin: string,
): Promise<{ wiring: Wiring; envFileHasOurs: boolean }> {
  const file = stateEnvFileOf(ctx.canon.stateDir);
  const text = readEnvFile(file);
  const managed = managedConfig(ctx.env);
  const already = facts.current.set && facts.current.value === bin;
  const configEdit = already
    ? { already: true as const }
    : managed
      ? { accepted: false as const, why: managed }
      : await configSetAccepted(ctx.cli, CODEX_COMMAND_KEY, bin);
  const value = text === undefined ? undefined : envFileValue(text);
  const wiring = chooseWiring({
    launcherBin: bin,
    ...(managed ? { managed } : {}),
    configEdit,
    envFile: { path: file, exists: text !== undefined, ...(value !== undefined ? { value } : {}) },
    ...(facts.record?.wiring ? { recorded: facts.record.wiring } : {}),
    ...(facts.current.set && typeof facts.current.value === 'string' && facts.current.value.trim() && !already
      ? { configCommand: facts.current.value }
      : {}),
  });
  return { wiring, envFileHasOurs: text !== undefined && hasOurLine(text, bin) };
}

export async function planSetupHere(opts: SetupOptions): Promise<{ plan: SetupPlan; ctx: Context }> {
  const ctx = await asStateOwner(resolveContext(opts));
  const facts = await gatherFacts(ctx);
  const dir = launcherDirOf(ctx.canon.stateDir);
  const bin = launcherBinOf(dir);
  const { wiring, envFileHasOurs } = await decideWiring(ctx, facts, bin);
  const launcherCodexCommand = operatorsCodexCommand(readLauncherRecord(dir));
  const previous = decidePrevious(facts.current, facts.record, bin, launcherCodexCommand);
  const files = launcherFiles({
    stateDir: ctx.canon.stateDir,
    nodePath: ctx.nodePath,
    realOpenclaw: ctx.realOpenclaw,
    ...launcherCommand(previous, ctx.env),
  });
  const plan = planSetup({
    canon: ctx.canon,
    realOpenclaw: ctx.realOpenclaw,
    nodePath: ctx.nodePath,
    current: facts.current,
    ...(facts.record ? { record: facts.record } : {}),
    ...(launcherCodexCommand ? { launcherCodexCommand } : {}),
    homes: facts.homes,
    launcher: { dir, bin, files: files.map((f) => ({ ...f, state: fileState(f) })) },
    dropIn: systemdDropIn({
      stateDir: ctx.canon.stateDir,
      configPath: ctx.canon.configPath,
      // Started as root (and perhaps became the state's owner since): the operator manages system units.
      root: process.getuid?.() === 0 || becameOwner() !== undefined,
      ...(opts.env.OPENCLAW_SYSTEMD_UNIT ? { unit: opts.env.OPENCLAW_SYSTEMD_UNIT } : {}),
      ...(opts.env.OPENCLAW_PROFILE ? { profile: opts.env.OPENCLAW_PROFILE } : {}),
    }),
    wiring,
    envFileHasOurs,
    ...(fs.existsSync(retiredMarkerOf(dir)) ? { retiredMarker: retiredMarkerOf(dir) } : {}),
    now: new Date().toISOString(),
    ...(opts.loginShellsOff ? { loginShellsOff: true } : {}),
  });
  return { plan, ctx };
}

/** The dry run's prediction of --apply's launcher check (exit 79 when it fails). */
export function predictSetupProbe(plan: SetupPlan, ctx: Context): ReturnType<typeof predictLauncher> {
  const inPlace = !plan.steps.some((st) => st.kind === 'write-file');
  const codexCommand = launcherCommand(plan.previous, ctx.env).codexCommand;
  return predictLauncher(
    {
      launcherBin: plan.launcherBin,
      inPlace,
      nodePath: ctx.nodePath,
      launchJs: builtFile('launch.mjs'),
      ...(codexCommand ? { codexCommand } : {}),
    },
    ctx.cli.env,
  );
}

/** `done` fills as steps complete, so a caller still knows what was done when a later step fails. */
export const runSetupPlan = (plan: SetupPlan, ctx: Context, done: Done[] = []): Promise<Done[]> =>
  applySetup(plan, ctx, done);

/** Without a real openclaw, uninstall still answers "nothing to do" when nothing of setup's is there. */
function contextForUninstall(opts: SetupOptions): Context | { nothing: Context } {
  try {
    return resolveContext(opts);
  } catch (error) {
    const noCli = error instanceof ExitError && (error.code === EXIT.NOT_FOUND || error.code === EXIT.NOT_EXECUTABLE);
    const where = noCli ? resolveCanonAsOwner(opts) : undefined;
    if (!where || !nothingInstalled(where.canon.stateDir)) throw error;
    return {
      nothing: { ...where, realOpenclaw: '', nodePath: opts.nodePath, env: opts.env, cli: { bin: '', env: {} } },
    };
  }
}

/** setup's marked line in `<state>/.env`: the record says whether setup created the file; unrecorded, it was there. */
function ourEnvLine(
  stateDir: string,
  facts: Facts,
  launcherBin: string,
): { path: string; name: string; value: string; createdFile: boolean } | undefined {
  const w = facts.record?.wiring;
  const file = w?.route === 'env-file' ? w.file : stateEnvFileOf(stateDir);
  const text = readEnvFile(file);
  if (text === undefined || !hasOurLine(text, launcherBin)) return undefined;
  return {
    path: file,
    name: CODEX_BIN_VAR,
    value: launcherBin,
    createdFile: w?.route === 'env-file' ? w.createdFile : false,
  };
}

/** Who still needs the launcher: live processes that name it, gateways on this state while it is wired, and those an earlier uninstall kept it for. */
function launcherUsersOf(stateDir: string, launcherDir: string, wired: boolean): LauncherUser[] {
  if (!fs.existsSync(launcherDir)) return [];
  const found = findLauncherUsers({ stateDir, launcherDir, wired });
  const kept = stillAlive(readRetired(launcherDir)?.users ?? []).filter((u) => !found.some((f) => f.pid === u.pid));
  return [...found, ...kept];
}

export async function planUninstallHere(opts: SetupOptions): Promise<{ plan: UninstallPlan; ctx: Context }> {
  const found = contextForUninstall(opts);
  if ('nothing' in found)
    return { plan: { canon: found.nothing.canon, steps: [], notes: [], removes: [] }, ctx: found.nothing };
  const ctx = await asStateOwner(found);
  const facts = await gatherFacts(ctx);
  const dir = facts.record?.launcher.dir ?? launcherDirOf(ctx.canon.stateDir);
  const standard = launcherFiles({
    stateDir: ctx.canon.stateDir,
    nodePath: ctx.nodePath,
    realOpenclaw: ctx.realOpenclaw,
  }).map((f) => f.path);
  const candidates = [...(facts.record?.launcher.files ?? standard), retiredMarkerOf(dir)];
  const launcherBin = facts.record?.launcher.bin ?? launcherBinOf(dir);
  const envFileOurs = ourEnvLine(ctx.canon.stateDir, facts, launcherBin);
  const wired = (facts.current.set && facts.current.value === launcherBin) || !!envFileOurs;
  const plan = planUninstall({
    canon: ctx.canon,
    // What uninstall may unset is judged on the file: OpenClaw's view adds every plugin's defaults.
    plugins: facts.authored ? (facts.authored.present ? facts.authored.value : undefined) : facts.plugins,
    current: facts.current,
    ...(facts.record ? { record: facts.record } : {}),
    homes: facts.homes,
    launcherFiles: candidates.filter((p) => fs.existsSync(p)),
    launcherDir: dir,
    launcherBin,
    recordExists: fs.existsSync(setupRecordPath(ctx.canon.stateDir)),
    ...launcherCommandFacts(readLauncherRecord(dir)),
    ...(envFileOurs ? { envFileOurs } : {}),
    launcherUsers: launcherUsersOf(ctx.canon.stateDir, dir, wired),
    now: new Date().toISOString(),
  });
  return { plan, ctx };
}

export const runUninstallPlan = (plan: UninstallPlan, ctx: Context): Promise<Done[]> => applyUninstall(plan, ctx);

/**
 * Whether a state dir holds nothing setup or install wrote, so uninstall needs no real openclaw: no setup record,
 * no launcher dir, no shim dir in any codex home (custom agentDirs aside: the record would name them).
 */
function nothingInstalled(stateDir: string): boolean {
  if (fs.existsSync(setupRecordPath(stateDir)) || fs.existsSync(launcherDirOf(stateDir))) return false;
  return !discoverCodexHomes(stateDir, []).some((h) => fs.existsSync(shimDirOf(h.path)));
}
