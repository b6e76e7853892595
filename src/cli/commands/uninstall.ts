// `openclaw-shim uninstall`: undo setup and install: restore the Codex command, remove our files.
import { renderDone, renderUninstallPlan } from '../../setup/render.ts';
import { planUninstallHere, runUninstallPlan } from '../../setup/setup.ts';
import { createOutput } from '../../lib/output.ts';
import { setupOptions, toSetupOptions, type SetupArgs } from './setup.ts';
import { defineCommand } from './types.ts';

export const uninstallCommand = defineCommand<SetupArgs>({
  command: 'uninstall',
  describe: 'Remove what setup and install added and restore the recorded Codex command (dry run unless --apply)',
  builder: (y) => y.options((({ 'login-shells': _setupOnly, ...rest }) => rest)(setupOptions)),
  handler: async (a: SetupArgs) => {
    const out = createOutput({ json: a.json });
    const { plan, ctx } = await planUninstallHere(toSetupOptions(a));
    if (!a.json) renderUninstallPlan(out, plan, a.apply);
    const done = a.apply ? await runUninstallPlan(plan, ctx) : [];
    if (a.json) out.json({ schema: 'openclaw-shim/uninstall', version: 1, applied: a.apply, plan, done });
    else if (a.apply && done.length) renderDone(out, done);
  },
});
