// Text for setup and uninstall: the plan with exact paths first, then what was done.
import type { Output } from '../lib/output.ts';
import type { Done } from './apply.ts';
import type { SetupPlan } from './plan.ts';
import type { Previous } from './record.ts';
import type { UninstallPlan } from './uninstall-plan.ts';
import { wiringAdvice } from './wiring.ts';

const describePrevious = (p: Previous): string =>
  p.set ? JSON.stringify(p.value) : 'unknown' in p ? 'unknown (no record)' : `unset (${p.absentFrom} absent)`;

export function renderSetupPlan(out: Output, plan: SetupPlan, apply: boolean): void {
  const s = out.style;
  out.line(s.bold(`openclaw-shim setup${apply ? '' : ' (dry run: nothing is changed; add --apply)'}`));
  out.line(`  state dir   ${plan.canon.stateDir}`);
  out.line(`  config      ${plan.canon.configPath}`);
  out.line(`  home        ${plan.canon.home}`);
  out.line(`  openclaw    ${plan.realOpenclaw}`);
  out.line(`  launcher    ${plan.launcherBin}`);
  if (plan.steps.length === 0) out.line(s.green('Nothing to do: setup is already in place.'));
  else out.line(s.bold('Plan'));
  for (const step of plan.steps) {
    if (step.kind === 'write-file') out.line(`  ${step.action} ${step.path}`);
    if (step.kind === 'install-shim')
      out.line(`  ${step.action} shim for agent ${step.agentId}: ${step.paths.join(', ')}`);
    if (step.kind === 'write-record') out.line(`  ${step.action} ${step.path} (what setup changed, for uninstall)`);
    if (step.kind === 'config-set')
      out.line(`  openclaw config set ${step.key} ${step.value}   (was ${describePrevious(step.previous)})`);
    if (step.kind === 'remove-file') out.line(`  remove ${step.path} (${step.why})`);
    if (step.kind === 'env-file-add')
      out.line(
        `  ${step.action} ${step.path}: append ${step.name}=${step.value} (one marked line; the file's other lines and mode stay)`,
      );
    if (step.kind === 'codex-config') {
      out.line(
        `  set ${step.key} = ${JSON.stringify(step.value)} in ${step.path}   (was ${step.previous.set ? JSON.stringify(step.previous.value) : 'unset'})`,
      );
    }
  }
  if (plan.steps.some((st) => st.kind === 'codex-config')) {
    out.line(
      s.yellow(
        '  note: with login shells off every command runs in a plain bash -c; a model asking for login: true gets its call rejected',
      ),
    );
  }
  if (plan.openclawWrites.length)
    out.line(s.dim(`  OpenClaw itself rewrites its config and may touch: ${plan.openclawWrites.join(', ')}`));
  for (const k of plan.skipped) out.line(s.yellow(`  skip ${k.path}: ${k.why}`));
  if (plan.inPlace.length) out.line(s.dim(`  already in place: ${plan.inPlace.length} item(s)`));
  renderWiring(out, plan);
  out.line(s.bold(`Systemd drop-in (optional, not written): ${plan.dropIn.path}`));
  for (const l of plan.dropIn.text.trimEnd().split('\n')) out.line(`  ${l}`);
  out.line(s.dim(`  then: ${plan.dropIn.commands.join(' && ')}`));
}

/** Which route wires the launcher and why, what a restart does, how to undo it; the snippet for managed configs. */
function renderWiring(out: Output, plan: SetupPlan): void {
  const s = out.style;
  const advice = wiringAdvice(plan.wiring, plan.launcherBin);
  out.line(s.bold(`Wiring: ${plan.wiring.route}`));
  out.line(`  why      ${plan.wiring.why}`);
  out.line(`  restart  ${advice.restart}`);
  out.line(`  undo     ${advice.undo}`);
  if (advice.snippet) for (const l of advice.snippet) out.line(`  ${l}`);
}

/** After --apply: the gateway runs Codex through the launcher only once it has restarted. */
export function renderRestart(out: Output, plan: SetupPlan): void {
  const wired = plan.steps.some((st) => st.kind === 'config-set' || st.kind === 'env-file-add');
  if (wired)
    out.line(out.style.yellow(`Restart the gateway now: ${wiringAdvice(plan.wiring, plan.launcherBin).restart}.`));
  else if (plan.wiring.route === 'declarative')
    out.line(out.style.yellow('Nothing was wired: declare the snippet above, then restart the gateway.'));
}

export function renderUninstallPlan(out: Output, plan: UninstallPlan, apply: boolean): void {
  const s = out.style;
  out.line(s.bold(`openclaw-shim uninstall${apply ? '' : ' (dry run: nothing is changed; add --apply)'}`));
  out.line(`  state dir   ${plan.canon.stateDir}`);
  if (plan.steps.length === 0) out.line(s.green('Nothing to do: no trace of setup or install found.'));
  else out.line(s.bold('Plan'));
  for (const step of plan.steps) {
    if (step.kind === 'config-set')
      out.line(`  openclaw config set ${step.key} ${JSON.stringify(step.value)}   (${step.why})`);
    if (step.kind === 'config-unset') out.line(`  openclaw config unset ${step.key}   (${step.why})`);
    if (step.kind === 'remove-file') out.line(`  remove ${step.path}`);
    if (step.kind === 'codex-config-restore')
      out.line(
        `  ${step.previous.set ? `set ${step.key} = ${JSON.stringify(step.previous.value)}` : `remove ${step.key}`} in ${step.path}   (the value before setup)`,
      );
    if (step.kind === 'remove-profile-block')
      out.line(
        `  take the openclaw-shim block out of ${step.path} (the file goes only if setup created it and nothing else is in it)`,
      );
    if (step.kind === 'remove-dir') out.line(s.dim(`  remove ${step.path}/ if empty`));
    if (step.kind === 'env-file-remove')
      out.line(`  take ${step.name}=${step.value} (setup's marked line) out of ${step.path}; every other line stays`);
    if (step.kind === 'keep-launcher')
      out.line(`  keep ${step.dir}/ (${step.why}); mark it for removal: ${step.marker}`);
  }
  for (const n of plan.notes) out.line(s.yellow(`  note: ${n}`));
}

export function renderDone(out: Output, done: Done[]): void {
  out.line(out.style.bold('Done'));
  for (const d of done)
    out.line(
      `  ${d.result === 'kept' ? out.style.yellow(d.what) : d.what}${d.why ? out.style.dim(` (${d.why})`) : ''}`,
    );
}
