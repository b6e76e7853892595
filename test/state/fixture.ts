// A small state dir with one agent, a canonical store and a shadow tree, readable by an unprivileged user, and a way to run the built CLI as that user.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { forOtherUser, reach } from '../helpers/other-user.ts';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';

/** The uid/gid the "other user" runs as (nobody): root's CAP_DAC_OVERRIDE would read anything. */
export const NOBODY = 65534;

export const canDropPrivileges = (): boolean => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface StateFixture {
  dir: string;
  home: string;
  stateDir: string;
  configPath: string;
  canonicalStore: string;
  codexHome: string;
  shadow: string;
  shadowStore: string;
  cleanup(): void;
}

export function makeState(): StateFixture {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-state-')));
  fs.chmodSync(dir, 0o755);
  const home = path.join(dir, 'home');
  const stateDir = path.join(home, '.openclaw');
  const configPath = path.join(stateDir, 'openclaw.json');
  const canonicalStore = path.join(stateDir, 'agents/main/sessions/sessions.json');
  const codexHome = path.join(stateDir, 'agents/main/agent/codex-home');
  const shadow = path.join(codexHome, 'home/.openclaw');
  const shadowStore = path.join(shadow, 'agents/main/sessions/sessions.json');
  fs.mkdirSync(path.dirname(canonicalStore), { recursive: true });
  fs.mkdirSync(path.dirname(shadowStore), { recursive: true });
  fs.writeFileSync(configPath, '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  fs.writeFileSync(canonicalStore, JSON.stringify({ 'agent:main:a': { sessionId: 'a', updatedAt: 1 } }));
  fs.writeFileSync(shadowStore, JSON.stringify({ 'agent:main:b': { sessionId: 'b', updatedAt: 2 } }));
  fs.mkdirSync(path.join(dir, 'no-gateway-locks'));
  // Everything readable and writable by the unprivileged user; each test then takes away one thing.
  execFileSync('chmod', ['-R', 'a+rwX', home]);
  return {
    dir,
    home,
    stateDir,
    configPath,
    canonicalStore,
    codexHome,
    shadow,
    shadowStore,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

const env = (f: StateFixture, extra: Record<string, string> = {}): Record<string, string> => ({
  PATH: BASE_PATH,
  HOME: f.home,
  NO_COLOR: '1',
  OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(f.dir, 'no-gateway-locks'),
  ...extra,
});

/** The built CLI as root (the test runner's user). */
export const cliAsRoot = (f: StateFixture, args: string[], extra: Record<string, string> = {}) =>
  runIn(f.dir, NODE, [CLI_JS, ...args], env(f, extra));

/** The built CLI as nobody, for real EACCES (root is never denied). */
export const cliAsNobody = (f: StateFixture, args: string[], extra: Record<string, string> = {}) =>
  runIn(
    f.dir,
    'setpriv',
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', reach(NODE), reach(CLI_JS), ...args],
    forOtherUser(hermetic(env(f, extra))),
  );

export type Finding = { code: string; severity: string; message: string; fix: string; path?: string };
export const findingsOf = (stdout: unknown): Finding[] =>
  (JSON.parse(String(stdout)) as { findings: Finding[] }).findings;

/** A maker of fresh states for one test file; every state it made is removed after the file's tests. */
export function freshStates(): () => StateFixture {
  const made: StateFixture[] = [];
  afterAll(() => made.forEach((f) => f.cleanup()));
  return () => {
    const f = makeState();
    made.push(f);
    return f;
  };
}
