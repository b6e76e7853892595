// `openclaw-shim setup`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const setupCommand: Command = {
  command: 'setup',
  describe: 'setup (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'setup is not implemented yet');
  },
};
