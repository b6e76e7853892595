// Every management command, in the order --help lists them.
import { demoCommand } from './demo.ts';
import { doctorCommand } from './doctor.ts';
import { explainCommand } from './explain.ts';
import { installCommand } from './install.ts';
import { launchCommand } from './launch.ts';
import { logCommand } from './log.ts';
import { repairCommand } from './repair.ts';
import { setupCommand } from './setup.ts';
import { uninstallCommand } from './uninstall.ts';
import type { Command } from './types.ts';

export const commands: Command[] = [
  demoCommand,
  setupCommand,
  uninstallCommand,
  installCommand,
  launchCommand,
  doctorCommand,
  repairCommand,
  explainCommand,
  logCommand,
];
