// `openclaw-shim uninstall`: placeholder until its issue lands.
import { EXIT, ExitError } from '../../lib/exit.ts';
import type { Command } from './types.ts';

export const uninstallCommand: Command = {
  command: 'uninstall',
  describe: 'uninstall (not implemented yet)',
  handler: () => {
    throw new ExitError(EXIT.INTERNAL, 'uninstall is not implemented yet');
  },
};
