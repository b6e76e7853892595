// `openclaw-shim doctor`: finds shadow state trees and everything else that splits OpenClaw's state.
import { runDoctor } from '../../doctor/doctor.ts';
import { findGateways } from '../../doctor/gateways.ts';
import { ownerOf } from '../../lib/owner.ts';
import { printDoctor } from '../../doctor/render.ts';
import { resolveTarget } from '../../store/target.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { createOutput } from '../../lib/output.ts';
import { defineCommand, jsonOption, pathFlagOptions, toExplicit, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  'stuck-minutes': number;
  json: boolean;
}

/** `OPENCLAW_SHIM_GATEWAY_LOCK_DIRS` (path-list) names the 2026.5 lock dirs instead of every user's tmp ones. */
function gatewaysFor(stateDir: string) {
  const lockDirs = process.env.OPENCLAW_SHIM_GATEWAY_LOCK_DIRS?.split(':').filter(Boolean);
  return findGateways({ ...(lockDirs ? { lockDirs } : {}), stateDirs: [stateDir], procRoot: '/proc' });
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
      .options(jsonOption),
  handler: (a: Args) => {
    if (!Number.isFinite(a['stuck-minutes']) || a['stuck-minutes'] <= 0) throw new ExitError(EXIT.USAGE, '--stuck-minutes must be a positive number');
    const out = createOutput({ json: a.json });
    const target = resolveTarget(toExplicit(a));
    const gateways = gatewaysFor(target.stateDir);
    const owner = ownerOr(target.stateDir);
    const runAs = { ...(process.getuid ? { uid: process.getuid() } : {}), ...(owner ? { owner } : {}) };
    const report = runDoctor({ ...target, stuckMinutes: a['stuck-minutes'], gatewayLocks: gateways.locks, unknownGateways: gateways.unknown, runAs, onProgress: out.progress });
    if (a.json) out.json(report);
    else printDoctor(out, report);
    process.exitCode = report.healthy ? EXIT.OK : EXIT.FINDINGS;
  },
});
