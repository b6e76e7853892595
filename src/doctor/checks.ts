// Doctor's non-shadow checks: the shim and capture in each codex home, the launcher, the running gateway.
import fs from 'node:fs';
import path from 'node:path';
import { parseCapture } from '../canonical/capture.ts';
import { capturePathOf, codeCachePathOf, shimDirOf, shimPathOf } from '../layout/codex-home.ts';
import { launcherBinOf, launcherDirOf } from '../setup/launcher-copy.ts';
import type { CodexHomeRef } from '../store/discover.ts';
import type { GatewayView } from './gateway-relation.ts';
import { lockIsFor, type EnvCodexBin } from './launcher-env.ts';
import {
  captureFinding,
  codeCacheFinding,
  gatewayFinding,
  launcherFinding,
  shimFileFinding,
  shimFinding,
  type Ctx,
  type Finding,
} from './findings.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { judgeShimFile, type ShimFileVerdict } from './shim-file-check.ts';
import { codeCacheState, type CodeCacheState } from './code-cache-check.ts';
import type { StoreReads } from './store-cache.ts';

export const LAUNCHER_NAME = 'openclaw-codex-launch';

export interface CodexHomeStatus {
  path: string;
  ownerAgent: string;
  kind: CodexHomeRef['kind'];
  /**
   * `unreadable`: this user cannot look inside the codex home (SHADOW_UNREADABLE says so); nothing is guessed.
   * `outdated`: an older build's shim (SHIM_OUTDATED); `damaged`: one that fails every call (SHIM_DAMAGED);
   * `node-unusable`: a shim whose Node is gone, too old or broken (NODE_UNUSABLE error: every call fails).
   */
  shim: 'ok' | 'outdated' | 'damaged' | 'node-unusable' | 'missing' | 'foreign' | 'unreadable';
  capture: 'ok' | 'missing' | 'invalid' | 'stale' | 'unreadable';
  /** The shim's V8 code cache as the shim would find it (CODE_CACHE_DAMAGED); absent when the home is unreadable. */
  codeCache?: CodeCacheState;
}

type ShimState = { state: CodexHomeStatus['shim']; verdict?: ShimFileVerdict & { why: string } };

/** The shim file compared whole with what install writes now (a marker alone passed a file cut in half). */
function shimState(codexHome: string): ShimState {
  const file = path.join(shimDirOf(codexHome), 'openclaw');
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return { state: 'unreadable' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing' };
    // A dir or FIFO in its place: no shim of ours there (a PATH search passes a dir by).
    if (code === 'EISDIR' || code === 'ENOTREG') return { state: 'foreign' };
    // A file that cannot be read (EIO): Node cannot read it either.
    return { state: 'damaged', verdict: { state: 'damaged', why: `cannot be read (${(error as Error).message})` } };
  }
  const verdict = judgeShimFile(text);
  return verdict.state === 'ok' || verdict.state === 'foreign'
    ? { state: verdict.state }
    : { state: verdict.state, verdict };
}

/** Ours, whole or not: a capture beside it is used (or will be, once the shim is reinstalled). */
const isOurs = (shim: CodexHomeStatus['shim']): boolean => !['missing', 'foreign', 'unreadable'].includes(shim);

/** What is wrong with a capture text for this state dir (pure apart from the realOpenclaw probe). */
export function captureProblem(
  text: string | undefined,
  stateDir: string,
  exists: (p: string) => boolean,
): { code: 'CAPTURE_MISSING' | 'CAPTURE_INVALID' | 'CAPTURE_STALE'; why: string } | undefined {
  if (text === undefined)
    return { code: 'CAPTURE_MISSING', why: 'does not exist, so the shim must guess the canonical state' };
  const read = parseCapture(text);
  if (!read.ok) return { code: 'CAPTURE_INVALID', why: `is invalid: ${read.reason}` };
  const c = read.capture;
  if (path.resolve(c.stateDir.value) !== path.resolve(stateDir))
    return { code: 'CAPTURE_STALE', why: `names state dir ${c.stateDir.value}, not ${stateDir}` };
  if (c.realOpenclaw && !exists(c.realOpenclaw.value))
    return { code: 'CAPTURE_STALE', why: `names real openclaw ${c.realOpenclaw.value}, which no longer exists` };
  return undefined;
}

/**
 * The acpx adapter keeps HOME, so its codex home needs the shim only once the operator wires it
 * (docs/acpx.md): without a shim, capture or shadow tree there, a missing shim is only an info.
 */
const acpxUnwired = (
  home: CodexHomeRef,
  shim: CodexHomeStatus['shim'],
  captureText: string | undefined,
  hasShadow: boolean,
): boolean => home.kind === 'acpx' && shim === 'missing' && captureText === undefined && !hasShadow;

