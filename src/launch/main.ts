// Entry of dist/launch.mjs (bin openclaw-codex-launch): one bundled file, node: builtins only.
import { ExitError } from '../lib/exit.ts';
import { writeStderr } from '../lib/stderr.ts';
import { parseLaunchArgs } from './launch-args.ts';
import { runLaunchCommand } from './launch-command.ts';
import { ownRecord, runLauncher } from './launcher.ts';

// `launch [--codex-home DIR] -- CMD…` (the ACP adapter, as acpx runs it) works from setup's launcher
// copy too, so acpx's command outlives the checkout setup ran from; anything else is Codex's argv.
const args = process.argv.slice(2);
const launch = parseLaunchArgs(args);
if (!launch) runLauncher(args);
else {
  try {
    const real = ownRecord()?.realOpenclaw;
    runLaunchCommand({
      env: { ...process.env },
      cwd: process.cwd(),
      nodePath: process.execPath,
      ...launch,
      ...(real ? { realOpenclaw: real } : {}),
    });
  } catch (error) {
    if (!(error instanceof ExitError)) throw error;
    writeStderr(`openclaw-codex-launch: ${error.message}\n`);
    process.exitCode = error.code;
  }
}
