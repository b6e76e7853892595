// `openclaw-shim launch [--codex-home DIR] -- <command…>`: the launcher's capture step before any command.
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../canonical/types.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { handOver } from '../shim/exec.ts';
import { logRecord, nextDepth, reportProblems, LAUNCH_DEPTH_VAR } from './launcher.ts';
import { writeLaunchLog } from './launch-log.ts';
import { prepareLaunch } from './prepare.ts';
import { execState, which } from '../lib/which.ts';

const LABEL = 'openclaw-shim launch';

export interface LaunchCommandInput {
  env: Env;
  cwd: string;
  /** Overrides CODEX_HOME, and is exported to the command as CODEX_HOME. */
  codexHome?: string;
  /** The command and its arguments, byte for byte. */
  command: string[];
  nodePath: string;
  /** The real openclaw setup recorded (the launcher copy's launcher.json), for the capture. */
  realOpenclaw?: string;
}

/** The program to exec: a path as given, or a bare name looked up on the caller's PATH. */
function resolveProgram(name: string, env: Env, cwd: string): string {
  const file = name.includes('/') ? path.resolve(cwd, name) : which(name, env.PATH);
  if (!file) throw new ExitError(EXIT.NOT_FOUND, `${name}: not found on PATH`);
  const state = execState(file);
  if (state === 'missing') throw new ExitError(EXIT.NOT_FOUND, `${file} does not exist`);
  if (state === 'not-executable') throw new ExitError(EXIT.NOT_EXECUTABLE, `${file} is not executable`);
  return file;
}

/** An explicitly named codex home is created if missing (the command would create it anyway). */
function codexHomeFor(input: LaunchCommandInput): { env: Env; codexHome: string | undefined } {
  if (!input.codexHome) return { env: input.env, codexHome: input.env.CODEX_HOME };
  const codexHome = path.resolve(input.cwd, input.codexHome);
  try {
    fs.mkdirSync(codexHome, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ExitError(EXIT.CANT_WRITE, `cannot create codex home ${codexHome}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { env: { ...input.env, CODEX_HOME: codexHome }, codexHome };
}

export function runLaunchCommand(input: LaunchCommandInput): void {
  const [name, ...args] = input.command;
  if (!name)
    throw new ExitError(
      EXIT.USAGE,
      'name the command to launch after --, e.g. openclaw-shim launch -- codex app-server',
    );
  const depth = nextDepth(input.env);
  if (depth === undefined)
    throw new ExitError(EXIT.LOOP, `launcher loop detected (${LAUNCH_DEPTH_VAR}=${input.env[LAUNCH_DEPTH_VAR]})`);
  const file = resolveProgram(name, input.env, input.cwd);
  const { env, codexHome } = codexHomeFor(input);
  const recorded = input.realOpenclaw ? { realOpenclaw: input.realOpenclaw } : {};
  const prepared = prepareLaunch({
    env,
    codexHome,
    ppid: process.ppid,
    nodePath: input.nodePath,
    command: 'launch',
    ...recorded,
  });
  reportProblems(LABEL, prepared);
  writeLaunchLog(
    codexHome,
    logRecord('openclaw-shim launch', env, prepared, { ok: true, file, source: 'command line' }),
  );
  handOver(file, args, { ...prepared.env, [LAUNCH_DEPTH_VAR]: String(depth) }, LABEL);
}
