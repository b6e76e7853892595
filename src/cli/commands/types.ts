// The shape every command module has, kept loose enough for yargs' builder inference.
import type { CommandModule } from 'yargs';
import { EXIT, ExitError } from '../../lib/exit.ts';

// biome-ignore lint/suspicious/noExplicitAny: yargs' CommandModule is invariant in its args; each command's own Args type is checked in its handler
export type Command = CommandModule<object, any>;

/** Types a command's handler by its own argument interface; yargs' builder inference stays out of the way. */
export function defineCommand<A>(
  m: Omit<Command, 'handler'> & { handler: (args: A) => void | Promise<void> },
): Command {
  return m as Command;
}

export interface PathFlags {
  'state-dir'?: string;
  'config-path'?: string;
  home?: string;
}

export const pathFlagOptions = {
  'state-dir': { type: 'string', describe: "The gateway's state dir (strongest source)" },
  'config-path': { type: 'string', describe: "The gateway's openclaw.json" },
  home: { type: 'string', describe: "The gateway's home directory" },
} as const;

export const jsonOption = {
  json: { type: 'boolean', default: false, describe: 'Print one JSON document instead of text' },
} as const;

/** A path option given without a value is a usage error, not "unset". */
export function requireValue(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && !String(value).trim())
    throw new ExitError(EXIT.USAGE, `--${name} needs a value\nRun 'openclaw-shim --help' for usage.`);
  return value;
}

export const toExplicit = (a: PathFlags) => {
  for (const name of ['state-dir', 'config-path', 'home'] as const) requireValue(name, a[name]);
  return explicitOf(a);
};

const explicitOf = (a: PathFlags) => ({
  ...(a['state-dir'] ? { stateDir: a['state-dir'] } : {}),
  ...(a['config-path'] ? { configPath: a['config-path'] } : {}),
  ...(a.home ? { home: a.home } : {}),
});
