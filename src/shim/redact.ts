// Removes secrets from argv before it is logged: option values, secret names, JSON, URL credentials, webhook URLs.
import { parseArgv } from '../canonical/argv.ts';

export const REDACTED = '[redacted]';
/** Longer arguments are not logged at all: nobody reads them, and scanning them costs every call. */
export const MAX_LOGGED_ARG = 2048;

/** Last words of a name that make it a secret: `--bot-token`, `OPENAI_API_KEY`, `gateway.auth.password`. */
const SECRET_WORD =
  /^(tokens?|pass|passwd|passw(?:or)?ds?|passphrase|secrets?|credentials?|cookies?|bearer|pin|auth|authori[sz]ation|(?:api|auth|private|recovery)key)$/;
/** `key` is a secret after these words only (`--api-key`, not `--session-key`, `--client-key <path>`). */
const KEY_QUALIFIER = /^(api|auth|private|secret|recovery|access|signing|encryption|master|license)$/;
/** Words that say "the thing before me, spelled out": `tokenValue` is a token, `tokenFile` is not. */
const VALUE_WORD = /^(value|plain|plaintext|raw|string|text|b64|base64)$/;
/** Switches about secrets, which take no value (`--generate-gateway-token`, `--no-auth-credentials`). */
const BOOLEAN_PREFIXES = [
  'no',
  'generate',
  'include',
  'import',
  'exclude',
  'clear',
  'rotate',
  'suppress',
  'use',
  'skip',
  'allow',
  'require',
].map((w) => `${w}-`);
/** `--no-…`, `-include-…`: a switch, never a secret's flag (string tests: no regex on a tool call's path). */
const isBooleanFlag = (flag: string): boolean => {
  const body = flag.startsWith('--') ? flag.slice(2) : flag.startsWith('-') ? flag.slice(1) : undefined;
  return body !== undefined && BOOLEAN_PREFIXES.some((p) => body.startsWith(p));
};
/** Query parameters that carry a key or signature (`?key=` Google and WeCom, `?sig=` Azure SAS, OAuth `?code=`). */
const QUERY_SECRET = /^(key|sig|signature|code)$/i;
/** OpenClaw's `--auth <mode>` values (2026.5.12, 2026.9.6): modes, not credentials. */
const AUTH_MODE = /^(none|token|password|trusted-proxy|oauth)$/;
/** OpenClaw session keys (`agent:<id>:…`) are shown by every `sessions` command: not secrets. */
const SESSION_KEY = /^agent:[\w-]+:/;

/**
 * Short flags. No OpenClaw 2026.5.12/2026.9.6 command defines `-p`, `--pass` or `--key` (their short flags
 * are -m message, -t target, -i -l -v -y -h -V), so those are the conventional password/key flags.
 * After `--` (`openclaw proxy run -- CMD …`) the child program decides: `-p` is a port or a switch for
 * these, and a password for every other program; a few name their secret with another letter.
 */
const CHILD_P_NOT_SECRET = new Set([
  'ssh',
  'scp',
  'psql',
  'pg_dump',
  'pg_restore',
  'pg_isready',
  'nc',
  'ncat',
  'mkdir',
  'docker',
  'podman',
]);
const CHILD_SECRET_SHORT: Record<string, string> = { 'redis-cli': '-a', 'docker login': '-p', 'podman login': '-p' };
/** mysql and mariadb take the password attached: `-pSECRET`. */
const ATTACHED_PASSWORD = /^(mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)$/;
/** curl's `-u user:password`. */
const USER_PASSWORD_FLAG = /^(-u|-U|--user|--proxy-user)$/;

