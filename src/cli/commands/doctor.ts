// `openclaw-shim doctor`: finds shadow state trees and everything else that splits OpenClaw's state.
import { runDoctor } from '../../doctor/doctor.ts';
import path from 'node:path';
import { defaultCacheFile } from '../../doctor/store-cache.ts';
import { findGateways, type Gateways } from '../../doctor/gateways.ts';
import { readAsOwnerOf } from '../../lib/read-as-owner.ts';
import { ownerOf } from '../../lib/owner.ts';
import { printDoctor } from '../../doctor/render.ts';
import { resolveTarget } from '../../store/target.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { createOutput } from '../../lib/output.ts';
import {
  DOCTOR_FORMATS,
  emitMonitoring,
  nagiosOnFailure,
  timed,
  type DoctorFormat,
} from '../../doctor/monitor-output.ts';
import { defineCommand, jsonOption, pathFlagOptions, toExplicit, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  'stuck-minutes': number;
  json: boolean;
  format: DoctorFormat;
  textfile?: string;
}

/** `OPENCLAW_SHIM_GATEWAY_LOCK_DIRS` (path-list) names the 2026.5 lock dirs instead of every user's tmp ones. */
function gatewaysOfHost() {
  const lockDirs = process.env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS?.split(':').filter(Boolean);
  return findGateways({ ...(lockDirs ? { lockDirs } : {}), stateDirs: [], procRoot: '/proc' });
}

/** The host's gateways (seen as the user doctor was started as) and the 2026.9 locks inside the examined state. */
function withStateLocks(host: Gateways, stateDir: string): Gateways {
  const inState = findGateways({ lockDirs: [], stateDirs: [stateDir] }).locks;
  const seen = new Set(host.locks.map((l) => `${l.pid}\0${l.configPath}`));
  const locks = [...host.locks, ...inState.filter((l) => !seen.has(`${l.pid}\0${l.configPath}`))];
  const known = new Set(locks.filter((l) => l.alive).map((l) => l.pid));
  return { locks, unknown: host.unknown.filter((g) => !known.has(g.pid)) };
}

const dirOf = (p: string | undefined): string | undefined => (p ? path.dirname(path.resolve(p)) : undefined);

const ownerOr = (dir: string) => {
  try {
    return ownerOf(dir);
  } catch {
    return undefined;
  }
};

export const doctorCommand = defineCommand<Args>({
  command: 'doctor',
  describe: 'Find shadow state trees, stuck sessions and missing shims (read-only); exit 1 when anything needs fixing',
  builder: (y) =>
    y
      .options(pathFlagOptions)
      .option('stuck-minutes', {
        type: 'number',
        default: 30,
        describe: 'Report canonical sessions "running" with no update for longer than this',
      })
      .options(jsonOption)
      .option('format', {
        choices: DOCTOR_FORMATS,
        default: 'text',
        describe: 'text, json (= --json), prometheus (exposition format) or nagios (one plugin line; exit 0/1/2/3)',
      })
      .option('textfile', {
        type: 'string',
        describe: "Also write DIR/openclaw_shim.prom for node_exporter's textfile collector (atomic, 0644)",
      }),
  handler: (a: Args) => {
    if (a.json && a.format !== 'text' && a.format !== 'json')
      throw new ExitError(EXIT.USAGE, `--json and --format ${a.format} disagree; give one`);
    const format: DoctorFormat = a.json ? 'json' : a.format;
    if (format !== 'nagios') return doctor(a, format);
    try {
      doctor(a, format);
    } catch (error) {
      process.exitCode = nagiosOnFailure(createOutput(), error);
    }
  },
});

function doctor(a: Args, format: DoctorFormat): void {
  if (!Number.isFinite(a['stuck-minutes']) || a['stuck-minutes'] <= 0)
    throw new ExitError(EXIT.USAGE, '--stuck-minutes must be a positive number');
  if (a.textfile !== undefined && !a.textfile.trim()) throw new ExitError(EXIT.USAGE, '--textfile needs a directory');
  const out = createOutput({ json: format !== 'text' });
  const startedAs = process.getuid?.();
  // Every process and user's lock dirs, while root may still see them all (locks are read only where trusted).
  const host = gatewaysOfHost();
  // Root on another user's state reads it as that user: links an agent planted lead nowhere the owner cannot go.
  readAsOwnerOf([a['state-dir'], dirOf(a['config-path']), a.home]);
  const target = resolveTarget(toExplicit(a));
  readAsOwnerOf([target.stateDir]);
  const t = timed(() => {
    const gateways = withStateLocks(host, target.stateDir);
    const owner = ownerOr(target.stateDir);
    const runAs = { ...(startedAs !== undefined ? { uid: startedAs } : {}), ...(owner ? { owner } : {}) };
    const cacheFile = defaultCacheFile(target.stateDir);
    return runDoctor({
      ...target,
      stuckMinutes: a['stuck-minutes'],
      gatewayLocks: gateways.locks,
      unknownGateways: gateways.unknown,
      runAs,
      onProgress: out.progress,
      cacheFile,
    });
  });
  const report = t.report;
  const monitorExit = emitMonitoring(out, t, format, a.textfile);
  if (format === 'json') out.json(report);
  else if (format === 'text') printDoctor(out, report);
  process.exitCode = monitorExit ?? (report.healthy ? EXIT.OK : EXIT.FINDINGS);
}
