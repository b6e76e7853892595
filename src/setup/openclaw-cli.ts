// Runs the real OpenClaw CLI on the canonical state (config get/set/unset, agents list) via execa.
import { loadExeca } from '../lib/lazy-execa.ts';
import type { Env } from '../canonical/types.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import type { Owner } from '../lib/owner.ts';

export interface OpenclawCli {
  bin: string;
  /** The operator's environment with HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH made canonical. */
  env: Env;
  /** Waits between attempts while a starting gateway holds the state-lifecycle lock (default LIFECYCLE_BACKOFF_MS). */
  lifecycleWaits?: number[];
}

export interface Canon {
  stateDir: string;
  configPath: string;
  home: string;
}

/** The environment the real CLI runs in: the caller's, pinned to the canonical state. */
export function canonicalCliEnv(env: Env, canon: Canon): Env {
  const out: Env = {
    ...env,
    HOME: canon.home,
    OPENCLAW_STATE_DIR: canon.stateDir,
    OPENCLAW_CONFIG_PATH: canon.configPath,
  };
  for (const name of [
    'OPENCLAW_HOME',
    'OPENCLAW_PROFILE',
    'CLAWDBOT_STATE_DIR',
    'CLAWDBOT_CONFIG_PATH',
    'CODEX_HOME',
    'OPENCLAW_SHIM_CAPTURE',
  ])
    delete out[name];
  return out;
}

/** Per-user dirs of whoever started openclaw-shim: once root became the state's owner they are root's, not the owner's. */
const CALLER_DIRS = [
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_RUNTIME_DIR',
  'TMPDIR',
];

/**
 * The environment the real CLI runs in as the state's owner (setup, uninstall, repair's importer): pinned to the
 * canonical state; when root became the owner, without root's per-user dirs (a root-only TMPDIR, as pam_tmpdir
 * makes, fails OpenClaw: "Unable to create fallback OpenClaw temp dir") and with the owner's name (pure).
 */
export function ownerCliEnv(env: Env, canon: Canon, owner: Owner | undefined): Env {
  const out = canonicalCliEnv(env, canon);
  if (!owner) return out;
  for (const name of CALLER_DIRS) delete out[name];
  return owner.name ? { ...out, USER: owner.name, LOGNAME: owner.name } : out;
}

export interface Ran {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A gateway starting up holds OpenClaw's state-lifecycle lock for a while; the CLI then exits 70 with this. */
export const LIFECYCLE_BUSY = /another OpenClaw process owns state-lifecycle/i;
/** Waits between attempts while the lifecycle lock is held: about two minutes in all (a busy gateway start). */
export const LIFECYCLE_BACKOFF_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

/** Runs the CLI; while a starting gateway holds the state-lifecycle lock, waits and tries again, then says so (75). */
async function run(
  cli: OpenclawCli,
  args: string[],
  waits: number[] = cli.lifecycleWaits ?? LIFECYCLE_BACKOFF_MS,
): Promise<Ran> {
  for (let attempt = 0; ; attempt += 1) {
    const r = await runOnce(cli, args);
    if (r.exitCode === 0 || !LIFECYCLE_BUSY.test(`${r.stderr}\n${r.stdout}`)) return r;
    if (attempt >= waits.length) {
      throw new ExitError(
        EXIT.LOCKED,
        `openclaw ${args.slice(0, 2).join(' ')}: another OpenClaw process (a gateway starting up) still owns the state's lifecycle lock after ${attempt + 1} attempts over ${Math.round(waits.reduce((a, b) => a + b, 0) / 1000)} s; nothing more was changed: wait until the gateway is up, then run the same command again`,
      );
    }
    await new Promise((r2) => setTimeout(r2, waits[attempt]));
  }
}

async function runOnce(cli: OpenclawCli, args: string[]): Promise<Ran> {
  const r = await (await loadExeca())(cli.bin, args, {
    env: cli.env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  });
  if (r.failed && r.exitCode === undefined) {
    const code = (r.cause as NodeJS.ErrnoException | undefined)?.code;
    const exit = code === 'ENOENT' ? EXIT.NOT_FOUND : code === 'EACCES' ? EXIT.NOT_EXECUTABLE : EXIT.INTERNAL;
    throw new ExitError(exit, `cannot run ${cli.bin}: ${r.shortMessage}`, { cause: r.cause });
  }
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** The CLI's own error message: a JSON `{ ok: false, error }` on stdout (2026.9+) or stderr text. */
function errorMessage(r: Ran): string {
  try {
    const data = JSON.parse(r.stdout) as { error?: { message?: string } };
    if (data.error?.message) return data.error.message;
  } catch {
    // Not JSON: use stderr.
  }
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    lines.filter((l) => !/^Config (warnings|overwrite|write anomaly)|^- /.test(l)).at(-1) ??
    lines.at(-1) ??
    `exit ${r.exitCode}`
  );
}

const ABSENT = /not found|unknown config path|valid but unset/i;

/** At most this many lines of the real CLI's output in an error (a stack trace would be hundreds). */
const MAX_LINES = 40;

/**
 * The whole message the real CLI gave, not its last line ("Node.js v22.12+ is required" comes before
 * "… nvm alias default 22"): the JSON error, else stderr (else stdout), every non-empty line, indented.
 */
export function wholeMessage(r: Ran): string {
  try {
    const data = JSON.parse(r.stdout) as { error?: { message?: string } };
    if (data.error?.message) return data.error.message;
  } catch {
    // Not JSON: the text.
  }
  const text = r.stderr.trim() ? r.stderr : r.stdout;
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim());
  if (lines.length === 0) return `exit ${r.exitCode}, no message`;
  if (lines.length === 1) return lines[0]!.trim();
  const shown = lines.slice(0, MAX_LINES).map((l) => `  ${l}`);
  if (lines.length > MAX_LINES) shown.push(`  … and ${lines.length - MAX_LINES} more line(s)`);
  return `\n${shown.join('\n')}`;
}

