// The text openclaw-shim puts into login shells' files: PATH script, profile block, BASH_ENV script (pure).

export const BLOCK_BEGIN = '# >>> openclaw-shim >>>';
export const BLOCK_BEGIN_CREATED = '# >>> openclaw-shim (created this file) >>>';
export const BLOCK_END = '# <<< openclaw-shim <<<';

/** Single-quoted for POSIX sh, bash and zsh alike. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Sets PATH to the gateway's, shim dir first; sourced, so it only assigns. */
export function loginPathScript(shimDir: string, gatewayPath: string): string {
  const rest = gatewayPath.split(':').filter((d) => d && d !== shimDir);
  return [
    '# openclaw-shim: the PATH the gateway started Codex with, the openclaw shim first.',
    '# Login shells in this Codex home reset PATH through /etc/profile; this puts it back. Written at each launch.',
    `PATH=${shQuote([shimDir, ...rest].join(':'))}`,
    'export PATH',
    '',
  ].join('\n');
}

/** The marked block appended to a profile: a no-op once our file is gone. */
export function profileBlock(loginPathFile: string, created: boolean): string {
  const q = shQuote(loginPathFile);
  return [
    created ? BLOCK_BEGIN_CREATED : BLOCK_BEGIN,
    '# Added by openclaw-shim so that openclaw in Codex tool calls reaches the gateway state;',
    '# `openclaw-shim uninstall --apply` removes this block.',
    `if [ -r ${q} ]; then . ${q}; fi`,
    BLOCK_END,
    '',
  ].join('\n');
}

export interface BlockFound {
  /** The text with our block taken out. */
  rest: string;
  created: boolean;
  /** Line numbers of the begin and end markers. */
  start: number;
  end: number;
}

/** Finds our block (begin line to end line); undefined when the text has none. */
export function findBlock(text: string): BlockFound | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === BLOCK_BEGIN || l === BLOCK_BEGIN_CREATED);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l === BLOCK_END);
  if (end < 0) return undefined;
  return {
    rest: [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n'),
    created: lines[start] === BLOCK_BEGIN_CREATED,
    start,
    end,
  };
}

/** The file with our block in place: replaced where it was, else appended after the operator's text. */
export function withBlock(text: string, loginPathFile: string, createdNow: boolean): string {
  const found = findBlock(text);
  if (!found)
    return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${profileBlock(loginPathFile, createdNow)}`;
  const lines = text.split('\n');
  const block = profileBlock(loginPathFile, found.created).replace(/\n$/, '').split('\n');
  return [...lines.slice(0, found.start), ...block, ...lines.slice(found.end + 1)].join('\n');
}

/**
 * Which files login shells read in this home: bash the first of .bash_profile, .bash_login,
 * .profile; sh (dash) .profile; zsh .zprofile. Existing bash files are kept in charge.
 */
export function profileFiles(exists: (name: string) => boolean): string[] {
  const bash = ['.bash_profile', '.bash_login'].find(exists);
  return [...(bash ? [bash] : []), '.profile', '.zprofile'];
}

/**
 * BASH_ENV for Codex: the gateway's own BASH_ENV first, then, only in a login shell whose PATH
 * lost the shim dir (/etc/profile reset it and no profile put it back), the gateway's PATH.
 * Plain `bash -c` and scripts that set their own PATH are left alone.
 */
export function bashEnvScript(shimDir: string, loginPathFile: string, gatewayBashEnv: string | undefined): string {
  const lines = [
    '# openclaw-shim: BASH_ENV for Codex tool calls (set by openclaw-codex-launch). Written at each launch.',
  ];
  if (gatewayBashEnv) lines.push(`if [ -r ${shQuote(gatewayBashEnv)} ]; then . ${shQuote(gatewayBashEnv)}; fi`);
  lines.push(
    `case ":$PATH:" in *:${shQuote(shimDir)}:*) ;; *)`,
    `  if shopt -q login_shell 2>/dev/null && [ -r ${shQuote(loginPathFile)} ]; then . ${shQuote(loginPathFile)}; fi ;;`,
    'esac',
    '',
  );
  return lines.join('\n');
}
