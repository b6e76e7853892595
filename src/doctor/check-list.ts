// doctor's checks beside the store pass: each a module with one signature, run in this order.
import type { GatewayLockInfo } from '../canonical/sources.ts';
import type { Owner } from '../lib/owner.ts';
import type { Target } from '../store/target.ts';
import type { UnknownGateway } from './gateways.ts';
import type { ReadEnv } from './launcher-env.ts';
import type { CodexHomeRef } from '../store/discover.ts';
import type { ConfigFacts } from '../store/config.ts';
import { checkGateways, checkLauncher } from './checks.ts';
import { checkCodexRuntime } from './codex-runtime.ts';
import type { Ctx, Finding, FindingCode } from './findings.ts';
import { checkGatewayUsers } from './gateway-users.ts';
import { gatewayViews } from './gateway-relation.ts';
import { envCodexBins } from './launcher-env.ts';
import { checkInterpreters, systemNodeProbe } from './node-check.ts';
import type { StoreReads } from './store-cache.ts';
import { checkLauncherGone, checkRetiredLauncher } from './launcher-gone.ts';
import { checkSecondTrees } from './second-trees.ts';
import { checkStaleTemps } from './stale-temps.ts';
import { checkStoreLocks } from './store-locks.ts';
import { checkUnfinishedRepair } from './unfinished-repair.ts';

/** What doctor is asked to examine, and with what it sees the host (the CLI fills it in). */
export interface DoctorOptions extends Target {
  stuckMinutes: number;
  gatewayLocks: GatewayLockInfo[];
  /** Gateway processes seen in /proc whose state could not be learned. */
  unknownGateways?: UnknownGateway[];
  /** Who runs doctor and who owns the state dir: fixes for another user's state are run as that user. */
  runAs?: { uid?: number; owner?: Owner };
  /** Doctor's own environment (OPENCLAW_CODEX_APP_SERVER_BIN); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Reads a live gateway's environment; /proc by default. */
  readEnv?: ReadEnv;
  now?: number;
  onProgress?: (text: string) => void;
  /** The per-store result cache (store-cache.ts); without it every store is read. */
  cacheFile?: string;
}

/** What every check may look at: the run's options and what the store pass already found. */
export interface CheckInput {
  ctx: Ctx;
  opts: DoctorOptions;
  config: ConfigFacts;
  /** Every codex home found (agents', custom agentDirs', acpx's). */
  homes: CodexHomeRef[];
  /** doctor's cache: answers about files kept while the file is unchanged (StoreReads.byFile). */
  reads?: StoreReads;
}

export interface DoctorCheck {
  /** What it looks at, in a few words (for a newcomer and for test names). */
  name: string;
  /** The codes it can give (src/doctor/codes.ts describes each). */
  codes: readonly FindingCode[];
  run(input: CheckInput): Finding[];
}

/**
 * The store pass (doctor.ts: canonical links, shadow trees, stores compared, stuck sessions, each codex
 * home's shim and capture) runs first; these follow, each independent of the others. A new check is a
 * module with a `check…` function, one entry here and its codes' rows in codes.ts.
 */
export const CHECKS: readonly DoctorCheck[] = [
  {
    name: 'codex runtime: shell snapshots, sandbox, config.toml',
    codes: ['CODEX_SNAPSHOT_BYPASSES_SHIM', 'CODEX_SANDBOX_STATE_READ_ONLY', 'CODEX_CONFIG_UNREADABLE'],
    run: (i) => i.homes.flatMap((h) => checkCodexRuntime(i.ctx, h)),
  },
  {
    name: "OpenClaw's Codex command is the launcher",
    codes: ['LAUNCHER_NOT_CONFIGURED'],
    run: (i) =>
      checkLauncher(
        i.ctx,
        i.config.codexCommand,
        i.homes,
        envCodexBins(i.opts.env ?? process.env, i.opts.stateDir, i.opts.gatewayLocks, i.opts.readEnv),
      ),
  },
  {
    name: 'the launcher a gateway would start is there',
    codes: ['LAUNCHER_GONE', 'LAUNCHER_RETIRED'],
    run: (i) => {
      const envBins = envCodexBins(i.opts.env ?? process.env, i.opts.stateDir, i.opts.gatewayLocks, i.opts.readEnv);
      return [...checkLauncherGone(i.ctx, i.config.codexCommand, envBins), ...checkRetiredLauncher(i.ctx)];
    },
  },
  {
    name: 'running gateways use this state',
    codes: ['GATEWAY_STATE_MISMATCH'],
    run: (i) =>
      checkGateways(
        i.opts.stateDir,
        gatewayViews(
          i.opts.stateDir,
          i.homes.map((h) => h.path),
          i.opts.gatewayLocks,
          i.opts.readEnv,
        ),
      ),
  },
  {
    name: "other users' gateways",
    codes: ['GATEWAY_OTHER_USER'],
    run: (i) =>
      checkGatewayUsers(i.opts.runAs?.uid, i.opts.stateDir, i.opts.gatewayLocks, i.opts.unknownGateways ?? []),
  },
  {
    name: 'the Node shims and the launcher run on',
    codes: ['NODE_UNUSABLE'],
    run: (i) => checkInterpreters(i.ctx, i.homes, systemNodeProbe(process.env, i.reads)),
  },
  { name: 'an unfinished repair', codes: ['REPAIR_UNFINISHED'], run: (i) => checkUnfinishedRepair(i.ctx) },
  {
    name: 'canonical store locks',
    codes: ['STORE_LOCK_HELD', 'STORE_LOCK_NOT_A_FILE'],
    run: (i) => checkStoreLocks(i.opts.stateDir, i.config.agents),
  },
  { name: 'temp files a killed openclaw-shim left', codes: ['STALE_TEMP_FILES'], run: (i) => checkStaleTemps(i.ctx) },
  {
    name: 'second state trees',
    codes: ['SECOND_STATE_TREE'],
    run: (i) => checkSecondTrees(i.opts.stateDir, i.opts.home),
  },
];
