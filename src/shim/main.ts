// The `openclaw` shim: resolve the gateway's canonical state, rewrite the path variables, log, exec.
import { resolveForShim } from './resolve-lazy.ts';
import { explicitEnvNotice } from '../canonical/explicit-env.ts';
import { writeStderr } from '../lib/stderr.ts';
import { EXIT } from '../lib/exit.ts';
import { isoTimeOf } from '../lib/iso-time.ts';
import { decide, type Decision } from './decide.ts';
import { noticeFor, pathsFor, realOpenclawFor } from './invocation.ts';
import { mutatingCommand } from './mutating.ts';
import { codexConfigText, readOnlyMessage, unwritable } from './read-only.ts';
import { logTargets, writeLog, writeLogOrSay as log, type LogRecord } from './log.ts';
import { redactArgv } from './redact.ts';
import { pickRunner, runnerLog, startReal } from './runner.ts';

declare const __SHIM_VERSION__: string;
/** The entry's hook (code-cache.ts) when the bundle runs inside it: the moment to save the compiled code. */
declare const __shimBeforeHandover: (() => void) | undefined;
const VERSION = typeof __SHIM_VERSION__ === 'string' ? __SHIM_VERSION__ : 'dev';
const MAX_DEPTH = 8;

function record(decision: Decision['kind'] | 'failed', args: string[], extra: Partial<LogRecord>): LogRecord {
  return {
    time: isoTimeOf(Date.now()),
    pid: process.pid,
    ppid: process.ppid,
    cwd: process.cwd(),
    argv: redactArgv(args),
    decision,
    redirects: [],
    shimVersion: VERSION,
    ...extra,
  };
}

/** A state-writing command whose state dir is read-only: the refusal line, else undefined. Read-only commands pay nothing. */
function readOnlyRefusal(
  childEnv: Record<string, string | undefined>,
  args: string[],
): { message: string; stateDir: string } | undefined {
  const command = mutatingCommand(args);
  if (!command || args.includes('--dry-run')) return undefined;
  const { stateDir } = pathsFor(childEnv, args, process.cwd());
  const why = unwritable(stateDir);
  return why
    ? { message: readOnlyMessage(command, stateDir, why, childEnv, codexConfigText(childEnv)), stateDir }
    : undefined;
}

function main(): void {
  const env = { ...process.env };
  const args = process.argv.slice(2);
  const depth = Number(env.OPENCLAW_SHIM_DEPTH ?? '0') || 0;
  if (depth >= MAX_DEPTH) {
    writeStderr(
      `openclaw-shim: openclaw -> shim loop detected (depth ${depth}); check PATH and OPENCLAW_SHIM_REAL_BIN\n`,
    );
    process.exitCode = EXIT.LOOP;
    return;
  }
  const { resolution, capture } = resolveForShim(env);
  const decision = decide({ env, args, resolution, cwd: process.cwd() });
  const stateDir = resolution.canonical?.stateDir.value;
  const codexHome = resolution.isolation.codexHome;
  const base = { ...(stateDir ? { stateDir } : {}), ...(codexHome ? { codexHome } : {}) };
  const targets = logTargets(env, stateDir, codexHome);

  // A mistyped OPENCLAW_SHIM_STATE_DIR is skipped like any unusable source, but never silently (the refusal lists it).
  const ignoredEnv = decision.kind === 'refused' ? undefined : explicitEnvNotice(resolution, env);
  if (ignoredEnv) writeStderr(ignoredEnv);
  if (decision.kind === 'refused') {
    log(record('refused', args, { ...base, reason: 'canonical state unknown' }), targets, env);
    writeStderr(decision.message);
    process.exitCode = EXIT.REFUSED;
    return;
  }
  const real = realOpenclawFor(env, capture, process.argv[1] ?? '');
  if (!real.ok) {
    log(record('failed', args, { ...base, reason: real.message.trim() }), targets, env);
    writeStderr(real.message);
    process.exitCode = real.code;
    return;
  }
  const childEnv = { ...decision.env, OPENCLAW_SHIM_DEPTH: String(depth + 1) };
  // Paths the shell expanded into the isolated home, mapped onto the canonical state (logged as redirects).
  const realArgs = decision.kind === 'redirected' && decision.args ? decision.args : args;
  const readOnly = readOnlyRefusal(childEnv, realArgs);
  if (readOnly) {
    // One line only: where the state dir is read-only, the log's silence needs no second line.
    writeLog(
      record('refused', args, {
        ...base,
        realBin: real.path,
        redirects: decision.records,
        reason: `state dir ${readOnly.stateDir} is read-only`,
      }),
      targets,
      env,
    );
    writeStderr(readOnly.message);
    process.exitCode = EXIT.READ_ONLY;
    return;
  }
  const runner = pickRunner(real.path, real.head, env, childEnv, capture);
  const kind = runner.how === 'no-node' ? 'failed' : decision.kind;
  log(
    record(kind, args, { ...base, realBin: real.path, redirects: decision.records, ...runnerLog(runner) }),
    targets,
    env,
  );
  if (runner.how === 'no-node') return startReal(runner, real.path, realArgs, childEnv);
  if (env.OPENCLAW_SHIM_QUIET !== '1') {
    if (decision.kind === 'bypassed')
      writeStderr('openclaw-shim: OPENCLAW_SHIM_BYPASS=1: running openclaw with the environment untouched\n');
    const notice = noticeFor(childEnv, realArgs, process.cwd(), real.path);
    if (notice) writeStderr(notice);
  }
  if (typeof __shimBeforeHandover === 'function') __shimBeforeHandover();
  startReal(runner, real.path, realArgs, childEnv, env);
}

main();
