// Findings of one kind that one command fixes become one finding listing every path (50 agents: one line, one fix).
import { cmd } from '../lib/shell-words.ts';
import type { Ctx, Finding, FindingCode } from './findings.ts';

/** How many paths the message names before "and N more" (the JSON `paths` has them all). */
const SHOWN = 5;

/** setup puts every shim and capture right in one run; repair handles every shadow tree in one. */
const setupFix = (c: Ctx): string => cmd('openclaw-shim', 'setup', '--state-dir', c.stateDir, '--apply');
const repairFix = (c: Ctx): string =>
  `${cmd('openclaw-shim', 'repair', '--state-dir', c.stateDir)}   # then add --apply`;
const by = (fix: (c: Ctx) => string, what: string) => (c: Ctx) => ({ fix: fix(c), what });

/** Codes whose per-path fixes are all covered by one command, and that command with what it covers. */
const ONE_FIX: Partial<Record<FindingCode, (c: Ctx) => { fix: string; what: string }>> = {
  CODEX_HOME_NO_SHIM: by(
    setupFix,
    'codex homes without the openclaw shim (openclaw run there writes a shadow tree); setup installs it into every one',
  ),
  CAPTURE_MISSING: by(
    setupFix,
    'captures missing, so the shim must guess the canonical state; setup rewrites every one',
  ),
  CAPTURE_STALE: by(
    setupFix,
    'captures that name another state dir or a real openclaw that is gone; setup rewrites every one',
  ),
  CAPTURE_INVALID: by(setupFix, 'captures that cannot be read; setup rewrites every one'),
  SHADOW_TREE: by(
    repairFix,
    'shadow state trees with no session the canonical stores lack; repair backs up and removes every one',
  ),
  SHADOW_DIVERGED: by(
    repairFix,
    'shadow state trees holding sessions the canonical stores lack or differ from; repair merges and removes every one',
  ),
};

const listed = (paths: string[]): string =>
  paths.slice(0, SHOWN).join(', ') + (paths.length > SHOWN ? `, and ${paths.length - SHOWN} more` : '');

/**
 * Pure: two or more findings of a groupable code and severity become one, at the place of the first,
 * with `paths` (every one) and `count`; every other finding is kept as it is.
 */
export function groupFindings(ctx: Ctx, findings: Finding[]): Finding[] {
  const key = (f: Finding): string => `${f.code}\u0000${f.severity}`;
  const groups = new Map<string, Finding[]>();
  for (const f of findings) if (ONE_FIX[f.code] && f.path) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
  const out: Finding[] = [];
  for (const f of findings) {
    const group = groups.get(key(f));
    if (!group || group.length < 2) out.push(f);
    else if (group[0] === f) out.push(merged(ctx, group));
  }
  return out;
}

function merged(ctx: Ctx, group: Finding[]): Finding {
  const first = group[0]!;
  const paths = group.map((f) => f.path!);
  const one = ONE_FIX[first.code]!(ctx);
  return {
    code: first.code,
    severity: first.severity,
    message: `${group.length} ${one.what}: ${listed(paths)}.`,
    fix: one.fix,
    path: paths[0]!,
    paths,
    count: group.length,
  };
}
