// Builds the demo's sandbox: a gateway-shaped state dir, a Codex-shaped isolated home, a gateway stand-in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Sandbox {
  root: string;
  /** The gateway's HOME, like /root. */
  home: string;
  stateDir: string;
  configPath: string;
  /** `<state>/agents/main/agent/codex-home`: what OpenClaw gives the main agent's Codex. */
  codexHome: string;
  /** `<codexHome>/home`: the HOME 2026.5.12 sets for Codex and its tool calls. */
  isolatedHome: string;
  /** Holds `openclaw`, a link to the real CLI (the gateway's PATH has it). */
  binDir: string;
  tmp: string;
  /** A stand-in gateway process: spawns Codex (or the launcher) with the environment 2026.5.12 gives it. */
  gatewayStandIn: string;
  /** The real Codex (`@openai/codex`'s `bin/codex.js`, from the cache). */
  codexBin: string;
  /** The gateway's working directory for Codex (the thread's cwd). */
  workspace: string;
  /** The gateway's own environment (systemd-like: HOME, PATH, TMPDIR; no OPENCLAW_* set). */
  gatewayEnv: Record<string, string>;
  /** What a tool call inside Codex sees without the launcher. */
  isolatedEnv: Record<string, string>;
}

export const DEMO_SESSION_KEY = 'agent:main:telegram:direct:ops';
export const SHADOW_ONLY_KEY = 'agent:main:cli:recovery';

const CONFIG = '{ agents: { list: [ { id: "main", default: true }, { id: "target" } ] } }\n';

/** A stuck session in the gateway's canonical store: status running, no update for two hours. */
function seedCanonicalStore(stateDir: string): void {
  const dir = path.join(stateDir, 'agents', 'main', 'sessions');
  fs.mkdirSync(dir, { recursive: true });
  const sessionId = '5f0c2a1e-8d4b-4e61-9a37-1b2c3d4e5f60';
  const updatedAt = Date.now() - 2 * 60 * 60 * 1000;
  const store = {
    [DEMO_SESSION_KEY]: { sessionId, updatedAt, status: 'running', sessionFile: path.join(dir, `${sessionId}.jsonl`) },
  };
  fs.writeFileSync(path.join(dir, 'sessions.json'), `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, `${sessionId}.jsonl`), `${JSON.stringify({ type: 'session', id: sessionId })}\n`, {
    mode: 0o600,
  });
}

const GATEWAY_STAND_IN = `
// Stand-in gateway: spawn Codex (or what replaces it) as OpenClaw 2026.5.12 spawns codex app-server.
import { spawn } from 'node:child_process';
const [codexHome, command, ...args] = process.argv.slice(2);
const env = { ...process.env, CODEX_HOME: codexHome, HOME: codexHome + '/home' };
const child = spawn(command, args, { stdio: 'inherit', env });
child.on('exit', (code, signal) => { process.exitCode = signal ? 1 : code; });
`;

function writeScript(file: string, body: string): void {
  fs.writeFileSync(file, `#!${process.execPath}\n${body}`, { mode: 0o755 });
}

export function createSandbox(realOpenclaw: string, codexBin: string, parent: string = os.tmpdir()): Sandbox {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(parent, 'openclaw-shim-demo-')));
  const home = path.join(root, 'root');
  const stateDir = path.join(home, '.openclaw');
  const configPath = path.join(stateDir, 'openclaw.json');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  const isolatedHome = path.join(codexHome, 'home');
  const binDir = path.join(root, 'usr-bin');
  const tmp = path.join(root, 'tmp');
  for (const d of [stateDir, isolatedHome, binDir, tmp]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(configPath, CONFIG, { mode: 0o600 });
  seedCanonicalStore(stateDir);
  fs.symlinkSync(realOpenclaw, path.join(binDir, 'openclaw'));
  const gatewayStandIn = path.join(root, 'gateway-stand-in.mjs');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace);
  writeScript(gatewayStandIn, GATEWAY_STAND_IN);
  const PATH = [binDir, path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
  const gatewayEnv = { HOME: home, PATH, TMPDIR: tmp, NO_COLOR: '1' };
  return {
    root,
    home,
    stateDir,
    configPath,
    codexHome,
    isolatedHome,
    binDir,
    tmp,
    gatewayStandIn,
    workspace,
    codexBin,
    gatewayEnv,
    isolatedEnv: { ...gatewayEnv, HOME: isolatedHome, CODEX_HOME: codexHome },
  };
}

/** Records a session the shadow store gained during the incident (the merge has something to bring back). */
export function seedShadowOnlySession(shadowStateDir: string): string {
  const dir = path.join(shadowStateDir, 'agents', 'main', 'sessions');
  const file = path.join(dir, 'sessions.json');
  const store = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8') || '{}') as Record<string, unknown>)
    : {};
  const sessionId = '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
  store[SHADOW_ONLY_KEY] = {
    sessionId,
    updatedAt: Date.now(),
    status: 'done',
    sessionFile: path.join(dir, `${sessionId}.jsonl`),
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, `${sessionId}.jsonl`), `${JSON.stringify({ type: 'session', id: sessionId })}\n`, {
    mode: 0o600,
  });
  return sessionId;
}

/** Every file below `dir` (relative), for "nothing new appeared" checks. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}