/** `hasShadow`: a shadow tree was found under this codex home. */
export function checkCodexHome(
  ctx: Ctx,
  home: CodexHomeRef,
  hasShadow = false,
  reads?: StoreReads,
): { status: CodexHomeStatus; findings: Finding[] } {
  const findings: Finding[] = [];
  const { state: shim, verdict } = shimState(home.path);
  if (shim === 'unreadable')
    return {
      status: { path: home.path, ownerAgent: home.ownerAgent, kind: home.kind, shim, capture: 'unreadable' },
      findings,
    };
  const capturePath = capturePathOf(home.path);
  let text: string | undefined;
  try {
    text = readRegularFile(capturePath);
  } catch {
    text = undefined;
  }
  if (shim === 'missing' || shim === 'foreign')
    findings.push(shimFinding(ctx, home.path, shim, acpxUnwired(home, shim, text, hasShadow)));
  if (verdict && verdict.state !== 'ok' && verdict.state !== 'foreign') {
    const launcherCopy = fs.existsSync(launcherBinOf(launcherDirOf(ctx.stateDir)));
    findings.push(shimFileFinding(ctx, shimPathOf(home.path), verdict, home.path, launcherCopy));
  }
  // Without a shim there is nothing to use the capture: one finding (install) is enough.
  const problem = isOurs(shim) ? captureProblem(text, ctx.stateDir, (p) => fs.existsSync(p)) : undefined;
  if (problem) findings.push(captureFinding(ctx, home.path, capturePath, problem));
  const capture: CodexHomeStatus['capture'] = !problem
    ? text === undefined
      ? 'missing'
      : 'ok'
    : problem.code === 'CAPTURE_MISSING'
      ? 'missing'
      : problem.code === 'CAPTURE_INVALID'
        ? 'invalid'
        : 'stale';
  const codeCache = codeCacheState(home.path, undefined, reads);
  if (codeCache === 'damaged') findings.push(codeCacheFinding(codeCachePathOf(home.path)));
  return {
    status: { path: home.path, ownerAgent: home.ownerAgent, kind: home.kind, shim, capture, codeCache },
    findings,
  };
}

/**
 * A shim that is whole but whose Node fails every call is not `ok` (the NODE_UNUSABLE check, run after the
 * codex homes, names it by the shim's path): the status says so too, for the checklist and the metrics.
 */
export function withShimNodes(statuses: CodexHomeStatus[], findings: readonly Finding[]): CodexHomeStatus[] {
  const failing = new Set(
    findings.filter((f) => f.code === 'NODE_UNUSABLE' && f.severity === 'error').map((f) => f.path),
  );
  return statuses.map((s) =>
    (s.shim === 'ok' || s.shim === 'outdated') && failing.has(shimPathOf(s.path)) ? { ...s, shim: 'node-unusable' } : s,
  );
}

const namesLauncher = (command: string): boolean =>
  path.basename(command).replace(/\.(mjs|js|cmd|exe)$/, '') === LAUNCHER_NAME;

/**
 * Only matters where OpenClaw spawns Codex: when an agent codex home exists. OpenClaw takes the config
 * key first, then OPENCLAW_CODEX_APP_SERVER_BIN: the variable (in doctor's or a live gateway's
 * environment) wires the launcher only while the key is unset.
 */
export function checkLauncher(
  ctx: Ctx,
  codexCommand: string | undefined,
  homes: CodexHomeRef[],
  envBins: EnvCodexBin[] = [],
): Finding[] {
  if (!homes.some((h) => h.kind !== 'acpx')) return [];
  if (codexCommand)
    return namesLauncher(codexCommand)
      ? []
      : [
          launcherFinding(
            ctx,
            codexCommand,
            envBins.filter((b) => namesLauncher(b.value)),
          ),
        ];
  if (envBins.some((b) => namesLauncher(b.value))) return [];
  return [launcherFinding(ctx, undefined, envBins)];
}

/**
 * A live gateway on another state than the one examined, unless a live gateway uses that one; only a gateway that
 * something ties to the examined state (gateway-relation.ts) counts: on a host of several gateways the others are
 * not this state's business. The fix names the state the gateway really uses.
 */
export function checkGateways(shellState: string | undefined, views: readonly GatewayView[]): Finding[] {
  const live = views.filter((v) => v.lock.alive);
  if (!shellState || live.length === 0) return [];
  if (live.some((v) => lockIsFor(v.lock, shellState) || path.resolve(v.stateDir) === path.resolve(shellState)))
    return [];
  return live.flatMap((v) => (v.relation ? [gatewayFinding(shellState, v.lock, v.stateDir, v.relation)] : []));
}
