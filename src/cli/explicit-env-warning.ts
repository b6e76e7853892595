// The CLI's one line for an OPENCLAW_SHIM_STATE_DIR/_CONFIG_PATH/_HOME that names no usable state (commands that resolve one).
import { checkExplicitEnv, ignoredExplicitEnvLine } from '../canonical/explicit-env.ts';
import { fsProbe } from '../canonical/gather.ts';
import { writeStderr } from '../lib/stderr.ts';

/** The commands that resolve the canonical state from the environment when no path flag is given. */
const RESOLVING = new Set(['setup', 'uninstall', 'install', 'doctor', 'repair', 'explain', 'log']);

/** yargs middleware: warns before the command runs; a path flag outranks the variables, so then nothing is said. */
export function warnIgnoredShimEnv(a: { _: Array<string | number>; [flag: string]: unknown }): void {
  if (!RESOLVING.has(String(a._[0] ?? '')) || a['state-dir'] || a['config-path'] || a.home) return;
  const line = ignoredExplicitEnvLine(
    checkExplicitEnv(process.env, process.cwd(), fsProbe),
    process.env,
    'the state is resolved from the other sources (`openclaw-shim explain` shows which)',
  );
  if (line) writeStderr(line);
}
