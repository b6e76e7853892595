// The capture step shared by the Codex launcher and `openclaw-shim launch`: shim, capture, child env.
import fs from 'node:fs';
import path from 'node:path';
import type { CapturedNode } from '../canonical/capture.ts';
import type { Disagreement, Env } from '../canonical/types.ts';
import { installShim } from '../install/install.ts';
import { bashEnvFileOf, shimDirOf } from '../layout/codex-home.ts';
import { writeBashEnv } from '../login/profiles.ts';
import { ADDED_VARS, withCanonicalVars } from '../canonical/added-vars.ts';
import { ExitError } from '../lib/exit.ts';
import { prependOnce } from '../lib/path-list.ts';
import { readProcessEnv } from './parent-env.ts';
import { ensureShimOnly } from './shim-only.ts';

export interface PrepareInput {
  env: Env;
  codexHome: string | undefined;
  /** The parent process (the gateway); its environment is a source where /proc shows it. */
  ppid: number;
  nodePath: string;
  /** The gateway's Node, recorded in the capture for the shim's fallback. */
  gatewayNode?: CapturedNode;
  realOpenclaw?: string;
  /** Who is launching, recorded in the capture. */
  command: 'launch';
}

export interface Prepared {
  /** The child's environment: OpenClaw's, plus OPENCLAW_SHIM_CAPTURE and the shim dir first on PATH. */
  env: Env;
  captured: boolean;
  capturePath?: string;
  stateDir?: string;
  realOpenclaw?: string;
  disagreements: Disagreement[];
  /** Why something was not done; logged, never fatal. */
  notes: string[];
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * PATH gets the shim dir first and OPENCLAW_SHIM_CAPTURE names the capture; with a capture, the
 * canonical OPENCLAW_STATE_DIR/CONFIG_PATH (safety net) and BASH_ENV (login shells) join them.
 * Codex keeps the isolated home OpenClaw gave it.
 */
function childEnv(
  env: Env,
  codexHome: string,
  capturePath: string | undefined,
  canonical?: { stateDir: string; configPath: string },
): Env {
  const shimDir = shimDirOf(codexHome);
  const base: Env = canonical ? withCanonicalVars(env, canonical) : { ...env };
  if (!canonical) delete base[ADDED_VARS];
  const out: Env = { ...base, PATH: prependOnce(env.PATH, shimDir) };
  if (canonical && fs.existsSync(bashEnvFileOf(codexHome))) out.BASH_ENV = bashEnvFileOf(codexHome);
  // An inherited capture belongs to an outer launch, not this codex home.
  if (capturePath) out.OPENCLAW_SHIM_CAPTURE = capturePath;
  else delete out.OPENCLAW_SHIM_CAPTURE;
  return out;
}

export function prepareLaunch(input: PrepareInput): Prepared {
  const { env } = input;
  if (!input.codexHome?.trim()) {
    return {
      env,
      captured: false,
      disagreements: [],
      notes: ['CODEX_HOME is not set: launching without the openclaw shim'],
    };
  }
  const codexHome = path.resolve(input.codexHome);
  const parent = readProcessEnv(input.ppid);
  const notes = parent.ok ? [] : [`gateway environment not used: ${parent.reason}`];
  try {
    const result = installShim({
      codexHome,
      env: { ...env, CODEX_HOME: codexHome },
      command: input.command,
      nodePath: input.nodePath,
      ...(input.gatewayNode ? { gatewayNode: input.gatewayNode } : {}),
      ...(parent.ok ? { parentEnv: { pid: parent.pid, env: parent.env } } : {}),
      ...(input.realOpenclaw ? { realOpenclaw: input.realOpenclaw } : {}),
    });
    const c = result.capture;
    for (const a of result.login)
      if (a.action === 'skipped') notes.push(`login shell files not written: ${a.path}${a.why ? `: ${a.why}` : ''}`);
    bashEnvNote(codexHome, env, notes);
    return {
      env: childEnv(env, codexHome, result.capturePath, { stateDir: c.stateDir.value, configPath: c.configPath.value }),
      captured: true,
      capturePath: result.capturePath,
      stateDir: c.stateDir.value,
      ...(c.realOpenclaw ? { realOpenclaw: c.realOpenclaw.value } : {}),
      disagreements: c.disagreements,
      notes,
    };
  } catch (error) {
    notes.push(`no capture written: ${errorText(error).split('\n')[0]}`);
    if (!(error instanceof ExitError)) notes.push('(unexpected error; set OPENCLAW_SHIM_DEBUG=1 for details)');
    return { ...withShimAnyway(env, codexHome, input.nodePath, notes), captured: false, disagreements: [], notes };
  }
}

/** bash-env.sh chains to the gateway's own BASH_ENV; our own (an outer launch's) is not chained to itself. */
function bashEnvNote(codexHome: string, env: Env, notes: string[]): void {
  const gatewayBashEnv =
    env.BASH_ENV && !env.BASH_ENV.endsWith('/openclaw-shim/bash-env.sh') ? env.BASH_ENV : undefined;
  try {
    writeBashEnv(codexHome, gatewayBashEnv);
  } catch (error) {
    notes.push(`BASH_ENV file not written: ${errorText(error)}`);
  }
}

/** Without canonical state the shim must still be first on PATH, so `openclaw` refuses instead of forking state. */
function withShimAnyway(env: Env, codexHome: string, nodePath: string, notes: string[]): { env: Env } {
  try {
    if (fs.statSync(codexHome, { throwIfNoEntry: false })?.isDirectory()) ensureShimOnly(codexHome, nodePath);
  } catch (error) {
    notes.push(`shim not written: ${errorText(error)}`);
  }
  const shimExists = fs.existsSync(path.join(shimDirOf(codexHome), 'openclaw'));
  if (!shimExists) notes.push('no shim in this codex home: openclaw tool calls run unguarded');
  return { env: shimExists ? childEnv(env, codexHome, undefined) : env };
}
