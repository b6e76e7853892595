// `openclaw-shim repair`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const repairCommand: Command = {
  command: 'repair',
  describe: 'repair (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'repair is not implemented yet');
  },
};
