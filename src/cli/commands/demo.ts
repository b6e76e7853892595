// `openclaw-shim demo`: the incident and its fix, for real, in a temporary sandbox.
import { runDemo } from '../../demo/run.ts';
import { OPENCLAW_VERSIONS } from '../../lib/openclaw-cache.ts';
import { createOutput } from '../../lib/output.ts';
import { defineCommand } from './types.ts';

interface Args {
  keep: boolean;
  'openclaw-version': string;
}

export const demoCommand = defineCommand<Args>({
  command: 'demo',
  describe:
    'Reproduce the split brain with the real OpenClaw CLI in a sandbox, then fix it with the launcher, shim, doctor and repair',
  builder: (y) =>
    y
      .option('keep', { type: 'boolean', default: false, describe: 'Leave the sandbox for inspection' })
      .option('openclaw-version', {
        type: 'string',
        default: OPENCLAW_VERSIONS.json,
        describe: 'OpenClaw release to run (JSON stores: 2026.5.x)',
      }),
  handler: async (a) => {
    process.exitCode = await runDemo({ out: createOutput(), keep: a.keep, openclawVersion: a['openclaw-version'] });
  },
});
