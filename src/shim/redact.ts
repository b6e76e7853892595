// Removes secrets from argv before it is logged: option values, secret config keys, URL credentials.

export const REDACTED = '[redacted]';

/** Option or key names whose values are secrets. */
const SECRET_NAME = /(token|passw(or)?d|secret|api[-_]?key|apikey|credential|auth[-_]?key|private[-_]?key|bearer|cookie|session[-_]?key)/i;
/** `scheme://user:pass@host` */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+):([^/@\s]+)@/gi;
/** `NAME=value` where NAME is secret-looking (env assignments, `-c key=value`). */
const ASSIGNMENT = /^([A-Za-z_][\w.-]*)=(.*)$/s;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

function redactOne(arg: string): string {
  const withoutUrlSecrets = arg.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
  const option = /^(--?[\w.-]+)=(.*)$/s.exec(withoutUrlSecrets);
  if (option && isSecretName(option[1]!)) return `${option[1]}=${REDACTED}`;
  const assignment = ASSIGNMENT.exec(withoutUrlSecrets);
  if (assignment && isSecretName(assignment[1]!)) return `${assignment[1]}=${REDACTED}`;
  return withoutUrlSecrets;
}

/**
 * `--token X`, `--token=X`, `KEY=X`, URLs with passwords, and the value after a secret config key
 * (`config set gateway.auth.token X`) are replaced; everything else is kept as typed.
 */
export function redactArgv(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const prev = args[i - 1];
    const secretOption = prev !== undefined && /^--?[\w.-]+$/.test(prev) && isSecretName(prev);
    const secretConfigValue = i >= 2 && args[i - 2] === 'set' && prev !== undefined && !prev.startsWith('-') && isSecretName(prev);
    out.push(secretOption || secretConfigValue ? REDACTED : redactOne(arg));
  }
  return out;
}
