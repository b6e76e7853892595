// `launch [--codex-home DIR] -- CMD…` read straight from argv: the CLI and the launcher copy both take it (pure).

export interface LaunchArgs {
  codexHome?: string;
  command: string[];
}

/**
 * Parsed without yargs, whose import touches process.stdout (making a piped fd 1 non-blocking for
 * the program we exec). Anything else, `--help` included, returns undefined.
 */
export function parseLaunchArgs(args: readonly string[]): LaunchArgs | undefined {
  if (args[0] !== 'launch') return undefined;
  const dashes = args.indexOf('--');
  if (dashes < 0 || dashes === args.length - 1) return undefined;
  let codexHome: string | undefined;
  for (let i = 1; i < dashes; i += 1) {
    const arg = args[i]!;
    if (arg === '--codex-home' && i + 1 < dashes && args[i + 1]) codexHome = args[(i += 1)];
    else if (arg.startsWith('--codex-home=') && arg.length > '--codex-home='.length)
      codexHome = arg.slice('--codex-home='.length);
    else return undefined;
  }
  return { ...(codexHome ? { codexHome } : {}), command: args.slice(dashes + 1) };
}
