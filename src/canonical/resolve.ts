// Chooses the canonical state from every source's candidates and keeps each disagreement (pure).
import path from 'node:path';
import { homeVar } from './env-value.ts';
import { homeOfDefaultStateDir, isInsideCodexHome, parseCodexHomePath } from './layout.ts';
import { detectIsolation, knownCodexHomes } from './isolation.ts';
import { existingConfigIn } from './openclaw-paths.ts';
import { agentSqlitePath, defaultAgentDir, sessionsDirPath } from '../releases/layout.ts';
import { collectProposals, type SourceInputs } from './sources.ts';
import type { Candidate, Canonical, Disagreement, Field, FsProbe, Isolation, Resolution } from './types.ts';

export interface ResolveInput extends SourceInputs {
  probe: FsProbe;
  /**
   * Stop validating at the first valid source (the shim): what it runs depends on the winner alone,
   * and the weaker sources' probes only feed `disagreements`, which stay empty; for `explain` and doctor.
   */
  winnerOnly?: boolean;
}

/** Why a candidate after the winner has no verdict when `winnerOnly` is set. */
export const NOT_CHECKED = 'not checked: a stronger source decided';

/** Why a proposal cannot be the canonical state, or undefined when it can. */
export function rejectReason(
  c: Candidate,
  probe: FsProbe,
  codexHomes: string[],
  lockAlive: boolean,
  chainHomes: string[] = codexHomes,
): string | undefined {
  if (!c.stateDir) return c.detail.includes(': ') ? 'unreadable' : 'names no state dir';
  if (isInsideCodexHome(c.stateDir, codexHomes)) return `${c.stateDir} is inside an isolated Codex home`;
  if (c.configPath && isInsideCodexHome(c.configPath, codexHomes))
    return `${c.configPath} is inside an isolated Codex home`;
  if (c.home && isInsideCodexHome(c.home, codexHomes)) return `home ${c.home} is inside an isolated Codex home`;
  if (c.source === 'gateway-lock' && !lockAlive) return 'the gateway that wrote this lock is not running';
  if (!probe.isDir(c.stateDir)) return `${c.stateDir} does not exist or is not a directory`;
  const configIsFile = c.configPath !== undefined && probe.isFile(c.configPath);
  // The operator's OPENCLAW_SHIM_CONFIG_PATH names one file: a typo beside the real config is no config.
  if (c.source === 'explicit-env' && c.configPath && !configIsFile)
    return `${c.configPath} does not exist or is not a file`;
  const hasConfig = configIsFile || existingConfigIn(c.stateDir, probe);
  if (hasConfig || probe.isFile(path.join(c.stateDir, 'state', 'openclaw.sqlite'))) return undefined;
  if (!probe.isDir(path.join(c.stateDir, 'agents'))) return `${c.stateDir} holds no OpenClaw config and no agents/`;
  if (onlyCodexHomeChain(c.stateDir, probe, chainHomes)) {
    return `${c.stateDir} holds no OpenClaw config, and its agents/ holds nothing but the path to the isolated Codex home`;
  }
  return undefined;
}

/**
 * `<S>/agents/<id>/agent/codex-home` implies `<S>/agents/` exists, so that dir proves nothing about
 * `<S>` when it holds only `<id>` and `<id>` holds no session store. Needs `probe.list`.
 */
function onlyCodexHomeChain(stateDir: string, probe: FsProbe, codexHomes: string[]): boolean {
  if (!probe.list) return false;
  const ids = codexHomes
    .map((h) => parseCodexHomePath(h))
    .filter((s) => s?.stateRoot === path.resolve(stateDir) && s.agentId)
    .map((s) => s!.agentId!);
  if (!ids.length) return false;
  const agentsDir = path.join(stateDir, 'agents');
  if (probe.list(agentsDir).some((name) => !ids.includes(name))) return false;
  return !ids.some((id) => {
    return probe.isDir(sessionsDirPath(stateDir, id)) || probe.isFile(agentSqlitePath(defaultAgentDir(stateDir, id)));
  });
}

