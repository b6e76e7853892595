// `openclaw-shim doctor`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const doctorCommand: Command = {
  command: 'doctor',
  describe: 'doctor (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'doctor is not implemented yet');
  },
};