/** A host name after the `@` that ends a userinfo holding a `/` (sticky: tested at one place). */
const HOST_AFTER_AT = /(?:[\w-]+\.)+[\w-]+|localhost\b|\[/y;
/** A URL's text after `://`, to the next space (bounded: userinfo and host are short). */
const URL_REST = /\S{0,512}/y;
/** `scheme://` at the start of a URL (bounded: no quadratic backtracking on long arguments). */
const URL_START = /\b[a-z][a-z0-9+.-]{0,31}:\/\//gi;
/** Webhook URLs whose path is the secret: the kept prefix, then the secret. */
const WEBHOOK_PATH = [
  /(\/\/(?:[^\s/@]*@)?hooks\.slack\.com\/(?:services|workflows|triggers)\/)[^\s?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?(?:[\w-]+\.)?discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/)[^\s/?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?api\.telegram\.org\/(?:file\/)?bot)[^\s/?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?[\w-]+\.webhook\.office\.com\/webhookb2\/)[^\s?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?hooks\.zapier\.com\/hooks\/catch\/\d+\/)[^\s/?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?maker\.ifttt\.com\/(?:trigger\/[^\s/?#]+\/(?:json\/)?with\/key|use)\/)[^\s/?#]+/gi,
  /(\/\/(?:[^\s/@]*@)?open\.(?:feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/)[^\s/?#]+/gi,
];
/** `?token=…` / `&password=…` in URLs and query strings. */
const QUERY_PARAM = /([?&;])([^=&#\s]{1,128})=([^&#\s]*)/g;
/** `Authorization: Bearer …`-style header text, and bare `Bearer`/`Basic` credentials. */
const HEADER_LINE =
  /\b((?:proxy-)?authori[sz]ation|cookie|set-cookie|x-api-key|api-key|x-auth-token)(\s*:\s*)[^\r\n]+/gi;
const SCHEME_CREDENTIAL = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/g;
/** `NAME=value` as a whole argument (env assignments, `-c key=value`). */
const ASSIGNMENT = /^([A-Za-z_][\w.-]{0,127})=(.*)$/s;
/** `NAME=` inside text (`env OPENAI_API_KEY=… node x`, `a=1,b.token=x`); its value ends at a space, `&` or quote. */
const PAIR_NAME = /(^|[^\w.-])([A-Za-z_][\w.-]{0,127})=/g;
const PAIR_VALUE = /(?:(?:Bearer|Basic|Token)\s+)?(?:"[^"]*"|'[^']*'|[^\s&"']+)/y;
/** `"secretName": "value"` inside text that is not valid JSON (JSON5, truncated). */
const LOOSE_JSON_PAIR = /(["']?)([\w.-]{1,128})\1(\s*:\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,{}[\]]+)/g;

/** Cheap first test: a name without one of these cannot end in a secret word. */
const SECRET_STEMS = ['tok', 'pass', 'secret', 'cred', 'cook', 'bear', 'pin', 'auth', 'key'];
/** A cheap first test (a substring, no regex): only a name holding one of these stems is looked at further. */
const maybeSecret = (name: string): boolean => {
  const lower = name.toLowerCase();
  return SECRET_STEMS.some((stem) => lower.includes(stem));
};
/** `apiKey`, `OPENAI_API_KEY`, `gateway.auth.token` → their lower-case words. */
const wordsOf = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Whether a name (option, env variable, config key, JSON field, header) names a secret: by its last word. */
export function isSecretName(name: string): boolean {
  if (!maybeSecret(name)) return false;
  const words = wordsOf(name);
  while (words.length > 1 && VALUE_WORD.test(words[words.length - 1]!)) words.pop();
  const last = words[words.length - 1] ?? '';
  return SECRET_WORD.test(last) || (last === 'key' && KEY_QUALIFIER.test(words[words.length - 2] ?? ''));
}

/** Where an argument stands: OpenClaw's own subcommand, or a child program after `--`. */
interface Where {
  command: string | undefined;
  child?: { program: string; sub: string | undefined };
}

/** Whether `flag`'s value is a secret here. */
function isSecretFlag(flag: string, where: Where): boolean {
  const child = where.child;
  if (child) {
    const own = CHILD_SECRET_SHORT[child.program] ?? CHILD_SECRET_SHORT[`${child.program} ${child.sub}`];
    if (own === flag) return true;
    if (flag === '-p') return !CHILD_P_NOT_SECRET.has(child.program);
  } else {
    if (flag === '-p') return true;
    // plugins/hooks install --pin and message --pin are switches; googlemeet's --pin <pin> is the phone PIN.
    if (flag === '--pin') return where.command === 'googlemeet';
    if (where.command === 'googlemeet' && flag === '--dtmf-sequence') return true;
  }
  if (isBooleanFlag(flag)) return false;
  return flag === '--key' || isSecretName(flag);
}

/** A value a secret-named flag may show: a session key after `--key`, a mode after `--auth`. */
const showsValue = (flag: string, value: string): boolean =>
  (flag === '--key' && SESSION_KEY.test(value)) || (/auth$/i.test(flag) && AUTH_MODE.test(value));

/** Objects and arrays with secret-named fields, or `{path|key|name: <secret name>, value}` pairs. */
function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const namesSecret = ['path', 'key', 'name'].some((k) => typeof obj[k] === 'string' && isSecretName(obj[k] as string));
  return Object.fromEntries(
    Object.entries(obj).map(([k, v]) => [
      k,
      (isSecretName(k) || (namesSecret && k === 'value')) && (v === null || typeof v !== 'object')
        ? REDACTED
        : redactValue(v),
    ]),
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
    return text.replace(LOOSE_JSON_PAIR, (all, q: string, name: string, sep: string) =>
      isSecretName(name) ? `${q}${name}${q}${sep}"${REDACTED}"` : all,
    );
  }
}

/** The end of a URL's userinfo in `rest` (the text after `://`), or -1 when it has none. */
function userinfoEnd(rest: string): number {
  const authority = /^[^/?#]*/.exec(rest)![0];
  const at = authority.lastIndexOf('@');
  if (at >= 0) return at;
  // `user:pa/ss@host`: the password holds a `/`, `?` or `#`. Then the userinfo ends at an `@` before a host name;
  // where the colon could start a port (`user:12/x@db.example.com`, `host:8080/users/@me`), only there.
  if (!authority.includes(':')) return -1;
  const last = rest.lastIndexOf('@', authority.length + 256);
  for (let i = last; i > authority.length; i = rest.lastIndexOf('@', i - 1)) {
    HOST_AFTER_AT.lastIndex = i + 1;
    if (HOST_AFTER_AT.test(rest)) return i;
  }
  return /^[^:]*:\d*$/.test(authority) ? -1 : rest.indexOf('@', authority.length);
}

/** URL userinfo of any shape: `user:[redacted]@`, and a user alone (often a token) as `[redacted]@`. */
function redactUserinfo(text: string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(URL_START)) {
    const start = m.index + m[0].length;
    if (start < from) continue;
    URL_REST.lastIndex = start;
    const rest = URL_REST.exec(text)![0];
    const end = userinfoEnd(rest);
    if (end < 0) continue;
    const colon = rest.indexOf(':');
    const kept = colon >= 0 && colon < end ? `${rest.slice(0, colon)}:` : '';
    out += `${text.slice(from, start)}${kept}${REDACTED}`;
    from = start + end;
  }
  return out + text.slice(from);
}

/** Secrets anywhere in one argument's text: URLs, query parameters, headers, `NAME=value` pairs. */
function redactText(arg: string): string {
  let out = arg;
  if (out.includes('://')) {
    out = redactUserinfo(out);
    for (const re of WEBHOOK_PATH) out = out.replace(re, `$1${REDACTED}`);
  }
  if (/[?&;]/.test(out)) {
    out = out.replace(QUERY_PARAM, (all, sep: string, name: string) =>
      isSecretName(name) || QUERY_SECRET.test(name) ? `${sep}${name}=${REDACTED}` : all,
    );
  }
  out = out.replace(HEADER_LINE, `$1$2${REDACTED}`).replace(SCHEME_CREDENTIAL, `$1 ${REDACTED}`);
  return out.includes('=') ? redactPairs(out) : out;
}

/** Secret `NAME=value` pairs inside text; other names' values are read on (`a=1,b.token=x`). */
function redactPairs(text: string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(PAIR_NAME)) {
    const valueStart = m.index + m[0].length;
    PAIR_VALUE.lastIndex = valueStart;
    if (valueStart < from || !isSecretName(m[2]!) || !PAIR_VALUE.test(text)) continue;
    out += `${text.slice(from, valueStart)}${REDACTED}`;
    from = PAIR_VALUE.lastIndex;
  }
  return out + text.slice(from);
}

/** A value as a whole: `NAME=value` with a secret name, or JSON with secret fields. */
function redactTail(text: string): string {
  const assignment = ASSIGNMENT.exec(text);
  if (assignment && isSecretName(assignment[1]!)) return `${assignment[1]}=${REDACTED}`;
  return redactJsonText(text);
}

/**
 * Letters, digits and `_ . / @ + , -` only: every rule above needs a `:`, `=`, `?`, `&`, `;`, `[`, `{` or
 * a space to match, so such an argument (`sessions`, `--json`, a path) is kept without compiling them
 * (nor this test: V8 compiles a regex on its first use in a process, on every tool call).
 */
function isPlainArg(arg: string): boolean {
  return onlyWordAnd(arg, 0, './@+,-');
}

/** Whether `text` from `from` on holds only letters, digits, `_` and the characters of `extra` (no regex: see isPlainArg). */
function onlyWordAnd(text: string, from: number, extra: string): boolean {
  for (let i = from; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (!word && !extra.includes(text[i]!)) return false;
  }
  return true;
}

/** An option word: `-x`, `--name`, `--a.b-c` (a dash, then at least one of letters, digits, `_ . -`). */
const isOptionWord = (word: string): boolean => word.length >= 2 && word[0] === '-' && onlyWordAnd(word, 1, '.-');

function redactOne(arg: string, where: Where): string {
  if (isPlainArg(arg)) return arg;
  const out = redactText(arg);
  const option = /^(--?[\w.-]+)=(.*)$/s.exec(out);
  if (!option) return redactTail(out);
  const flag = option[1]!;
  const value = option[2]!;
  return isSecretFlag(flag, where) && !showsValue(flag, value) ? `${flag}=${REDACTED}` : `${flag}=${redactTail(value)}`;
}

/** `config set`'s options that take a value (2026.9.6): SecretRef and provider builders, batch, expected value. */
const CONFIG_SET_VALUE_OPTION = /^--(ref-[a-z]+|provider-(?!json-only$)[a-z-]+|batch-[a-z]+|expect-current-json)$/;

/** Indexes of a secret config key's values: `config set [--flags] <secret.key> <value>`, and the expected one. */
function secretConfigValues(args: readonly string[]): Set<number> {
  const out = new Set<number>();
  const set = args.findIndex((a, i) => a === 'set' && args.slice(0, i).includes('config'));
  if (set < 0) return out;
  const positional: number[] = [];
  let expected: number | undefined;
  for (let i = set + 1; i < args.length; i += 1) {
    const a = args[i]!;
    if (a.startsWith('--') && CONFIG_SET_VALUE_OPTION.test(a)) {
      if (a === '--expect-current-json') expected = i + 1;
      i += 1;
    } else if (!a.startsWith('-')) positional.push(i);
  }
  const [key, value] = positional;
  if (key === undefined || !isSecretName(args[key]!)) return out;
  for (const i of [value, expected]) if (i !== undefined && i < args.length) out.add(i);
  return out;
}

/** The child program's secret written into its own argument: mysql's `-pSECRET`, curl's `-u user:SECRET`. */
function redactChildArg(arg: string, prev: string | undefined, program: string): string | undefined {
  if (ATTACHED_PASSWORD.test(program) && /^-p./s.test(arg)) return `-p${REDACTED}`;
  if (program === 'curl' && prev !== undefined && USER_PASSWORD_FLAG.test(prev) && arg.includes(':')) {
    return `${arg.slice(0, arg.indexOf(':'))}:${REDACTED}`;
  }
  return undefined;
}

/**
 * `--token X`, `--token=X`, `-p X`, `KEY=X` anywhere, URL userinfo and secret query parameters,
 * webhook URLs whose path is the secret, secret fields in JSON arguments (`--params`, `config patch`,
 * `--batch-json`), the value after a secret config key (`config set gateway.auth.token X`), and a
 * child program's passwords after `--`, are replaced; everything else is kept as typed.
 */
export function redactArgv(args: readonly string[]): string[] {
  const configValues = secretConfigValues(args);
  const dashes = args.indexOf('--');
  const program = dashes >= 0 ? (args[dashes + 1] ?? '').replace(/^.*\//, '') : '';
  const child = { program, sub: args[dashes + 2] };
  const own: Where = { command: parseArgv(args).commandPath[0] };
  return args.map((arg, i) => {
    if (arg.length > MAX_LOGGED_ARG) return `[${arg.length} characters not logged]`;
    const where: Where = dashes >= 0 && i > dashes + 1 ? { command: own.command, child } : own;
    const prev = i > 0 && i !== dashes + 1 ? args[i - 1] : undefined;
    const childArg = where.child ? redactChildArg(arg, prev, program) : undefined;
    if (childArg !== undefined) return childArg;
    const afterSecretOption =
      prev !== undefined && isOptionWord(prev) && isSecretFlag(prev, where) && !showsValue(prev, arg);
    return afterSecretOption || configValues.has(i) ? REDACTED : redactOne(arg, where);
  });
}
