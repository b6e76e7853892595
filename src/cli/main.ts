// The management CLI: yargs commands behind one error boundary that maps errors to exit codes.
import type { Argv } from 'yargs';
import { EXIT, ExitError } from '../lib/exit.ts';
import { faultExit } from '../lib/fault.ts';
import { writeStderr } from '../lib/stderr.ts';
import { packageRoot, packageVersion } from '../lib/package-files.ts';
import { COMPLETION_HELP, completionRequest } from './completion.ts';
import fs from 'node:fs';
import { commands } from './commands/index.ts';
import { unknownCommandMessage } from './unknown-command.ts';
import { warnIgnoredShimEnv } from './explicit-env-warning.ts';
import { runLaunchFast } from './commands/launch.ts';
import { parseLaunchArgs } from '../launch/launch-args.ts';

export async function run(argv: string[]): Promise<number> {
  try {
    const launch = parseLaunchArgs(argv);
    if (launch) {
      runLaunchFast(launch);
      return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
    }
    return await runYargs(argv);
  } catch (error) {
    return report(error);
  }
}

/** yargs is imported here, not at the top: see parseLaunchArgs. */
async function runYargs(argv: string[]): Promise<number> {
  const completion = completionRequest(argv);
  if (completion.kind === 'help') return (writeStdout(COMPLETION_HELP), EXIT.OK);
  if (completion.kind === 'script') {
    // yargs picks the script by $SHELL when it is created, and takes no shell argument.
    if (completion.shell) process.env.SHELL = `/bin/${completion.shell}`;
    argv = ['completion'];
  }
  if (argv[0] === 'help') argv = ['--help', ...argv.slice(1)];
  const unknown = unknownCommandMessage(argv, [...commands.map((c) => String(c.command).split(' ')[0]!), 'completion']);
  if (unknown) throw new ExitError(EXIT.USAGE, unknown);
  const { default: yargs } = await import('yargs');
  const parser: Argv = yargs(argv)
    .scriptName('openclaw-shim')
    .usage(
      "$0 <command> [options]\n\nKeeps the OpenClaw CLI on the gateway's canonical state inside isolated Codex homes.",
    )
    .version(packageVersion())
    .strict()
    .demandCommand(1, 'Name a command; see --help.')
    .completion('completion', 'Print a shell completion script (bash/zsh)')
    // $COLUMNS, not process.stdout.columns: this project never creates the process streams.
    .wrap(Math.min(100, Number(process.env.COLUMNS) || 100))
    .epilogue(
      `Exit codes and variables: docs/reference.md; the operator's guide: docs/operators-guide.md (in ${packageRoot()})`,
    )
    .fail((message, error) => {
      // Throwing stops yargs before any handler runs; the boundary below prints it once.
      // yargs reports its own validation failures (.check, coercion) as a YError: usage, not a bug.
      if (error && error.name !== 'YError') throw error;
      throw new ExitError(EXIT.USAGE, `${message ?? error?.message}\nRun 'openclaw-shim --help' for usage.`);
    })
    .exitProcess(false);
  for (const command of commands) parser.command(command);
  parser.middleware(warnIgnoredShimEnv);
  await parser.parseAsync();
  return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
}

const writeStdout = (text: string): void => void fs.writeSync(1, text);

/** The one place errors become messages: no stack traces unless OPENCLAW_SHIM_DEBUG=1; environment faults get their own codes. */
function report(thrown: unknown): number {
  const error = thrown instanceof ExitError ? thrown : (faultExit(thrown) ?? thrown);
  if (error !== thrown && process.env.OPENCLAW_SHIM_DEBUG === '1' && thrown instanceof Error)
    writeStderr(`${thrown.stack}\n`);
  if (error instanceof ExitError) {
    if (!error.reported) writeStderr(`openclaw-shim: ${error.message}\n`);
    return error.code;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeStderr(`openclaw-shim: internal error: ${message}\n`);
  if (process.env.OPENCLAW_SHIM_DEBUG === '1' && error instanceof Error) writeStderr(`${error.stack}\n`);
  return EXIT.INTERNAL;
}

process.exitCode = await run(process.argv.slice(2));
