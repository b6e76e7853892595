// `openclaw-shim demo`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const demoCommand: Command = {
  command: 'demo',
  describe: 'demo (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'demo is not implemented yet');
  },
};
