// Removes secrets from argv before it is logged: option values, secret config keys, JSON, URL credentials.

export const REDACTED = '[redacted]';
/** Longer arguments are not logged at all: nobody reads them, and scanning them costs every call. */
export const MAX_LOGGED_ARG = 2048;

/** Option, key, header or parameter names whose values are secrets. */
const SECRET_NAME = /(token|passw(or)?d|passphrase|secret|api[-_]?key|apikey|credential|auth[-_]?key|authori[sz]ation|recovery[-_]?key|private[-_]?key|bearer|cookie|pin\b|(^|[-_.])auth$)/i;
/** `scheme://user:pass@host` (quantifiers bounded: no quadratic backtracking on long arguments). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^/@\s:]{1,256}):([^/@\s]{1,1024})@/gi;
/** `?token=…` / `&password=…` in URLs and query strings. */
const QUERY_PARAM = /([?&;])([^=&#\s]{1,128})=([^&#\s]*)/g;
/** `Authorization: Bearer …`-style header text, and bare `Bearer`/`Basic` credentials. */
const HEADER_LINE = /\b((?:proxy-)?authori[sz]ation|cookie|set-cookie|x-api-key|api-key|x-auth-token)(\s*:\s*)[^\r\n]+/gi;
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/g;
/** `NAME=value` (env assignments, `-c key=value`). */
const ASSIGNMENT = /^([A-Za-z_][\w.-]{0,127})=(.*)$/s;
/** `"secretName": "value"` inside text that is not valid JSON (JSON5, truncated). */
const LOOSE_JSON_PAIR = /(["']?)([\w.-]{1,128})\1(\s*:\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,{}[\]]+)/g;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

/** Objects and arrays with secret-named fields, or `{path|key|name: <secret name>, value}` pairs. */
function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const namesSecret = ['path', 'key', 'name'].some((k) => typeof obj[k] === 'string' && isSecretName(obj[k] as string));
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [k, (isSecretName(k) || (namesSecret && k === 'value')) && (v === null || typeof v !== 'object') ? REDACTED : redactValue(v)]),
  );
}

/** JSON (or JSON-ish) text with its secret fields replaced; other text unchanged. */
function redactJsonText(text: string): string {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return text;
  try {
    const parsed: unknown = JSON.parse(t);
    const redacted = JSON.stringify(redactValue(parsed));
    // Without secrets the argument is kept exactly as typed, spacing and all.
    return redacted === JSON.stringify(parsed) ? text : redacted;
  } catch {
    return text.replace(LOOSE_JSON_PAIR, (all, q: string, name: string, sep: string) => (isSecretName(name) ? `${q}${name}${q}${sep}"${REDACTED}"` : all));
  }
}

function redactOne(arg: string): string {
  if (arg.length > MAX_LOGGED_ARG) return `[${arg.length} characters not logged]`;
  let out = arg.includes('://') ? arg.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`) : arg;
  if (/[?&;]/.test(out)) out = out.replace(QUERY_PARAM, (all, sep: string, name: string) => (isSecretName(name) ? `${sep}${name}=${REDACTED}` : all));
  out = out.replace(HEADER_LINE, `$1$2${REDACTED}`).replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`);
  const option = /^(--?[\w.-]+)=(.*)$/s.exec(out);
  if (option) return isSecretName(option[1]!) ? `${option[1]}=${REDACTED}` : `${option[1]}=${redactJsonText(option[2]!)}`;
  const assignment = ASSIGNMENT.exec(out);
  if (assignment && isSecretName(assignment[1]!)) return `${assignment[1]}=${REDACTED}`;
  return redactJsonText(out);
}

/** Indexes of values that follow a secret config key: `config set [--flags] <secret.key> <value>`. */
function secretConfigValues(args: readonly string[]): Set<number> {
  const out = new Set<number>();
  const set = args.findIndex((a, i) => a === 'set' && args.slice(0, i).includes('config'));
  if (set < 0) return out;
  const positional = args.map((a, i) => [a, i] as const).filter(([a, i]) => i > set && !a.startsWith('-'));
  const [key, value] = positional;
  if (key && value && isSecretName(key[0])) out.add(value[1]);
  return out;
}

/**
 * `--token X`, `--token=X`, `KEY=X`, URL passwords and secret query parameters, secret fields in
 * JSON arguments (`--params`, `config patch`, `--batch-json`), and the value after a secret config
 * key (`config set gateway.auth.token X`) are replaced; everything else is kept as typed.
 */
export function redactArgv(args: readonly string[]): string[] {
  const configValues = secretConfigValues(args);
  return args.map((arg, i) => {
    const prev = args[i - 1];
    const afterSecretOption = prev !== undefined && /^--?[\w.-]+$/.test(prev) && isSecretName(prev);
    if (arg.length > MAX_LOGGED_ARG) return `[${arg.length} characters not logged]`;
    return afterSecretOption || configValues.has(i) ? REDACTED : redactOne(arg);
  });
}
