// `openclaw-shim setup`: point OpenClaw's Codex command at the launcher and shim every agent's codex home.
import type { SetupStep } from '../../setup/plan.ts';
import { renderDone, renderSetupPlan } from '../../setup/render.ts';
import { planSetupHere, runSetupPlan } from '../../setup/setup.ts';
import { createOutput } from '../output.ts';
import { defineCommand, jsonOption, pathFlagOptions, toExplicit, type PathFlags } from './types.ts';

export interface SetupArgs extends PathFlags {
  apply: boolean;
  json: boolean;
  'real-openclaw'?: string;
}

export const setupOptions = {
  ...pathFlagOptions,
  apply: { type: 'boolean', default: false, describe: 'Make the changes (without it: print the plan only)' },
  'real-openclaw': { type: 'string', describe: 'The real openclaw executable (default: first on PATH that is not a shim)' },
  ...jsonOption,
} as const;

export const toSetupOptions = (a: SetupArgs) => ({
  env: { ...process.env },
  cwd: process.cwd(),
  flags: toExplicit(a),
  nodePath: process.execPath,
  ...(a['real-openclaw'] ? { realOpenclaw: a['real-openclaw'] } : {}),
});

/** File bodies and the record stay out of --json: paths and actions are the plan. */
const withoutBodies = (step: SetupStep): object => {
  if (step.kind === 'write-file') return { kind: step.kind, path: step.path, mode: step.mode, action: step.action };
  if (step.kind === 'write-record') return { kind: step.kind, path: step.path, action: step.action };
  return step;
};

export const setupCommand = defineCommand<SetupArgs>({
  command: 'setup',
  describe: "Set up a whole gateway: OpenClaw's Codex command -> the launcher, the shim in every agent's codex home (dry run unless --apply)",
  builder: (y) => y.options(setupOptions),
  handler: async (a: SetupArgs) => {
    const out = createOutput({ json: a.json });
    const { plan, ctx } = await planSetupHere(toSetupOptions(a));
    if (!a.json) renderSetupPlan(out, plan, a.apply);
    const done = a.apply ? await runSetupPlan(plan, ctx) : [];
    if (a.json) out.json({ applied: a.apply, plan: { ...plan, steps: plan.steps.map(withoutBodies) }, done });
    else if (a.apply && done.length) renderDone(out, done);
  },
});
