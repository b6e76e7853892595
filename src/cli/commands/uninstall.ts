// `openclaw-shim uninstall`: undo setup and install: restore the Codex command, remove our files.
import { renderDone, renderUninstallPlan } from '../../setup/render.ts';
import { planUninstallHere, runUninstallPlan } from '../../setup/setup.ts';
import path from 'node:path';
import { createOutput } from '../../lib/output.ts';
import { loadExeca } from '../../lib/lazy-execa.ts';
import { readAsOwnerOf } from '../../lib/read-as-owner.ts';
import { setupOptions, toSetupOptions, type SetupArgs } from './setup.ts';
import { defineCommand } from './types.ts';

export const uninstallCommand = defineCommand<SetupArgs>({
  command: 'uninstall',
  describe: 'Remove what setup and install added and restore the recorded Codex command (dry run unless --apply)',
  builder: (y) => y.options((({ 'login-shells': _setupOnly, ...rest }) => rest)(setupOptions)),
  handler: async (a: SetupArgs) => {
    const out = createOutput({ json: a.json });
    // Root reads another user's state as them from the start; execa first, it may live where they cannot read.
    await loadExeca();
    readAsOwnerOf([a['state-dir'], a['config-path'] && path.dirname(path.resolve(a['config-path'])), a.home]);
    const { plan, ctx } = await planUninstallHere(toSetupOptions(a));
    if (!a.json) renderUninstallPlan(out, plan, a.apply);
    const done = a.apply ? await runUninstallPlan(plan, ctx) : [];
    if (a.json) out.json({ schema: 'openclaw-shim/uninstall', version: 1, applied: a.apply, plan, done });
    else if (a.apply && done.length) renderDone(out, done);
  },
});
