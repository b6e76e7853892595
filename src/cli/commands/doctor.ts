// `openclaw-shim doctor`: finds shadow state trees and everything else that splits OpenClaw's state.
import { runDoctor } from '../../doctor/doctor.ts';
import { defaultCacheFile } from '../../doctor/store-cache.ts';
import { findGateways } from '../../doctor/gateways.ts';
import { ownerOf } from '../../lib/owner.ts';
import { printDoctor } from '../../doctor/render.ts';
import { resolveTarget } from '../../store/target.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { createOutput } from '../../lib/output.ts';
import { DOCTOR_FORMATS, emitMonitoring, nagiosOnFailure, timed, type DoctorFormat } from '../../doctor/monitor-output.ts';
import { defineCommand, jsonOption, pathFlagOptions, toExplicit, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  'stuck-minutes': number;
  json: boolean;
  format: DoctorFormat;
  textfile?: string;
}

/**
 * `OPENCLAW_SHIM_GATEWAY_LOCK_DIRS` (path-list) replaces the every-user lock dirs and, unless
 * `OPENCLAW_SHIM_PROC` names a proc root, the /proc scan: tests control every source.
 */
function gatewaysFor(stateDir: string) {
  const env = process.env;
  const lockDirs = env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS?.split(':').filter(Boolean);
  const procRoot = env.OPENCLAW_SHIM_PROC !== undefined ? env.OPENCLAW_SHIM_PROC || undefined : lockDirs ? undefined : '/proc';
  return findGateways({ ...(lockDirs ? { lockDirs } : {}), stateDirs: [stateDir], ...(procRoot ? { procRoot } : {}) });
}

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
      .option('stuck-minutes', { type: 'number', default: 30, describe: 'Report canonical sessions "running" with no update for longer than this' })
      .options(jsonOption)
      .option('format', { choices: DOCTOR_FORMATS, default: 'text', describe: 'text, json (= --json), prometheus (exposition format) or nagios (one plugin line; exit 0/1/2/3)' })
      .option('textfile', { type: 'string', describe: "Also write DIR/openclaw_shim.prom for node_exporter's textfile collector (atomic, 0644)" }),
  handler: (a: Args) => {
    if (a.json && a.format !== 'text' && a.format !== 'json') throw new ExitError(EXIT.USAGE, `--json and --format ${a.format} disagree; give one`);
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
    if (!Number.isFinite(a['stuck-minutes']) || a['stuck-minutes'] <= 0) throw new ExitError(EXIT.USAGE, '--stuck-minutes must be a positive number');
    if (a.textfile !== undefined && !a.textfile.trim()) throw new ExitError(EXIT.USAGE, '--textfile needs a directory');
    const out = createOutput({ json: format !== 'text' });
    const target = resolveTarget(toExplicit(a));
    const t = timed(() => {
    const gateways = gatewaysFor(target.stateDir);
    const owner = ownerOr(target.stateDir);
    const runAs = { ...(process.getuid ? { uid: process.getuid() } : {}), ...(owner ? { owner } : {}) };
    return runDoctor({ ...target, stuckMinutes: a['stuck-minutes'], gatewayLocks: gateways.locks, unknownGateways: gateways.unknown, runAs, onProgress: out.progress, cacheFile: defaultCacheFile(target.stateDir) });
    });
    const report = t.report;
    const monitorExit = emitMonitoring(out, t, format, a.textfile);
    if (format === 'json') out.json(report);
    else if (format === 'text') printDoctor(out, report);
    process.exitCode = monitorExit ?? (report.healthy ? EXIT.OK : EXIT.FINDINGS);
}
