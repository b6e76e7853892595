// `openclaw-shim launch`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const launchCommand: Command = {
  command: 'launch',
  describe: 'launch (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'launch is not implemented yet');
  },
};
