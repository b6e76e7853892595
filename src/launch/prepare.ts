// The capture step shared by the Codex launcher and `openclaw-shim launch`: shim, capture, child env.
import fs from 'node:fs';
import path from 'node:path';
import type { CapturedNode } from '../canonical/capture.ts';
import type { Disagreement, Env } from '../canonical/types.ts';
import { installShim } from '../install/install.ts';
import { shimDirOf } from '../layout/codex-home.ts';
import { ExitError } from '../lib/exit.ts';
import { prependOnce } from './path-list.ts';
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

/** Only PATH and OPENCLAW_SHIM_CAPTURE change; Codex keeps the isolated home OpenClaw gave it. */
function childEnv(env: Env, codexHome: string, capturePath: string | undefined): Env {
  const shimDir = shimDirOf(codexHome);
  const out: Env = { ...env, PATH: prependOnce(env.PATH, shimDir) };
  // An inherited capture belongs to an outer launch, not this codex home.
  if (capturePath) out.OPENCLAW_SHIM_CAPTURE = capturePath;
  else delete out.OPENCLAW_SHIM_CAPTURE;
  return out;
}

export function prepareLaunch(input: PrepareInput): Prepared {
  const { env } = input;
  if (!input.codexHome?.trim()) {
    return { env, captured: false, disagreements: [], notes: ['CODEX_HOME is not set: launching without the openclaw shim'] };
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
    return {
      env: childEnv(env, codexHome, result.capturePath),
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
