// The demo's steps: the incident without the shim, then launcher + shim, then doctor and repair.
import fs from 'node:fs';
import path from 'node:path';
import { loadExeca } from '../lib/lazy-execa.ts';
import type { Output } from '../cli/output.ts';
import { builtFile, packageRoot } from '../install/package-files.ts';
import { Claims, firstJson } from './checks.ts';
import { DEMO_SESSION_KEY, SHADOW_ONLY_KEY, filesUnder, seedShadowOnlySession, type Sandbox } from './sandbox.ts';

export interface StepContext {
  sb: Sandbox;
  out: Output;
  claims: Claims;
}

const rel = (sb: Sandbox, p: unknown): string => (typeof p === 'string' ? p.replaceAll(sb.root, '<sandbox>') : String(p));

async function openclaw(sb: Sandbox, env: Record<string, string>, args: string[]) {
  return (await loadExeca())('openclaw', args, { cwd: sb.root, env, extendEnv: false, reject: false, stdin: 'ignore' });
}

async function cli(sb: Sandbox, args: string[]) {
  const env = { ...sb.gatewayEnv };
  return (await loadExeca())(process.execPath, [builtFile('cli.mjs'), ...args], { cwd: sb.root, env, extendEnv: false, reject: false, stdin: 'ignore' });
}

function ran(ctx: StepContext, envNote: string, command: string): void {
  ctx.out.line(ctx.out.style.dim(`  $ ${envNote ? `${envNote} ` : ''}${command}`));
}

export async function stepIncident(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  const iso = 'HOME=<codex-home>/home CODEX_HOME=<codex-home>';
  ran(ctx, 'HOME=<sandbox>/root', 'openclaw sessions --json      # the gateway\'s view');
  const gw = firstJson<{ path: string; count: number }>((await openclaw(sb, sb.gatewayEnv, ['sessions', '--json'])).stdout);
  out.line(`    gateway store ${rel(sb, gw?.path)}: ${gw?.count} session(s), one stuck in status "running"`);
  ran(ctx, iso, 'openclaw sessions --json      # a tool call inside Codex');
  const agent = firstJson<{ path: string; count: number }>((await openclaw(sb, sb.isolatedEnv, ['sessions', '--json'])).stdout);
  out.line(`    tool call reads ${rel(sb, agent?.path)}: ${agent?.count} session(s)`);
  const before = fs.readFileSync(path.join(sb.stateDir, 'agents/main/sessions/sessions.json'));
  ran(ctx, iso, 'openclaw sessions cleanup --enforce --json   # the "recovery"');
  const cleanup = firstJson<{ storePath: string; applied: boolean }>((await openclaw(sb, sb.isolatedEnv, ['sessions', 'cleanup', '--enforce', '--json'])).stdout);
  out.line(`    storePath ${rel(sb, cleanup?.storePath)}, applied: ${cleanup?.applied}`);
  claims.check(gw?.count === 1, 'the gateway\'s canonical store holds the stuck session', gw);
  claims.check(!!agent?.path?.startsWith(sb.isolatedHome) && agent.count === 0, 'the tool call reads a different, empty store inside the Codex home', agent);
  claims.check(cleanup?.applied === true && !!cleanup.storePath?.startsWith(sb.isolatedHome), 'cleanup reports success against the shadow store, not the gateway\'s', cleanup);
  claims.check(fs.existsSync(path.join(sb.isolatedHome, '.openclaw')), `a shadow state tree now exists: ${rel(sb, path.join(sb.isolatedHome, '.openclaw'))}`);
  claims.check(before.equals(fs.readFileSync(path.join(sb.stateDir, 'agents/main/sessions/sessions.json'))), 'the canonical store was not touched: the split brain');
}

