// Decides which real Codex the launcher runs: override, setup's record, OpenClaw's env, the codex plugin's or the bundled managed Codex, PATH.
import { looksLikeLauncher } from './launcher-record.ts';
import { codexInstallAdvice } from '../releases/codex-advice.ts';
import { openclawVersionOf } from '../canonical/openclaw-version.ts';
import path from 'node:path';
import type { Env } from '../canonical/types.ts';
import { recordedCodexPluginRoots, scannedCodexPluginRoots } from './codex-plugin.ts';
import { openclawPluginRootDir } from '../canonical/openclaw-paths.ts';
import { findBundledCodex, firstPluginCodex } from './managed-codex.ts';
import { execState, identityOf, sameFile, which, type Identity } from '../lib/which.ts';
import { EXIT } from '../lib/exit.ts';

export type CodexCommand =
  | { ok: true; file: string; args: string[]; source: string }
  | { ok: false; code: typeof EXIT.LOOP | typeof EXIT.NOT_EXECUTABLE | typeof EXIT.NOT_FOUND; message: string };

export interface FindCodexInput {
  env: Env;
  /** The launcher's own files (bin and bundle), never to be run as Codex. */
  self: string[];
  /** The Codex command OpenClaw had before setup (launcher.json). */
  recordedCommand?: string;
  /** Real `openclaw` executables whose install may ship the managed Codex, best first. */
  realOpenclaw: string[];
  stateDir?: string;
  /** The Node that runs JavaScript entry points (the launcher's own). */
  nodePath: string;
}

/** Whether a path is this launcher or any copy of it (which would exec itself forever). */
function isLauncher(p: string, selfIds: Identity[]): boolean {
  const id = identityOf(p);
  return looksLikeLauncher(p) || selfIds.some((s) => sameFile(s, id));
}

const JS_ENTRY = /\.(m|c)?js$/;

/** JavaScript entry points run on the launcher's Node, as OpenClaw runs the managed `codex.js`. */
function commandFor(file: string, source: string, nodePath: string): CodexCommand {
  return JS_ENTRY.test(file)
    ? { ok: true, file: nodePath, args: [file], source }
    : { ok: true, file, args: [], source };
}

/** Checks one explicit candidate: a path, or a bare name looked up on PATH. */
function explicitCandidate(value: string, source: string, input: FindCodexInput, selfIds: Identity[]): CodexCommand {
  const file = value.includes('/') ? path.resolve(value) : which(value, input.env.PATH, (c) => isLauncher(c, selfIds));
  if (!file) return { ok: false, code: EXIT.NOT_FOUND, message: `${source} names ${value}, which is not on PATH` };
  if (isLauncher(file, selfIds))
    return { ok: false, code: EXIT.LOOP, message: `${source} points at the launcher itself (${file}); it would loop` };
  const state = JS_ENTRY.test(file) && execState(file) === 'not-executable' ? 'ok' : execState(file);
  if (state === 'ok') return commandFor(file, source, input.nodePath);
  return state === 'missing'
    ? { ok: false, code: EXIT.NOT_FOUND, message: `${source} names ${file}, which does not exist` }
    : { ok: false, code: EXIT.NOT_EXECUTABLE, message: `${source} names ${file}, which is not executable` };
}

/** Where 2026.9.x installs plugins (the config's dir when only OPENCLAW_CONFIG_PATH is set), then the state dir. */
const pluginDirs = (env: Env, stateDir: string): string[] => [
  ...new Set([openclawPluginRootDir(env, stateDir, process.cwd()), stateDir]),
];

/**
 * The Codex the gateway itself would run when no command is configured: the codex plugin OpenClaw
 * recorded as installed (2026.9.x: `<state>/npm/projects/…`), else one bundled with the OpenClaw
 * install (2026.5.x), else a codex plugin found in the state dir without a record.
 */
function findManagedCodex(input: FindCodexInput): CodexCommand | undefined {
  const run = (codex: string, source: string): CodexCommand => ({
    ok: true,
    file: input.nodePath,
    args: [codex],
    source,
  });
  const recorded = input.stateDir ? firstPluginCodex(recordedCodexPluginRoots(input.stateDir)) : undefined;
  if (recorded) return run(recorded.codex, `managed @openai/codex of the codex plugin installed at ${recorded.root}`);
  for (const real of input.realOpenclaw) {
    const bundled = findBundledCodex(real);
    if (bundled) return run(bundled, `managed @openai/codex of ${real}`);
  }
  const scanned = input.stateDir
    ? firstPluginCodex(pluginDirs(input.env, input.stateDir).flatMap(scannedCodexPluginRoots))
    : undefined;
  return scanned ? run(scanned.codex, `managed @openai/codex of the codex plugin in ${scanned.root}`) : undefined;
}

export function findCodex(input: FindCodexInput): CodexCommand {
  const selfIds = input.self.map(identityOf).filter((i): i is Identity => !!i);
  const { env } = input;
  if (env.OPENCLAW_SHIM_CODEX_BIN?.trim())
    return explicitCandidate(env.OPENCLAW_SHIM_CODEX_BIN.trim(), 'OPENCLAW_SHIM_CODEX_BIN', input, selfIds);
  if (input.recordedCommand?.trim())
    return explicitCandidate(input.recordedCommand.trim(), 'the Codex command recorded by setup', input, selfIds);
  const envBin = env.OPENCLAW_CODEX_APP_SERVER_BIN?.trim();
  if (envBin) {
    const fromEnv = explicitCandidate(envBin, 'OPENCLAW_CODEX_APP_SERVER_BIN', input, selfIds);
    if (fromEnv.ok) return fromEnv;
  }
  const managed = findManagedCodex(input);
  if (managed) return managed;
  const onPath = which('codex', env.PATH, (c) => isLauncher(c, selfIds) || c.includes('/openclaw-shim/'));
  if (onPath) return commandFor(onPath, 'codex on PATH', input.nodePath);
  return {
    ok: false,
    code: EXIT.NOT_FOUND,
    message: `no real Codex found${input.stateDir ? ` (looked for the codex plugin in ${pluginDirs(input.env, input.stateDir).join(' and ')})` : ' (no state dir known, so no codex plugin to look in)'}: set OPENCLAW_SHIM_CODEX_BIN, or ${codexInstallAdvice(input.realOpenclaw[0] ? openclawVersionOf(input.realOpenclaw[0]) : undefined)}`,
  };
}
