// `<state>/.env`, OpenClaw's global env fallback: add or take out setup's one variable, keeping every other line and the mode.
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';

export const CODEX_BIN_VAR = 'OPENCLAW_CODEX_APP_SERVER_BIN';
/** Marks setup's line, so uninstall takes out exactly that one and nothing the operator wrote. */
export const ENV_MARK = '# openclaw-shim: the Codex launcher (openclaw-shim uninstall removes this line and the next)';

export const stateEnvFileOf = (stateDir: string): string => path.join(stateDir, '.env');

/** A value dotenv reads back unchanged: bare when it is plain, else double-quoted (paths rarely need it). */
const quoted = (value: string): string => (/^[\w@%+=:,./-]+$/.test(value) ? value : JSON.stringify(value));

const lineFor = (value: string): string => `${CODEX_BIN_VAR}=${quoted(value)}`;

/** `[export ]NAME=value` lines for the variable, with dotenv's quoting taken off (pure). */
export function envFileValue(text: string, name = CODEX_BIN_VAR): string | undefined {
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const m = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(.*?)\\s*$`).exec(raw);
    if (!m) continue;
    const v = m[1]!;
    found = /^(["']).*\1$/.test(v)
      ? v.startsWith('"')
        ? (JSON.parse(v) as string)
        : v.slice(1, -1)
      : v.replace(/\s+#.*$/, '');
  }
  return found;
}

/** Whether the text holds setup's marked line naming `value` (pure). */
export const hasOurLine = (text: string, value: string): boolean => {
  const lines = text.split('\n');
  return lines.some((l, i) => l === ENV_MARK && lines[i + 1] === lineFor(value));
};

/**
 * The file with setup's marked line added at the end (pure). dotenv keeps the last line for a name,
 * so ours wins over an operator's earlier one, which comes back untouched when uninstall takes ours out.
 */
export function withOurLine(text: string, value: string): string {
  if (hasOurLine(text, value)) return text;
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${body}${ENV_MARK}\n${lineFor(value)}\n`;
}

/** The file without setup's marked line for `value` (pure); every other byte stays. */
export function withoutOurLine(text: string, value: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l, i) => l === ENV_MARK && lines[i + 1] === lineFor(value));
  if (at < 0) return text;
  lines.splice(at, 2);
  return lines.join('\n');
}

export function readEnvFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ExitError(EXIT.NO_INPUT, `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/** Adds setup's line; the file keeps its mode (a new one is 0600: it usually holds API keys). */
export function addOurLine(file: string, value: string): 'created' | 'updated' | 'unchanged' {
  const text = readEnvFile(file);
  const next = withOurLine(text ?? '', value);
  if (text === next) return 'unchanged';
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink())
    throw new ExitError(EXIT.CANT_WRITE, `${file} is a symbolic link; not following it: add ${lineFor(value)} by hand`);
  writeFileAtomic(file, next);
  return text === undefined ? 'created' : 'updated';
}

/** Takes setup's line out; the file goes only when setup created it and nothing else is left in it. */
export function removeOurLine(
  file: string,
  value: string,
  created: boolean,
): 'removed-line' | 'removed-file' | 'absent' {
  const text = readEnvFile(file);
  if (text === undefined || !hasOurLine(text, value)) return 'absent';
  const next = withoutOurLine(text, value);
  if (created && next.trim() === '') {
    fs.rmSync(file, { force: true });
    return 'removed-file';
  }
  writeFileAtomic(file, next);
  return 'removed-line';
}