export async function stepShim(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  const shadowBefore = filesUnder(path.join(sb.isolatedHome, '.openclaw'));
  const launcher = path.join(packageRoot(), 'bin', 'openclaw-codex-launch.mjs');
  const codexArgs = ['app-server', '--listen', 'stdio://', '-c', 'model="gpt-5.1"'];
  const rpc = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'openclaw' } } })}\n`;
  ran(ctx, 'gateway spawns', `openclaw-codex-launch ${codexArgs.join(' ')}   (HOME=<codex-home>/home CODEX_HOME=<codex-home>)`);
  out.line(out.style.dim('    the stand-in Codex echoes JSON-RPC and runs tool calls: openclaw sessions --json; openclaw sessions cleanup --enforce --json'));
  const env = { ...sb.gatewayEnv, OPENCLAW_SHIM_CODEX_BIN: sb.codexStandIn, DEMO_TOOL_RESULTS: sb.toolResults };
  const run = await (await loadExeca())(sb.gatewayStandIn, [launcher, sb.codexHome, ...codexArgs], { cwd: sb.root, env, extendEnv: false, reject: false, input: rpc });
  const tool = fs.existsSync(sb.toolResults)
    ? (JSON.parse(fs.readFileSync(sb.toolResults, 'utf8')) as { argv: string[]; home: string; results: Array<{ stdout: string; stderr: string }> })
    : undefined;
  const list = firstJson<{ path: string; count: number }>(tool?.results[0]?.stdout ?? '');
  const cleanup = firstJson<{ storePath: string; applied: boolean }>(tool?.results[1]?.stdout ?? '');
  out.line(`    tool call reads ${rel(sb, list?.path)}: ${list?.count} session(s)`);
  out.line(`    cleanup storePath ${rel(sb, cleanup?.storePath)}`);
  const notice = tool?.results[1]?.stderr.split('\n').find((l) => l.startsWith('openclaw-shim:'));
  if (notice) out.line(`    stderr: ${rel(sb, notice)}`);
  claims.check(run.exitCode === 0 && run.stdout === rpc.trimEnd(), 'Codex\'s JSON-RPC passed through the launcher byte for byte', { exit: run.exitCode, stderr: run.stderr.slice(0, 300) });
  claims.check(JSON.stringify(tool?.argv) === JSON.stringify(codexArgs), 'Codex got its arguments unchanged', tool?.argv);
  claims.check(tool?.home === sb.isolatedHome, 'Codex itself kept its isolated HOME', rel(sb, tool?.home));
  claims.check(list?.path === path.join(sb.stateDir, 'agents/main/sessions/sessions.json') && list.count === 1, 'the tool call reads the gateway\'s canonical store and sees the stuck session', list);
  claims.check(cleanup?.storePath === path.join(sb.stateDir, 'agents/main/sessions/sessions.json'), 'cleanup acts on the canonical store', cleanup);
  claims.check(JSON.stringify(filesUnder(path.join(sb.isolatedHome, '.openclaw'))) === JSON.stringify(shadowBefore), 'nothing new appeared in the shadow tree');
  ran(ctx, '', 'openclaw-shim log --state-dir <state> --limit 2');
  const log = await cli(sb, ['log', '--state-dir', sb.stateDir, '--limit', '2']);
  for (const line of log.stdout.split('\n')) out.line(`    ${rel(sb, line)}`);
  claims.check(log.exitCode === 0 && /redirected/.test(log.stdout) && /HOME: .* -> /.test(log.stdout), 'the redirect log says what was redirected and why', log.stderr);
}

export async function stepDoctor(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  seedShadowOnlySession(path.join(sb.isolatedHome, '.openclaw'));
  out.line(out.style.dim(`  (seeded ${SHADOW_ONLY_KEY} into the shadow store: a session recorded there during the incident)`));
  ran(ctx, '', 'openclaw-shim doctor --state-dir <state>');
  const human = await cli(sb, ['doctor', '--state-dir', sb.stateDir]);
  for (const line of human.stdout.trimEnd().split('\n')) out.line(`    ${rel(sb, line)}`);
  const report = firstJson<{ shadows: Array<{ path: string; stores: Array<{ agent: string; kind: string; onlyInShadow: number; onlyInCanonical: number; differing: number }> }> }>(
    (await cli(sb, ['doctor', '--state-dir', sb.stateDir, '--json'])).stdout,
  );
  const shadow = report?.shadows.find((s) => s.path === path.join(sb.isolatedHome, '.openclaw'));
  const store = shadow?.stores.find((s) => s.agent === 'main');
  claims.check(human.exitCode === 1, 'doctor exits 1: there are findings', human.exitCode);
  claims.check(!!store && store.onlyInShadow === 1 && store.onlyInCanonical === 1, 'doctor finds the shadow tree and how it diverges (1 session only in the shadow, 1 only in the gateway\'s store)', store);
}

export async function stepRepair(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  const canonicalFile = path.join(sb.stateDir, 'agents/main/sessions/sessions.json');
  const stuckBefore = (JSON.parse(fs.readFileSync(canonicalFile, 'utf8')) as Record<string, unknown>)[DEMO_SESSION_KEY];
  ran(ctx, '', 'openclaw-shim repair --state-dir <state>           # dry run: the plan');
  const plan = await cli(sb, ['repair', '--state-dir', sb.stateDir]);
  for (const line of plan.stdout.trimEnd().split('\n')) out.line(`    ${rel(sb, line)}`);
  const shadowFiles = filesUnder(path.join(sb.isolatedHome, '.openclaw'));
  ran(ctx, '', 'openclaw-shim repair --state-dir <state> --apply --json');
  const applied = await cli(sb, ['repair', '--state-dir', sb.stateDir, '--apply', '--json']);
  const result = firstJson<{ backupDir: string }>(applied.stdout);
  out.line(`    backup: ${rel(sb, result?.backupDir)}`);
  const merged = JSON.parse(fs.readFileSync(canonicalFile, 'utf8')) as Record<string, unknown>;
  ran(ctx, 'HOME=<sandbox>/root', 'openclaw sessions --json');
  const list = firstJson<{ count: number }>((await openclaw(sb, sb.gatewayEnv, ['sessions', '--json'])).stdout);
  out.line(`    gateway store now lists ${list?.count} session(s)`);
  const backedUp = !!result?.backupDir && shadowFiles.every((f) => filesUnder(result.backupDir).some((b) => b.endsWith(f)));
  claims.check(applied.exitCode === 0 && backedUp, 'every shadow file is in the backup', { exit: applied.exitCode, stderr: applied.stderr.slice(0, 300) });
  claims.check(!!merged[SHADOW_ONLY_KEY] && list?.count === 2, 'the shadow-only session is merged into the gateway\'s store and the real CLI lists it', list);
  claims.check(JSON.stringify(merged[DEMO_SESSION_KEY]) === JSON.stringify(stuckBefore), 'the canonical entry was not changed');
  claims.check(!fs.existsSync(path.join(sb.isolatedHome, '.openclaw')), 'the shadow tree is gone');
  const after = firstJson<{ shadows: unknown[] }>((await cli(sb, ['doctor', '--state-dir', sb.stateDir, '--json'])).stdout);
  claims.check(after?.shadows.length === 0, 'doctor finds no shadow tree any more', after?.shadows);
  const second = await cli(sb, ['repair', '--state-dir', sb.stateDir, '--apply', '--json']);
  const again = firstJson<{ actions?: unknown[] }>(second.stdout);
  claims.check(second.exitCode === 0 && Array.isArray(again?.actions) && again.actions.length === 0, 'a second repair --apply has nothing to do', again ?? second.stderr);
}
