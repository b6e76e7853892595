// Says what the shim would do here and why, from the same code the shim runs; changes nothing.
import path from 'node:path';
import { parseArgv } from '../canonical/argv.ts';
import { resolveHere } from '../canonical/gather.ts';
import type { ExplicitPaths } from '../canonical/sources.ts';
import type { Env } from '../canonical/types.ts';
import { decide } from '../shim/decide.ts';
import { noticeFor, pathsFor, realOpenclawFor } from '../shim/invocation.ts';
import { profileRuleFor } from '../canonical/openclaw-paths.ts';
import { openclawVersionOf } from '../canonical/openclaw-version.ts';
import { profileNote } from './profile-note.ts';
import { logTargets } from '../shim/log.ts';
import { redactArgv } from '../shim/redact.ts';
import { shimPathOf } from '../layout/codex-home.ts';
import { unreadableUsed } from '../store/readable.ts';

const EXPLAIN_SCHEMA = 'openclaw-shim/explain@1';

/** Path variables worth showing; no other environment value is ever reported. */
const PATH_VARS = [
  'HOME',
  'CODEX_HOME',
  'OPENCLAW_HOME',
  'OPENCLAW_STATE_DIR',
  'OPENCLAW_CONFIG_PATH',
  'OPENCLAW_CONFIG_DIR',
  'OPENCLAW_PROFILE',
  'CLAWDBOT_STATE_DIR',
  'CLAWDBOT_CONFIG_PATH',
  'OPENCLAW_SHIM_CAPTURE',
  'OPENCLAW_SHIM_STATE_DIR',
  'OPENCLAW_SHIM_CONFIG_PATH',
  'OPENCLAW_SHIM_HOME',
  'OPENCLAW_SHIM_REAL_BIN',
  'OPENCLAW_SHIM_LOG',
  'OPENCLAW_SHIM_BYPASS',
] as const;

export interface ExplainOptions {
  env: Env;
  cwd: string;
  args: string[];
  flags?: ExplicitPaths;
  /** Explain as if running inside this codex home (HOME=<it>/home, as 2026.5.12 sets it). */
  codexHome?: string;
  /** The shim path to exclude when finding the real binary. */
  shimPath?: string;
}

export function explain(opts: ExplainOptions) {
  const env: Env = { ...opts.env };
  if (opts.codexHome) {
    env.CODEX_HOME = path.resolve(opts.cwd, opts.codexHome);
    env.HOME = path.join(env.CODEX_HOME, 'home');
  }
  const { resolution, capture } = resolveHere({ env, cwd: opts.cwd, ...(opts.flags ? { flags: opts.flags } : {}) });
  const decision = decide({ env, args: opts.args, resolution, cwd: opts.cwd });
  const shimPath = opts.shimPath ?? (env.CODEX_HOME ? shimPathOf(env.CODEX_HOME) : '');
  const real = realOpenclawFor(env, capture, shimPath);
  const profile = parseArgv(opts.args).profile;
  const finalEnv = decision.kind === 'refused' ? env : decision.env;
  // Path arguments into the isolated home are mapped onto the canonical state, as the shim maps them.
  const finalArgs = decision.kind === 'redirected' && decision.args ? decision.args : opts.args;
  // The installed release decides how --profile meets the variables the shim sets.
  const version = real.ok ? openclawVersionOf(real.path) : undefined;
  const rule = profileRuleFor(version);
  const paths = pathsFor(finalEnv, opts.args, opts.cwd, rule);
  const note =
    decision.kind === 'refused'
      ? null
      : profileNote({ profile, rule, version, paths, stateVar: finalEnv.OPENCLAW_STATE_DIR, args: opts.args });
  return {
    schema: EXPLAIN_SCHEMA,
    args: redactArgv(opts.args),
    environment: Object.fromEntries(PATH_VARS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])),
    isolation: resolution.isolation,
    capture: capture
      ? { path: capture.path, ok: capture.read.ok, ...(capture.read.ok ? {} : { reason: capture.read.reason }) }
      : null,
    candidates: resolution.candidates,
    canonical: resolution.canonical ?? null,
    disagreements: resolution.disagreements,
    decision: decision.kind,
    rewrite: decision.records,
    ...(finalArgs === opts.args ? {} : { realArgs: redactArgv(finalArgs) }),
    profile: profile ?? null,
    openclawVersion: version ?? null,
    profileRule: rule,
    profileNote: note,
    openclawWillUse: decision.kind === 'refused' ? null : paths,
    /** What of those paths this user cannot read (the real CLI would fail there too). */
    unreadable: decision.kind === 'refused' ? [] : unreadableUsed(paths.stateDir, paths.configPath),
    realOpenclaw: real.ok
      ? { path: real.path, source: real.source }
      : { error: real.message.trim(), exitCode: real.code },
    mutationNotice:
      decision.kind === 'refused'
        ? null
        : (noticeFor(finalEnv, finalArgs, opts.cwd, real.ok ? real.path : undefined)?.trim() ?? null),
    refusal: decision.kind === 'refused' ? decision.message : null,
    logFile: logTargets(env, resolution.canonical?.stateDir.value, resolution.isolation.codexHome)[0] ?? null,
  };
}

export type Explanation = ReturnType<typeof explain>;
