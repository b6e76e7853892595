// `completion [bash|zsh]` and `completion --help`, in front of yargs (whose completion command takes no shell and prints the script for --help).
import { EXIT, ExitError } from '../lib/exit.ts';

export const COMPLETION_HELP = `openclaw-shim completion [bash|zsh]

Print a shell completion script (default: bash, or zsh when $SHELL is zsh).
  bash:  openclaw-shim completion bash >> ~/.bashrc
  zsh:   openclaw-shim completion zsh >> ~/.zshrc
`;

export type CompletionRequest =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'script'; shell: 'bash' | 'zsh' | undefined };

/** Pure: what `argv` asks of the completion command (yargs' own `--get-yargs-completions` calls are left to it). */
export function completionRequest(argv: string[]): CompletionRequest {
  if (argv[0] !== 'completion' || argv.includes('--get-yargs-completions')) return { kind: 'none' };
  const rest = argv.slice(1);
  if (rest.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  if (rest.length === 0) return { kind: 'script', shell: undefined };
  if (rest.length === 1 && (rest[0] === 'bash' || rest[0] === 'zsh')) return { kind: 'script', shell: rest[0] };
  throw new ExitError(
    EXIT.USAGE,
    `completion takes bash or zsh, not ${rest.join(' ')}\nRun 'openclaw-shim completion --help' for usage.`,
  );
}