function homeField(
  winner: Candidate,
  stateDir: string,
  candidates: Candidate[],
  env: SourceInputs['env'],
  codexHomes: string[],
): Field {
  if (winner.home) return { value: winner.home, source: winner.source, detail: winner.detail };
  const fromName = homeOfDefaultStateDir(stateDir);
  if (fromName) return { value: fromName, source: 'derived', detail: `parent of ${stateDir}` };
  const envHome = homeVar(env.HOME);
  if (envHome && !isInsideCodexHome(envHome, codexHomes))
    return { value: envHome, source: 'derived', detail: 'HOME (not isolated)' };
  const other = candidates.find((c) => c.home && !isInsideCodexHome(c.home, codexHomes));
  if (other?.home) return { value: other.home, source: other.source, detail: other.detail };
  return { value: path.dirname(stateDir), source: 'derived', detail: `parent of ${stateDir}` };
}

/** HOME for the real CLI when OPENCLAW_HOME is the OpenClaw home: the source's HOME, else the passwd home. */
const withOsHome = (f: Field | undefined): { osHome?: Field } => (f ? { osHome: f } : {});

function osHomeField(winner: Candidate, candidates: Candidate[], codexHomes: string[]): Field | undefined {
  if (winner.osHome === undefined) return undefined;
  if (winner.osHome && !isInsideCodexHome(winner.osHome, codexHomes))
    return { value: winner.osHome, source: winner.source, detail: `${winner.detail} (HOME)` };
  const passwd = candidates.find((c) => c.source === 'passwd-home' && c.home && !isInsideCodexHome(c.home, codexHomes));
  return passwd?.home ? { value: passwd.home, source: 'passwd-home', detail: passwd.detail } : undefined;
}

function buildCanonical(
  winner: Candidate,
  candidates: Candidate[],
  input: ResolveInput,
  codexHomes: string[],
): Canonical {
  const stateDir = winner.stateDir!;
  const existing = winner.configPath ? undefined : existingConfigIn(stateDir, input.probe);
  const configPath: Field = winner.configPath
    ? { value: winner.configPath, source: winner.source, detail: winner.detail }
    : {
        value: existing ?? path.join(stateDir, 'openclaw.json'),
        source: 'derived',
        detail: existing ? `existing config in ${stateDir}` : `default in ${stateDir}`,
      };
  return {
    stateDir: { value: stateDir, source: winner.source, detail: winner.detail },
    configPath,
    home: homeField(winner, stateDir, candidates, input.env, codexHomes),
    ...withOsHome(osHomeField(winner, candidates, codexHomes)),
  };
}

/** Every source tried, the winner (strongest valid), and every valid source that disagrees. */
export function resolveCanonical(input: ResolveInput): Resolution {
  const captureHome = input.capture?.read.ok ? input.capture.read.capture.codexHome : undefined;
  const codexHomes = knownCodexHomes(input.env, [captureHome]);
  const isolation: Isolation = detectIsolation(input.env, input.cwd, codexHomes);
  const chainHomes = isolation.codexHome ? [...codexHomes, isolation.codexHome] : codexHomes;
  const alive = new Map(input.gatewayLocks.map((l) => [l.file, l.alive]));
  let decided = false;
  const candidates: Candidate[] = collectProposals(input).map((p) => {
    if (decided && input.winnerOnly) return { ...p, ok: false, reason: NOT_CHECKED };
    const lockFile = p.source === 'gateway-lock' ? p.detail.split(' ')[0]! : '';
    const reason = rejectReason({ ...p, ok: false }, input.probe, codexHomes, alive.get(lockFile) ?? false, chainHomes);
    decided ||= !reason;
    return reason ? { ...p, ok: false, reason } : { ...p, ok: true };
  });
  const winner = candidates.find((c) => c.ok);
  if (!winner) return { candidates, disagreements: [], isolation };
  const canonical = buildCanonical(winner, candidates, input, codexHomes);
  const disagreements: Disagreement[] = candidates
    .filter((c) => c.ok && c !== winner && path.resolve(c.stateDir!) !== path.resolve(canonical.stateDir.value))
    .map((c) => ({ source: c.source, detail: c.detail, stateDir: c.stateDir!, winner: canonical.stateDir.value }));
  return { canonical, candidates, disagreements, isolation };
}
