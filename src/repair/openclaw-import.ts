// Runs OpenClaw's own legacy-store importer (`openclaw doctor --session-sqlite import`) for one agent, on the canonical state.
import { loadExeca } from '../lib/lazy-execa.ts';
import { cmd } from '../lib/shell-words.ts';
import { ownerCliEnv, wholeMessage } from '../setup/openclaw-cli.ts';
import { stepDone } from './steps.ts';
import { becameOwner, type Owner } from '../lib/owner.ts';
import type { Env } from '../canonical/types.ts';

export interface Importer {
  /** The real `openclaw` (2026.9+: `doctor --session-sqlite import`). */
  bin: string;
  stateDir: string;
  configPath: string;
  home: string;
  /** The environment to pin (default: this process's). */
  env?: Record<string, string | undefined>;
}

export type ImportRun = { ok: true; imported: number; transcriptEvents: number } | { ok: false; why: string };

/** The importer's arguments: one agent, JSON on stdout. */
export const importArgs = (agent: string): string[] => [
  'doctor',
  '--session-sqlite',
  'import',
  '--session-sqlite-agent',
  agent,
  '--json',
];

/** The exact command, with the canonical HOME and state (what the dry run prints). */
export const importCommand = (i: Importer, agent: string): string =>
  `HOME=${cmd(i.home)} OPENCLAW_STATE_DIR=${cmd(i.stateDir)} OPENCLAW_CONFIG_PATH=${cmd(i.configPath)} ${cmd(i.bin, ...importArgs(agent))}`;

/** Ten minutes: a large store under load; the import is one transaction, so a kill leaves the database as it was. */
const TIMEOUT_MS = 600_000;

/** The importer's report (`totals` of its JSON), or why it failed in one line (pure). */
export function readImportOutput(exitCode: number, stdout: string, stderr: string): ImportRun {
  let totals: { importedEntries?: unknown; importedTranscriptEvents?: unknown; issues?: unknown } | undefined;
  try {
    totals = (JSON.parse(stdout) as { totals?: typeof totals }).totals;
  } catch {
    totals = undefined;
  }
  if (exitCode !== 0 || !totals || typeof totals.importedEntries !== 'number')
    return {
      ok: false,
      why: `openclaw doctor --session-sqlite import exited ${exitCode}: ${wholeMessage({ exitCode, stdout, stderr }).trim()}`,
    };
  return {
    ok: true,
    imported: totals.importedEntries,
    transcriptEvents: typeof totals.importedTranscriptEvents === 'number' ? totals.importedTranscriptEvents : 0,
  };
}

/** The importer's environment: the one rule for the real CLI as the state's owner (see ownerCliEnv; pure). */
export const importerEnv = (i: Importer, owner: Owner | undefined): Env =>
  ownerCliEnv(i.env ?? process.env, { stateDir: i.stateDir, configPath: i.configPath, home: i.home }, owner);

/**
 * Runs the importer as this process's user (repair already acts as the state's owner), with HOME and the
 * state pinned to the canonical ones. It makes no network connection (2026.9.6, checked with strace).
 */
export async function runImporter(
  i: Importer,
  agent: string,
  signal?: AbortSignal,
  started?: (pid: number | undefined) => void,
): Promise<ImportRun> {
  const child = (await loadExeca())(i.bin, importArgs(agent), {
    env: importerEnv(i, becameOwner()),
    extendEnv: false,
    // A dir the owner can enter (root's cwd is often /root).
    cwd: i.stateDir,
    reject: false,
    stdin: 'ignore',
    timeout: TIMEOUT_MS,
    ...(signal ? { cancelSignal: signal } : {}),
  });
  started?.(child.pid);
  stepDone(`import:started:${agent}`);
  const r = await child;
  if (r.failed && r.exitCode === undefined) return { ok: false, why: `cannot run ${i.bin}: ${r.shortMessage}` };
  return readImportOutput(r.exitCode ?? 1, String(r.stdout), String(r.stderr));
}
