// Runs the demo end to end in a temporary sandbox and says what each step proves.
import fs from 'node:fs';
import type { Output } from '../lib/output.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import { ensureCodex } from '../lib/codex-cache.ts';
import { OPENCLAW_VERSIONS, ensureOpenclaw } from '../lib/openclaw-cache.ts';
import { releaseRules } from '../releases/releases.ts';
import { json2026_5 } from '../releases/json-2026-5.ts';
import { Claims } from './checks.ts';
import { createSandbox } from './sandbox.ts';
import { stepDoctor, stepIncident, stepRepair, stepShim, type StepContext } from './steps.ts';

export interface DemoOptions {
  out: Output;
  keep: boolean;
  openclawVersion: string;
}

const STEPS: Array<[string, string, (ctx: StepContext) => Promise<void>]> = [
  [
    'The incident, with the real Codex and no shim',
    'The real Codex app-server, spawned as OpenClaw 2026.5.12 spawns it, runs the commands a (mock) model asks for.',
    stepIncident,
  ],
  [
    'Through the launcher and the shim',
    'The gateway spawns Codex through openclaw-codex-launch; even login shells reach the shim first on PATH.',
    stepShim,
  ],
  [
    'doctor on the shadow the incident left',
    'Finds every shadow tree and compares its stores with the canonical ones.',
    stepDoctor,
  ],
  [
    'repair: back up, merge, remove',
    "Backs up byte for byte, merges shadow-only sessions under OpenClaw's lock, removes the shadow.",
    stepRepair,
  ],
];

/**
 * The demo's incident and repair steps read and write the JSON session stores of 2026.5.x; on a later release
 * they would run and end in failed claims, so another version is bad input (exit 2) before anything runs.
 */
function refuseUnsupported(version: string): void {
  if (releaseRules(version)?.from === json2026_5.from) return;
  throw new ExitError(
    EXIT.USAGE,
    `the demo supports OpenClaw 2026.5.x only (JSON session stores; default ${OPENCLAW_VERSIONS.json}), not ${version}`,
  );
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const { out } = opts;
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22)
    throw new ExitError(EXIT.USAGE, `the demo runs OpenClaw on this Node (${process.version}); it needs Node >= 22.16`);
  refuseUnsupported(opts.openclawVersion);
  out.progress(`checking the OpenClaw ${opts.openclawVersion} cache...`);
  const cached = await ensureOpenclaw(opts.openclawVersion, (t) => out.progress(t));
  const codex = await ensureCodex(undefined, (t) => out.progress(t));
  const sb = createSandbox(cached.bin, codex.bin);
  out.line(out.style.bold(`openclaw-shim demo: OpenClaw ${opts.openclawVersion}, sandbox ${sb.root}`));
  out.line(
    `  gateway state <sandbox>/root/.openclaw; agent main's Codex home <sandbox>/root/.openclaw/agents/main/agent/codex-home`,
  );
  const claims = new Claims(out);
  try {
    for (const [i, [title, what, step]] of STEPS.entries()) {
      out.line();
      out.line(out.style.bold(`[${i + 1}/${STEPS.length}] ${title}`));
      out.line(`  ${what}`);
      await step({ sb, out, claims });
    }
  } finally {
    if (opts.keep) out.line(`\nSandbox kept for inspection: ${sb.root}`);
    else fs.rmSync(sb.root, { recursive: true, force: true });
  }
  out.line();
  out.line(
    claims.failed === 0
      ? out.style.green('Every claim held.')
      : out.style.red(`${claims.failed} claim(s) did not hold.`),
  );
  return claims.failed === 0 ? EXIT.OK : EXIT.FINDINGS;
}
