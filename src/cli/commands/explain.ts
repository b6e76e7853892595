// `openclaw-shim explain`: what the shim would do here and why.
import path from 'node:path';
import { explain, type Explanation } from '../../explain/explain.ts';
import { readAsOwnerOf } from '../../lib/read-as-owner.ts';
import { createOutput, type Output } from '../../lib/output.ts';
import { jsonOption, pathFlagOptions, toExplicit, defineCommand, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  'codex-home'?: string;
  json: boolean;
  '--'?: string[];
  _: Array<string | number>;
}

export const explainCommand = defineCommand<Args>({
  command: 'explain',
  describe: 'Show what the shim would do here and why (changes nothing); openclaw args after --',
  builder: (y) =>
    y
      .option('codex-home', { type: 'string', describe: 'Explain as if inside this Codex home (HOME=<it>/home)' })
      .options(pathFlagOptions)
      .options(jsonOption)
      .parserConfiguration({ 'populate--': true }),
  handler: (a: Args) => {
    const out = createOutput({ json: a.json });
    // Root explaining another user's codex home or state reads it as that user (its capture may be a planted link).
    const codexHome = a['codex-home'] ? path.resolve(a['codex-home']) : process.env.CODEX_HOME;
    readAsOwnerOf([
      codexHome,
      a['state-dir'],
      a['config-path'] && path.dirname(path.resolve(a['config-path'])),
      a.home,
      process.env.OPENCLAW_STATE_DIR,
    ]);
    const report = explain({
      env: process.env,
      cwd: process.cwd(),
      args: (a['--'] ?? []).map(String),
      flags: toExplicit(a),
      ...(a['codex-home'] ? { codexHome: a['codex-home'] } : {}),
    });
    if (a.json) out.json(report);
    else printExplanation(out, report);
  },
});

function printExplanation(out: Output, r: Explanation): void {
  const s = out.style;
  out.line(s.bold('Environment (path variables only)'));
  for (const [k, v] of Object.entries(r.environment)) out.line(`  ${k}=${v}`);
  const iso = r.isolation;
  out.line(
    iso.isolatedHome
      ? `Isolated: ${iso.via}=${iso.isolatedHome} is inside the Codex home ${iso.codexHome}`
      : 'Isolated: no',
  );
  out.line(s.bold('Sources tried (strongest first)'));
  for (const c of r.candidates) {
    const mark = c.ok ? s.green('ok ') : s.red('no ');
    out.line(
      `  ${mark} ${c.source.padEnd(13)} ${c.stateDir ?? '-'}  ${s.dim(c.detail)}${c.reason ? `  ${s.dim(`(${c.reason})`)}` : ''}`,
    );
  }
  if (r.canonical) {
    out.line(s.bold('Canonical'));
    for (const k of ['stateDir', 'configPath', 'home'] as const)
      out.line(
        `  ${k.padEnd(10)} ${r.canonical[k].value}  ${s.dim(`(${r.canonical[k].source}: ${r.canonical[k].detail})`)}`,
      );
    if (r.canonical.osHome)
      out.line(
        `  ${'osHome'.padEnd(10)} ${r.canonical.osHome.value}  ${s.dim(`(${r.canonical.osHome.source}: ${r.canonical.osHome.detail})`)}`,
      );
  }
  for (const d of r.disagreements)
    out.line(s.yellow(`Disagreement: ${d.source} (${d.detail}) says ${d.stateDir}, canonical is ${d.winner}`));
  out.line(`${s.bold('Decision')}: ${r.decision}`);
  for (const w of r.rewrite) out.line(`  ${w.name}: ${w.from ?? '(unset)'} -> ${w.to}  ${s.dim(`(${w.source})`)}`);
  if (r.openclawWillUse)
    out.line(
      `openclaw${r.openclawVersion ? ` ${r.openclawVersion}` : ''} will use state ${r.openclawWillUse.stateDir}, config ${r.openclawWillUse.configPath}`,
    );
  if (r.profileNote) out.line(r.profileNote.applies ? r.profileNote.message : s.yellow(r.profileNote.message));
  for (const u of r.unreadable)
    out.line(
      s.yellow(
        `Cannot read the ${u.what} ${u.path} as this user (${u.error}): run as its owner${u.ownerUid === undefined ? '' : ` (uid ${u.ownerUid})`}`,
      ),
    );
  out.line(
    'realOpenclaw' in r && 'path' in r.realOpenclaw
      ? `Real openclaw: ${r.realOpenclaw.path} (${r.realOpenclaw.source})`
      : `Real openclaw: ${(r.realOpenclaw as { error: string }).error}`,
  );
  if (r.mutationNotice) out.line(r.mutationNotice);
  if (r.refusal) out.line(s.red(r.refusal.trimEnd()));
  if (r.logFile) out.line(`Redirect log: ${r.logFile}`);
}
