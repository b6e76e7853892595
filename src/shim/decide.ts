// Decides what the shim does with one invocation: redirect, pass unchanged, bypass or refuse (pure).
import { parseArgv } from '../canonical/argv.ts';
import { knownCodexHomes } from '../canonical/isolation.ts';
import { planRewrite, type RewriteRecord } from '../canonical/rewrite.ts';
import type { Canonical, Env, Resolution } from '../canonical/types.ts';
import { mapPathArgs } from './path-args.ts';

/** `args`: the argv for the real CLI when a path argument was mapped out of the isolated home. */
export type Decision =
  | { kind: 'redirected'; env: Env; records: RewriteRecord[]; canonical: Canonical; args?: string[] }
  | { kind: 'unchanged'; env: Env; records: RewriteRecord[]; canonical?: Canonical }
  | { kind: 'bypassed'; env: Env; records: RewriteRecord[] }
  | { kind: 'refused'; message: string; records: RewriteRecord[] };

export interface DecideInput {
  env: Env;
  args: readonly string[];
  resolution: Resolution;
  cwd: string;
}

export function decide({ env, args, resolution, cwd }: DecideInput): Decision {
  if (env.OPENCLAW_SHIM_BYPASS === '1') return { kind: 'bypassed', env, records: [] };
  const { canonical, isolation } = resolution;
  if (!canonical) {
    if (isolation.isolatedHome) return { kind: 'refused', message: refusalMessage(resolution), records: [] };
    return { kind: 'unchanged', env, records: [] };
  }
  // Below a CLI the shim already launched, the OpenClaw variables are that CLI's own (e.g. its
  // --profile exported OPENCLAW_STATE_DIR=~/.openclaw-work): a second pass must change nothing
  // unless something points back into an isolated home.
  if (Number(env.OPENCLAW_SHIM_DEPTH ?? 0) > 0 && !isolation.isolatedHome)
    return { kind: 'unchanged', env, records: [], canonical };
  const profile = parseArgv(args).profile;
  const rewrite = planRewrite({
    env,
    canonical,
    codexHomes: knownCodexHomes(env, [isolation.codexHome]),
    cwd,
    ...(profile === undefined ? {} : { profile }),
  });
  // Only an isolated home can have left `~/.openclaw/…` in argv: other calls pay nothing here.
  const mapped = isolation.isolatedHome
    ? mapPathArgs({
        args,
        env,
        cwd,
        isolation,
        canonicalStateDir: canonical.stateDir.value,
        codexHomes: knownCodexHomes(env, [isolation.codexHome]),
      })
    : undefined;
  const records = mapped ? [...rewrite.records, ...mapped.records] : rewrite.records;
  if (records.length === 0) return { kind: 'unchanged', env, records: [], canonical };
  return {
    kind: 'redirected',
    env: rewrite.env,
    records,
    canonical,
    ...(mapped?.records.length ? { args: mapped.args } : {}),
  };
}

/** Names the isolated home, every source tried and why it failed, and the fixes. */
export function refusalMessage(resolution: Resolution): string {
  const { isolation, candidates } = resolution;
  const tried = candidates.length
    ? candidates.map((c) => `  - ${c.source}: ${c.detail}${c.reason ? ` -> ${c.reason}` : ''}`).join('\n')
    : '  - no source proposed a state dir';
  const codexHome = isolation.codexHome ?? '<codex home>';
  return [
    `openclaw-shim: refusing to run openclaw: ${isolation.via}=${isolation.isolatedHome} is inside the isolated Codex home ${codexHome},`,
    `and the gateway's canonical OpenClaw state could not be found. Running now would read and write a shadow state tree.`,
    `Tried:`,
    tried,
    `Fix one of:`,
    `  - openclaw-shim install --codex-home ${codexHome} --state-dir <gateway state dir>`,
    `  - export OPENCLAW_SHIM_STATE_DIR=<gateway state dir>   (e.g. /root/.openclaw)`,
    `  - OPENCLAW_SHIM_BYPASS=1 openclaw ...                 (run untouched, against the isolated home)`,
    '',
  ].join('\n');
}
