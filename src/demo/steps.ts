// The demo's steps: the incident without the shim, then launcher + shim, then doctor and repair.
import fs from 'node:fs';
import path from 'node:path';
import { loadExeca } from '../lib/lazy-execa.ts';
import type { Output } from '../lib/output.ts';
import { builtFile, packageRoot } from '../lib/package-files.ts';
import { startMockModel, mockProviderToml, type ScriptedCommand } from '../mock-model/server.ts';
import { runAppServerTurn } from '../mock-model/app-server-turn.ts';
import { type Claims, firstJson } from './checks.ts';
import { DEMO_SESSION_KEY, SHADOW_ONLY_KEY, filesUnder, seedShadowOnlySession, type Sandbox } from './sandbox.ts';

export interface StepContext {
  sb: Sandbox;
  out: Output;
  claims: Claims;
}

const rel = (sb: Sandbox, p: unknown): string =>
  typeof p === 'string' ? p.replaceAll(sb.root, '<sandbox>') : String(p);

async function openclaw(sb: Sandbox, env: Record<string, string>, args: string[]) {
  return (await loadExeca())('openclaw', args, { cwd: sb.root, env, extendEnv: false, reject: false, stdin: 'ignore' });
}

async function cli(sb: Sandbox, args: string[]) {
  const env = { ...sb.gatewayEnv };
  return (await loadExeca())(process.execPath, [builtFile('cli.mjs'), ...args], {
    cwd: sb.root,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

function ran(ctx: StepContext, envNote: string, command: string): void {
  ctx.out.line(ctx.out.style.dim(`  $ ${envNote ? `${envNote} ` : ''}${command}`));
}

/** One `codex app-server` turn of the real Codex, spawned by the gateway stand-in, the mock asking for `commands`. */
async function codexTurn(
  ctx: StepContext,
  commands: ScriptedCommand[],
  front: string[],
  extraEnv: Record<string, string> = {},
) {
  const { sb } = ctx;
  const mock = await startMockModel(commands);
  try {
    fs.writeFileSync(path.join(sb.codexHome, 'config.toml'), mockProviderToml(mock.baseUrl));
    const turn = await runAppServerTurn({
      command: [process.execPath, sb.gatewayStandIn, sb.codexHome, ...front, 'app-server', '--listen', 'stdio://'],
      env: { ...sb.gatewayEnv, ...extraEnv },
      cwd: sb.workspace,
      prompt: 'check the sessions and clean up',
    });
    return { turn, outputs: mock.outputs().map((o) => o.output) };
  } finally {
    await mock.close();
  }
}

const GATEWAY_SPAWN = 'HOME=<codex-home>/home CODEX_HOME=<codex-home>';

export async function stepIncident(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  ran(ctx, 'HOME=<sandbox>/root', "openclaw sessions --json      # the gateway's view");
  const gw = firstJson<{ path: string; count: number }>(
    (await openclaw(sb, sb.gatewayEnv, ['sessions', '--json'])).stdout,
  );
  out.line(`    gateway store ${rel(sb, gw?.path)}: ${gw?.count} session(s), one stuck in status "running"`);
  const before = fs.readFileSync(path.join(sb.stateDir, 'agents/main/sessions/sessions.json'));
  ran(
    ctx,
    'gateway spawns',
    `codex app-server --listen stdio://   (${GATEWAY_SPAWN}); the model asks for three commands:`,
  );
  out.line(
    out.style.dim(
      "    1. command -v openclaw   (a login shell, Codex's default)  2. openclaw sessions --json  3. openclaw sessions cleanup --enforce --json   (2 and 3 in plain shells)",
    ),
  );
  const { turn, outputs } = await codexTurn(
    ctx,
    [
      { cmd: 'command -v openclaw || echo "openclaw: not on PATH"; echo "PATH=$PATH"' },
      { cmd: 'openclaw sessions --json', login: false },
      { cmd: 'openclaw sessions cleanup --enforce --json', login: false },
    ],
    [process.execPath, sb.codexBin],
  );
  const loginPath = /PATH=(\S*)/.exec(outputs[0] ?? '')?.[1];
  const agent = firstJson<{ path: string; count: number }>(outputs[1] ?? '');
  const cleanup = firstJson<{ storePath: string; applied: boolean }>(outputs[2] ?? '');
  out.line(`    login shell: PATH=${loginPath}`);
  out.line(`    tool call reads ${rel(sb, agent?.path)}: ${agent?.count} session(s)`);
  out.line(`    storePath ${rel(sb, cleanup?.storePath)}, applied: ${cleanup?.applied}`);
  claims.check(
    turn.completed,
    'the real Codex ran the turn and every command the model asked for',
    turn.error ?? turn.stderr.slice(-300),
  );
  claims.check(gw?.count === 1, "the gateway's canonical store holds the stuck session", gw);
  claims.check(
    !!loginPath && !loginPath.split(':').includes(sb.binDir),
    "Codex's login shell dropped the gateway's PATH (/etc/profile sets its own): where openclaw sits in a system dir, it runs there in the isolated HOME",
    loginPath,
  );
  claims.check(
    !!agent?.path?.startsWith(sb.isolatedHome) && agent.count === 0,
    'the tool call reads a different, empty store inside the Codex home',
    agent,
  );
  claims.check(
    cleanup?.applied === true && !!cleanup.storePath?.startsWith(sb.isolatedHome),
    "cleanup reports success against the shadow store, not the gateway's",
    cleanup,
  );
  claims.check(
    fs.existsSync(path.join(sb.isolatedHome, '.openclaw')),
    `a shadow state tree now exists: ${rel(sb, path.join(sb.isolatedHome, '.openclaw'))}`,
  );
  claims.check(
    before.equals(fs.readFileSync(path.join(sb.stateDir, 'agents/main/sessions/sessions.json'))),
    'the canonical store was not touched: the split brain',
  );
}

export async function stepShim(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  const shadowBefore = filesUnder(path.join(sb.isolatedHome, '.openclaw'));
  const launcher = path.join(packageRoot(), 'bin', 'openclaw-codex-launch.mjs');
  ran(
    ctx,
    'gateway spawns',
    `openclaw-codex-launch app-server --listen stdio://   (${GATEWAY_SPAWN}); the launcher execs the real Codex`,
  );
  out.line(
    out.style.dim(
      "    the model asks for: openclaw sessions --json; openclaw sessions cleanup --enforce --json   (Codex's default: login shells)",
    ),
  );
  const { turn, outputs } = await codexTurn(
    ctx,
    [{ cmd: 'openclaw sessions --json' }, { cmd: 'openclaw sessions cleanup --enforce --json' }],
    [process.execPath, launcher],
    {
      OPENCLAW_SHIM_CODEX_BIN: sb.codexBin,
    },
  );
  const list = firstJson<{ path: string; count: number }>(outputs[0] ?? '');
  const cleanup = firstJson<{ storePath: string; applied: boolean }>(outputs[1] ?? '');
  out.line(`    tool call reads ${rel(sb, list?.path)}: ${list?.count} session(s)`);
  out.line(`    cleanup storePath ${rel(sb, cleanup?.storePath)}`);
  const canonicalStore = path.join(sb.stateDir, 'agents/main/sessions/sessions.json');
  claims.check(
    turn.completed,
    "Codex's JSON-RPC went through the launcher and the turn completed",
    turn.error ?? turn.stderr.slice(-300),
  );
  claims.check(
    list?.path === canonicalStore && list.count === 1,
    "the tool call, in a login shell, reads the gateway's canonical store and sees the stuck session",
    list,
  );
  claims.check(cleanup?.storePath === canonicalStore, 'cleanup acts on the canonical store', cleanup);
  claims.check(
    JSON.stringify(filesUnder(path.join(sb.isolatedHome, '.openclaw'))) === JSON.stringify(shadowBefore),
    'nothing new appeared in the shadow tree',
  );
  ran(ctx, '', 'openclaw-shim log --state-dir <state> --limit 2');
  const log = await cli(sb, ['log', '--state-dir', sb.stateDir, '--limit', '2']);
  for (const line of log.stdout.split('\n')) out.line(`    ${rel(sb, line)}`);
  claims.check(
    log.exitCode === 0 && /redirected/.test(log.stdout) && /HOME: .* -> /.test(log.stdout),
    'the redirect log says what was redirected and why',
    log.stderr,
  );
}

export async function stepDoctor(ctx: StepContext): Promise<void> {
  const { sb, out, claims } = ctx;
  seedShadowOnlySession(path.join(sb.isolatedHome, '.openclaw'));
  out.line(
    out.style.dim(`  (seeded ${SHADOW_ONLY_KEY} into the shadow store: a session recorded there during the incident)`),
  );
  ran(ctx, '', 'openclaw-shim doctor --state-dir <state>');
  const human = await cli(sb, ['doctor', '--state-dir', sb.stateDir]);
  for (const line of human.stdout.trimEnd().split('\n')) out.line(`    ${rel(sb, line)}`);
  const report = firstJson<{
    shadows: Array<{
      path: string;
      stores: Array<{ agent: string; kind: string; onlyInShadow: number; onlyInCanonical: number; differing: number }>;
    }>;
  }>((await cli(sb, ['doctor', '--state-dir', sb.stateDir, '--json'])).stdout);
  const shadow = report?.shadows.find((s) => s.path === path.join(sb.isolatedHome, '.openclaw'));
  const store = shadow?.stores.find((s) => s.agent === 'main');
  claims.check(human.exitCode === 1, 'doctor exits 1: there are findings', human.exitCode);
  claims.check(
    !!store && store.onlyInShadow === 1 && store.onlyInCanonical === 1,
    "doctor finds the shadow tree and how it diverges (1 session only in the shadow, 1 only in the gateway's store)",
    store,
  );
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
  const backedUp =
    !!result?.backupDir && shadowFiles.every((f) => filesUnder(result.backupDir).some((b) => b.endsWith(f)));
  claims.check(applied.exitCode === 0 && backedUp, 'every shadow file is in the backup', {
    exit: applied.exitCode,
    stderr: applied.stderr.slice(0, 300),
  });
  claims.check(
    !!merged[SHADOW_ONLY_KEY] && list?.count === 2,
    "the shadow-only session is merged into the gateway's store and the real CLI lists it",
    list,
  );
  claims.check(
    JSON.stringify(merged[DEMO_SESSION_KEY]) === JSON.stringify(stuckBefore),
    'the canonical entry was not changed',
  );
  claims.check(!fs.existsSync(path.join(sb.isolatedHome, '.openclaw')), 'the shadow tree is gone');
  const after = firstJson<{ shadows: unknown[] }>(
    (await cli(sb, ['doctor', '--state-dir', sb.stateDir, '--json'])).stdout,
  );
  claims.check(after?.shadows.length === 0, 'doctor finds no shadow tree any more', after?.shadows);
  const second = await cli(sb, ['repair', '--state-dir', sb.stateDir, '--apply', '--json']);
  const again = firstJson<{ actions?: unknown[] }>(second.stdout);
  claims.check(
    second.exitCode === 0 && Array.isArray(again?.actions) && again.actions.length === 0,
    'a second repair --apply has nothing to do',
    again ?? second.stderr,
  );
}
