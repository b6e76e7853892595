// Proves, before setup points OpenClaw at the launcher, that the installed launcher copy resolves and runs a real Codex.
import { loadExeca } from '../lib/lazy-execa.ts';
import { codexInstallAdvice } from '../releases/codex-advice.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { PROBE_VAR, type ProbeReport } from '../launch/probe.ts';
import type { Env } from '../canonical/types.ts';

export interface Ran {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

export type ProbeVerdict = { ok: true; file: string; args: string[]; source: string } | { ok: false; why: string };

const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).at(-1) ?? '';

/** What the launcher's probe said (pure): the Codex command it would run, or why there is none. */
export function judgeProbe(ran: Ran): ProbeVerdict {
  let report: Partial<ProbeReport> | undefined;
  try {
    report = JSON.parse(lastLine(ran.stdout)) as Partial<ProbeReport>;
  } catch {
    report = undefined;
  }
  if (report?.schema !== 'openclaw-shim/launch-probe') {
    const said = lastLine(ran.stderr) || lastLine(ran.stdout) || 'no output';
    return { ok: false, why: `the launcher did not answer its probe (exit ${ran.exitCode ?? 'none'}): ${said}` };
  }
  if (!report.ok || !report.file)
    return { ok: false, why: report.message ?? `the launcher found no Codex (exit ${ran.exitCode})` };
  return { ok: true, file: report.file, args: report.args ?? [], source: report.source ?? 'unknown' };
}

/** Whether `<codex> --version` answered like the Codex CLI (pure). */
export function judgeVersion(ran: Ran): { ok: true; version: string } | { ok: false; why: string } {
  const line = lastLine(ran.stdout);
  if (ran.exitCode === 0 && /^codex[-\w]*\s+\d/i.test(line)) return { ok: true, version: line };
  return {
    ok: false,
    why: `\`--version\` exited ${ran.exitCode ?? 'without a code'} and printed ${JSON.stringify(line || lastLine(ran.stderr))}`,
  };
}

async function run(file: string, args: string[], env: Env): Promise<Ran> {
  const r = await (await loadExeca())(file, args, {
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 30_000,
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr || r.shortMessage || '') };
}

const refuse = (launcherBin: string, why: string, version: string | undefined): ExitError =>
  new ExitError(
    EXIT.NO_CODEX,
    `setup refused: the launcher ${launcherBin} would not start a real Codex: ${why}.\n` +
      "OpenClaw's Codex command was not changed; the launcher copy and the shims setup wrote before this check stay " +
      `(\`openclaw-shim uninstall --apply\` removes them). ${capitalise(codexInstallAdvice(version))}, or name its Codex ` +
      'for setup to record: OPENCLAW_SHIM_CODEX_BIN=<path to codex> openclaw-shim setup --apply.',
  );

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Runs the launcher copy in probe mode with the environment OpenClaw's CLI gets (canonical state,
 * no CODEX_HOME), then the Codex it names with `--version`. Returns what it found, in words.
 */
export async function proveLauncher(launcherBin: string, cliEnv: Env, openclawVersion?: string): Promise<string> {
  // Without setup's own OPENCLAW_SHIM_CODEX_BIN: the gateway will not have it (setup recorded it instead).
  const { OPENCLAW_SHIM_CODEX_BIN: _setupsOwn, ...gatewayLike } = cliEnv;
  const probe = judgeProbe(await run(launcherBin, [], { ...gatewayLike, [PROBE_VAR]: '1' }));
  if (!probe.ok) throw refuse(launcherBin, probe.why, openclawVersion);
  const version = judgeVersion(await run(probe.file, [...probe.args, '--version'], cliEnv));
  if (!version.ok)
    throw refuse(
      launcherBin,
      `it names ${[probe.file, ...probe.args].join(' ')} (${probe.source}), but ${version.why}`,
      openclawVersion,
    );
  return `the launcher runs ${version.version}: ${[probe.file, ...probe.args].join(' ')} (${probe.source})`;
}

/**
 * The dry run's prediction of the check --apply makes: the launcher copy when it is already in place,
 * else this package's own launcher bundle, run by the Node setup records, with the Codex command the
 * copy would record (the operator's previous one, or one named for setup) given as the launcher's override.
 */
export async function predictLauncher(
  o: { launcherBin: string; inPlace: boolean; nodePath: string; launchJs: string; codexCommand?: string },
  cliEnv: Env,
): Promise<{ ok: true; what: string } | { ok: false; why: string }> {
  const { OPENCLAW_SHIM_CODEX_BIN: _setupsOwn, ...gatewayLike } = cliEnv;
  const env = {
    ...gatewayLike,
    [PROBE_VAR]: '1',
    ...(o.codexCommand && !o.inPlace ? { OPENCLAW_SHIM_CODEX_BIN: o.codexCommand } : {}),
  };
  const ran = o.inPlace ? await run(o.launcherBin, [], env) : await run(o.nodePath, [o.launchJs], env);
  const probe = judgeProbe(ran);
  if (!probe.ok) return { ok: false, why: probe.why };
  const version = judgeVersion(await run(probe.file, [...probe.args, '--version'], cliEnv));
  if (!version.ok)
    return {
      ok: false,
      why: `it names ${[probe.file, ...probe.args].join(' ')} (${probe.source}), but ${version.why}`,
    };
  return {
    ok: true,
    what: `the launcher would run ${version.version}: ${[probe.file, ...probe.args].join(' ')} (${probe.source})`,
  };
}