/** OpenClaw refuses every command that reads or edits a config failing its own schema, with these words. */
const CONFIG_INVALID = /OpenClaw config is invalid/i;
const MAX_PROBLEMS = 5;

/**
 * OpenClaw's own words when the config itself is invalid: its problems (`gateway.port: Invalid input…`, from the
 * JSON `issues` of 2026.9+ or the `- …` lines of its text), else its message; undefined when that is not the trouble.
 */
export function invalidConfigProblems(r: Ran): string | undefined {
  const text = `${r.stdout}\n${r.stderr}`;
  if (!CONFIG_INVALID.test(text)) return undefined;
  let problems: string[] = [];
  try {
    const data = JSON.parse(r.stdout) as { issues?: Array<{ path?: unknown; message?: unknown }> };
    problems = (data.issues ?? []).flatMap((i) =>
      typeof i.message === 'string' ? [`${typeof i.path === 'string' && i.path ? `${i.path}: ` : ''}${i.message}`] : [],
    );
  } catch {
    problems = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('- '))
      .map((l) => l.slice(2).replace(/^[\w.-]+\.json:\d+ [—-] /, ''));
  }
  if (problems.length === 0) return 'OpenClaw config is invalid';
  const more = problems.length > MAX_PROBLEMS ? `; and ${problems.length - MAX_PROBLEMS} more` : '';
  return problems.slice(0, MAX_PROBLEMS).join('; ') + more;
}

/** The config is the problem, not the key: OpenClaw refuses every edit until it validates (exit 65, bad data). */
function invalidConfig(cli: OpenclawCli, what: string, problems: string): ExitError {
  const file = cli.env.OPENCLAW_CONFIG_PATH ?? "OpenClaw's config";
  return new ExitError(
    EXIT.DATA,
    `OpenClaw's config ${file} is invalid, so OpenClaw refuses every command that reads or edits it (\`openclaw ${what}\` said: ${problems}); fix the config first (\`openclaw config validate\` shows the problems, \`openclaw doctor --fix\` repairs what it can), then run the same openclaw-shim command again`,
  );
}

function failed(what: string, r: Ran, cli: OpenclawCli): ExitError {
  const problems = invalidConfigProblems(r);
  if (problems) return invalidConfig(cli, what, problems);
  return new ExitError(EXIT.INTERNAL, `openclaw ${what} failed (exit ${r.exitCode}): ${wholeMessage(r)}`);
}

/** `openclaw config get <key> --json`: the value, or undefined when OpenClaw says it is absent. */
export async function configGet(cli: OpenclawCli, key: string): Promise<{ found: boolean; value?: unknown }> {
  const r = await run(cli, ['config', 'get', key, '--json']);
  if (r.exitCode !== 0) {
    if (ABSENT.test(errorMessage(r))) return { found: false };
    throw failed(`config get ${key}`, r, cli);
  }
  try {
    return { found: true, value: JSON.parse(r.stdout) as unknown };
  } catch (error) {
    throw new ExitError(EXIT.DATA, `openclaw config get ${key} --json printed something that is not JSON`, {
      cause: error,
    });
  }
}

/** `openclaw config set <key> <json> --strict-json`: the value keeps its exact JSON type. */
export async function configSet(cli: OpenclawCli, key: string, value: unknown): Promise<void> {
  const r = await run(cli, ['config', 'set', key, JSON.stringify(value), '--strict-json']);
  if (r.exitCode !== 0) throw failed(`config set ${key}`, r, cli);
}

/**
 * `config set … --dry-run`: whether OpenClaw would accept the edit, without writing. A 2026.9.6 state
 * whose gateway has started once refuses every plugins.entries.codex.config edit ("Cannot edit retained config").
 */
export async function configSetAccepted(
  cli: OpenclawCli,
  key: string,
  value: unknown,
): Promise<{ accepted: true } | { accepted: false; why: string }> {
  const r = await run(cli, ['config', 'set', key, JSON.stringify(value), '--strict-json', '--dry-run']);
  if (r.exitCode === 0) return { accepted: true };
  // An invalid config refuses every edit: blaming the key (and taking another route) would hide the real problem.
  const problems = invalidConfigProblems(r);
  if (problems) throw invalidConfig(cli, `config set ${key} --dry-run`, problems);
  const why = wholeMessage(r).replace(/\s+/g, ' ').trim();
  return { accepted: false, why: why.length > 300 ? `${why.slice(0, 300)}…` : why };
}

export async function configUnset(cli: OpenclawCli, key: string): Promise<void> {
  const r = await run(cli, ['config', 'unset', key]);
  if (r.exitCode !== 0 && !ABSENT.test(errorMessage(r))) throw failed(`config unset ${key}`, r, cli);
}

/** `openclaw agents list --json`: every configured agent with its agentDir (custom ones included). */
export async function agentsList(cli: OpenclawCli): Promise<unknown> {
  const r = await run(cli, ['agents', 'list', '--json']);
  if (r.exitCode !== 0) throw failed('agents list', r, cli);
  try {
    return JSON.parse(r.stdout) as unknown;
  } catch (error) {
    throw new ExitError(EXIT.DATA, 'openclaw agents list --json printed something that is not JSON', { cause: error });
  }
}
