// `openclaw-shim install`: put the shim and its capture into one Codex home.
import { installShim } from '../../install/install.ts';
import { chooseNode } from '../../install/node-path.ts';
import { createOutput } from '../../lib/output.ts';
import { jsonOption, pathFlagOptions, requireValue, toExplicit, defineCommand, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  'codex-home': string;
  'real-openclaw'?: string;
  node?: string;
  json: boolean;
}

export const installCommand = defineCommand<Args>({
  command: 'install',
  describe: 'Install the openclaw shim and capture into a Codex home (idempotent)',
  builder: (y) =>
    y
      .option('codex-home', {
        type: 'string',
        demandOption: true,
        describe: 'The Codex home (CODEX_HOME) to install into',
      })
      .options(pathFlagOptions)
      .option('real-openclaw', { type: 'string', describe: 'The real openclaw executable (default: first on PATH)' })
      .option('node', {
        type: 'string',
        describe: 'Node (>= 22.12) the shim runs on (default: this one); refused with 71 otherwise',
      })
      .options(jsonOption),
  handler: (a: Args) => {
    const out = createOutput({ json: a.json });
    const node = chooseNode(a.node);
    if (node.warning) out.error(`openclaw-shim: warning: ${node.warning}`);
    const result = installShim({
      codexHome: requireValue('codex-home', a['codex-home'])!,
      flags: toExplicit(a),
      env: process.env,
      command: 'install',
      ...(a['real-openclaw'] ? { realOpenclaw: a['real-openclaw'] } : {}),
      nodePath: node.path,
    });
    for (const w of result.warnings) out.error(`openclaw-shim: warning: ${w}`);
    if (a.json) {
      out.json({
        codexHome: result.codexHome,
        shimPath: result.shimPath,
        capturePath: result.capturePath,
        actions: result.actions,
        login: result.login,
        capture: result.capture,
        warnings: result.warnings,
      });
      return;
    }
    for (const { path, action } of result.actions) out.line(`${action.padEnd(9)} ${path}`);
    // A profile left alone (a link, a FIFO) says why: login shells there get no shim PATH from it.
    for (const { path, action, why } of result.login) out.line(`${action.padEnd(9)} ${path}${why ? ` (${why})` : ''}`);
    const c = result.capture;
    out.line(
      `canonical state dir ${c.stateDir.value} (${c.stateDir.source}), config ${c.configPath.value}, home ${c.home.value}`,
    );
    out.line(
      c.realOpenclaw
        ? `real openclaw ${c.realOpenclaw.value}`
        : 'real openclaw: not found now; the shim will search PATH at run time',
    );
    for (const d of c.disagreements) out.line(out.style.yellow(`note: ${d.source} (${d.detail}) says ${d.stateDir}`));
    out.line(`Put ${result.shimDir} first on PATH for processes in this Codex home (the launcher does this).`);
  },
});
