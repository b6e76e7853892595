// Reads the real CLI's root options from argv: profile flags and the command path (pure).

const ROOT_BOOLEAN_FLAGS = new Set(['--dev', '--no-color']);
const ROOT_VALUE_FLAGS = new Set(['--profile', '--log-level', '--container']);

const isValueToken = (arg: string | undefined): arg is string =>
  arg !== undefined && arg !== '--' && (!arg.startsWith('-') || /^-\d+(?:\.\d+)?$/.test(arg));

export interface ParsedArgv {
  /** `--profile <name>` / `--profile=<name>` / `--dev` as the CLI would apply it. */
  profile?: string;
  /** Positional words with root options removed, up to `--`. */
  commandPath: string[];
}

/**
 * Mirrors `parseCliProfileArgs`: the CLI scans every argument (not only those before the
 * subcommand) for `--profile` and `--dev`, except `--dev` after `gateway` and `qa matrix --profile`.
 */
export function parseArgv(args: readonly string[]): ParsedArgv {
  let profile: string | undefined;
  const commandPath: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--dev') {
      if (commandPath[0] !== 'gateway') profile = 'dev';
      continue;
    }
    if (arg === '--profile' || arg.startsWith('--profile=')) {
      const localToQa = commandPath[0] === 'qa' && commandPath[1] === 'matrix';
      const next = args[i + 1];
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : isValueToken(next) ? next : '';
      if (!arg.includes('=') && isValueToken(next)) i += 1;
      if (!localToQa && value.trim()) profile = value.trim();
      continue;
    }
    if (ROOT_BOOLEAN_FLAGS.has(arg)) continue;
    if (ROOT_VALUE_FLAGS.has(arg)) {
      if (isValueToken(args[i + 1])) i += 1;
      continue;
    }
    if (arg.startsWith('-')) continue;
    commandPath.push(arg);
  }
  return profile === undefined ? { commandPath } : { profile, commandPath };
}

/** The value of `--name <v>` or `--name=<v>` anywhere before `--`. */
export function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--') return undefined;
    if (arg === name) return isValueToken(args[i + 1]) ? args[i + 1] : undefined;
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}
