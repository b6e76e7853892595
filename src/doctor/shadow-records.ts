// What a shadow tree records that repair will not carry over: a config that differs, sessionFile paths out of the state.
import path from 'node:path';
import { cmd } from '../lib/shell-words.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { compareShadowConfig, configSetCommands, describeDiffs } from '../store/config-diff.ts';
import { sessionFileOutside } from '../store/session-file.ts';
import { canonicalStorePaths } from '../store/shadow-layout.ts';
import type { Ctx, Finding } from './findings.ts';
import type { ShadowReport } from './report.ts';

const repairCmd = (c: Ctx): string =>
  `${cmd('openclaw-shim', 'repair', '--state-dir', c.stateDir)}   # then add --apply`;

/** SHADOW_CONFIG_DIFFERS: the leaf paths (secret values never shown) and the `config set` commands to carry them. */
export function shadowConfigFinding(ctx: Ctx, shadow: ShadowReport): Finding | undefined {
  const c = compareShadowConfig(shadow.path, ctx.configPath);
  if (c.kind === 'same') return undefined;
  const what =
    c.kind === 'differs'
      ? `differs from the canonical config ${ctx.configPath} at ${describeDiffs(c.diffs)}`
      : `could not be compared with the canonical config (${c.error})`;
  const sets = c.kind === 'differs' ? configSetCommands(c.diffs, ctx.configPath) : undefined;
  return {
    code: 'SHADOW_CONFIG_DIFFERS',
    severity: 'warn',
    message: `The config ${c.shadowConfig} in the shadow tree of agent ${shadow.ownerAgent} ${what}: OpenClaw run there changed it, the gateway never reads it, and repair only keeps it in its backup.`,
    fix: sets ? `${sets}   # only the changes you want` : `# compare ${c.shadowConfig} with ${ctx.configPath} by hand`,
    path: c.shadowConfig,
  };
}

function readEntries(file: string): Record<string, unknown> {
  try {
    const data = JSON.parse(readRegularFile(file)) as unknown;
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {}; // an unreadable store has its own finding (SHADOW_STORE_UNREADABLE)
  }
}

/** SHADOW_SESSION_PATH_OUTSIDE: shadow entries whose sessionFile lies outside the sessions dir it would land in. */
export function outsidePathFindings(ctx: Ctx, shadow: ShadowReport): Finding[] {
  const out: Finding[] = [];
  for (const store of shadow.stores) {
    if (store.kind !== 'sessions-json' || !store.agent) continue;
    const shadowDir = path.dirname(store.path);
    const canonicalDir = path.dirname(canonicalStorePaths(ctx.stateDir, store.agent).json);
    for (const [key, entry] of Object.entries(readEntries(store.path))) {
      const sf = (entry as { sessionFile?: unknown } | null)?.sessionFile;
      // Repair re-points a sessionFile in the shadow sessions dir at the canonical one: only what is left counts.
      const inShadow = typeof sf === 'string' && sessionFileOutside(entry, shadowDir) === undefined;
      const outside = inShadow ? undefined : sessionFileOutside(entry, canonicalDir);
      if (outside === undefined) continue;
      out.push({
        code: 'SHADOW_SESSION_PATH_OUTSIDE',
        severity: 'warn',
        message: `Shadow session ${key} in ${store.path} records sessionFile ${JSON.stringify(outside)}, outside ${canonicalDir}: OpenClaw refuses such a path, and repair does not merge this entry (it keeps it in its backup).`,
        fix: repairCmd(ctx),
        path: store.path,
      });
    }
  }
  return out;
}
