// `openclaw-shim setup`: point OpenClaw's Codex command at the launcher and shim every agent's codex home.
import type { SetupStep } from '../../setup/plan.ts';
import { chooseNode, type NodeChoice } from '../../install/node-path.ts';
import { renderDone, renderRestart, renderSetupPlan } from '../../setup/render.ts';
import { wiringAdvice } from '../../setup/wiring.ts';
import { planSetupHere, predictSetupProbe, runSetupPlan } from '../../setup/setup.ts';
import { createOutput } from '../../lib/output.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Done } from '../../setup/apply.ts';
import { acpxHint, renderAcpxHint } from '../../setup/acpx-hint.ts';
import { doctorTimerHere, timerOptions, type TimerArgs } from '../../setup/doctor-timer-cli.ts';
import { defineCommand, jsonOption, pathFlagOptions, toExplicit, type PathFlags } from './types.ts';

export interface SetupArgs extends PathFlags, TimerArgs {
  node?: string;
  apply: boolean;
  json: boolean;
  'real-openclaw'?: string;
  'login-shells'?: boolean;
}

export const setupOptions = {
  ...pathFlagOptions,
  apply: { type: 'boolean', default: false, describe: 'Make the changes (without it: print the plan only)' },
  'real-openclaw': {
    type: 'string',
    describe: 'The real openclaw executable (default: first on PATH that is not a shim)',
  },
  node: {
    type: 'string',
    describe: 'Node (>= 22.12) the launcher and shims run on (default: this one, unless it lives inside this package)',
  },
  'login-shells': {
    type: 'boolean',
    describe:
      "--no-login-shells: also set allow_login_shell = false in every codex home's config.toml (recorded; uninstall restores it). Every agent's commands then run in a plain bash -c; a model asking for login: true gets its call rejected",
  },
  ...jsonOption,
} as const;

export const toSetupOptions = (a: SetupArgs, node: NodeChoice = chooseNode(a.node)) => ({
  env: { ...process.env },
  cwd: process.cwd(),
  flags: toExplicit(a),
  nodePath: node.path,
  ...(a['real-openclaw'] ? { realOpenclaw: a['real-openclaw'] } : {}),
  ...(a['login-shells'] === false ? { loginShellsOff: true } : {}),
});

/** File bodies and the record stay out of --json: paths and actions are the plan. */
const withoutBodies = (step: SetupStep): object => {
  if (step.kind === 'write-file') return { kind: step.kind, path: step.path, mode: step.mode, action: step.action };
  if (step.kind === 'write-record') return { kind: step.kind, path: step.path, action: step.action };
  return step;
};

export const setupCommand = defineCommand<SetupArgs>({
  command: 'setup',
  describe:
    "Set up a whole gateway: OpenClaw's Codex command -> the launcher, the shim in every agent's codex home (dry run unless --apply)",
  builder: (y) => y.options(setupOptions).options(timerOptions),
  handler: async (a: SetupArgs) => {
    const out = createOutput({ json: a.json });
    const node = chooseNode(a.node);
    if (node.warning) out.error(`openclaw-shim: warning: ${node.warning}`);
    // The plan first: it checks --real-openclaw (root's surroundings) before any of the state is read, and
    // becomes the state's owner; the timer's state is then resolved as that owner, not as root.
    const { plan, ctx } = await planSetupHere(toSetupOptions(a, node));
    const timer = doctorTimerHere(a, toSetupOptions(a, node));
    if (!a.json) renderSetupPlan(out, plan, a.apply);
    if (!a.json) timer.render(out);
    const acpx = acpxHint({ stateDir: plan.canon.stateDir, launcherBin: plan.launcherBin });
    if (!a.json) renderAcpxHint(out, acpx);
    // The dry run says now what --apply checks before it wires anything (and refuses with 79 on).
    const launcherCheck = a.apply ? undefined : await predictSetupProbe(plan, ctx);
    if (launcherCheck && !a.json) {
      if (launcherCheck.ok) out.line(`Launcher check (--apply runs it first): ${launcherCheck.what}`);
      else
        out.line(
          out.style.yellow(
            `Launcher check: --apply would refuse (exit 79): ${launcherCheck.why}. Install the Codex plugin the gateway uses, or name its Codex: OPENCLAW_SHIM_CODEX_BIN=<path> openclaw-shim setup --apply`,
          ),
        );
    }
    const report = (done: unknown[], failed?: { code: number; message: string }): void =>
      out.json({
        schema: 'openclaw-shim/setup',
        version: 1,
        applied: a.apply,
        plan: { ...plan, steps: plan.steps.map(withoutBodies) },
        wiring: { ...plan.wiring, ...wiringAdvice(plan.wiring, plan.launcherBin) },
        ...(launcherCheck ? { launcherCheck } : {}),
        acpx,
        doctorTimer: timer.json,
        done,
        ...(failed ? { failed } : {}),
      });
    const done: Done[] = [];
    try {
      if (a.apply) await runSetupPlan(plan, ctx, done);
    } catch (error) {
      // Files may already be written: --json still says what was done before the failure, then the error.
      if (a.json)
        report(done, {
          code: error instanceof ExitError ? error.code : EXIT.INTERNAL,
          message: error instanceof Error ? error.message : String(error),
        });
      throw error;
    }
    if (a.json) report(done);
    else if (a.apply && done.length) {
      renderDone(out, done);
      renderRestart(out, plan);
    }
  },
});
