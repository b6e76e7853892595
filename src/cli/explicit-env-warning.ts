// The CLI's one line for an OPENCLAW_SHIM_STATE_DIR/_CONFIG_PATH/_HOME that names no usable state (commands that resolve one).
import { checkExplicitEnv, ignoredExplicitEnvLine } from '../canonical/explicit-env.ts';
import { fsProbe } from '../canonical/gather.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { writeStderr } from '../lib/stderr.ts';

/** The commands that resolve the canonical state from the environment when no path flag is given. */
const RESOLVING = new Set(['setup', 'uninstall', 'install', 'doctor', 'repair', 'explain', 'log']);

type Parsed = { _: Array<string | number>; [flag: string]: unknown };

/** A form that writes: install always, the others with --apply (pure). */
export const writes = (a: Parsed): boolean => a._[0] === 'install' || a.apply === true;

/**
 * yargs middleware, before the command runs: a read warns and goes on with the other sources; a write refuses
 * (66), since the operator named a state and would otherwise change another. A path flag outranks the
 * variables, so then nothing is said.
 */
export function warnIgnoredShimEnv(a: Parsed): void {
  if (!RESOLVING.has(String(a._[0] ?? '')) || a['state-dir'] || a['config-path'] || a.home) return;
  const checked = checkExplicitEnv(process.env, process.cwd(), fsProbe);
  if (writes(a)) {
    const line = ignoredExplicitEnvLine(
      checked,
      process.env,
      'nothing was written: fix or unset it, or name the state with --state-dir',
    );
    if (line) throw new ExitError(EXIT.NO_INPUT, line.replace(/^openclaw-shim: warning: /, '').trimEnd());
    return;
  }
  const line = ignoredExplicitEnvLine(
    checked,
    process.env,
    'the state is resolved from the other sources (`openclaw-shim explain` shows which)',
  );
  if (line) writeStderr(line);
}
