// `openclaw-shim launch`: capture the gateway's state for a codex home, then exec any command in it.
import type { LaunchArgs } from '../../launch/launch-args.ts';
import { runLaunchCommand } from '../../launch/launch-command.ts';
import { defineCommand } from './types.ts';

interface Args {
  'codex-home'?: string;
}

/** The words after the first `--`, taken raw from argv so yargs never reinterprets them. */
function commandAfterDashes(argv: readonly string[]): string[] {
  const at = argv.indexOf('--');
  return at < 0 ? [] : argv.slice(at + 1);
}

export function runLaunchFast(parsed: LaunchArgs): void {
  runLaunchCommand({ env: { ...process.env }, cwd: process.cwd(), nodePath: process.execPath, ...parsed });
}

export const launchCommand = defineCommand<Args>({
  command: 'launch',
  describe:
    'Capture the canonical state for a Codex home, put the shim first on PATH, exec a command (-- <command...>)',
  builder: (y) =>
    y
      .usage('$0 launch [--codex-home DIR] -- <command...>')
      .option('codex-home', {
        type: 'string',
        describe: 'The isolated Codex home (default: $CODEX_HOME); exported to the command as CODEX_HOME',
      })
      .parserConfiguration({ 'populate--': true })
      .example(
        '$0 launch --codex-home ~/.openclaw/acpx/codex-home -- npx @zed-industries/codex-acp',
        'wrap the acpx Codex adapter',
      ),
  handler: (a: Args) => {
    runLaunchCommand({
      env: { ...process.env },
      cwd: process.cwd(),
      command: commandAfterDashes(process.argv.slice(2)),
      nodePath: process.execPath,
      ...(a['codex-home'] ? { codexHome: a['codex-home'] } : {}),
    });
  },
});
