// Which running gateways concern the examined state, and which state each really uses (real dirs, injected /proc env).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewayViews } from '../../src/doctor/gateway-relation.ts';
import { installShim } from '../../src/install/install.ts';
import { BASE_PATH } from '../helpers/paths.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-gwrel-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A state dir with a config and one agent's codex home. */
function state(name: string): { stateDir: string; configPath: string; codexHome: string } {
  const stateDir = path.join(dir, name, '.openclaw');
  const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
  fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
  fs.mkdirSync(path.join(stateDir, 'agents', 'main', 'sessions'), { recursive: true });
  const configPath = path.join(stateDir, 'openclaw.json');
  fs.writeFileSync(configPath, '{ agents: { list: [ { id: "main", default: true } ] } }\n');
  return { stateDir, configPath, codexHome };
}

const examined = state('alice');
const served = state('bob');
const lock = (configPath: string, uid = 1001) => ({
  file: '/t/l',
  pid: 4242,
  configPath,
  alive: true,
  uid,
  user: 'bob',
});
const users = new Map([
  [1000, { name: 'alice', gid: 1000, home: path.dirname(examined.stateDir) }],
  [1001, { name: 'bob', gid: 1001, home: path.dirname(served.stateDir) }],
]);
const noEnv = () => undefined;

describe('gatewayViews', () => {
  it("another user's gateway on its own state, with nothing tying it to the examined one: no relation", () => {
    const [v] = gatewayViews(examined.stateDir, [examined.codexHome], [lock(served.configPath)], noEnv, users);
    expect(v).toEqual({ lock: lock(served.configPath), stateDir: served.stateDir });
  });

  it("the examined state is the gateway user's default one (a shell without variables resolves it)", () => {
    const elsewhere = state('srv');
    const [v] = gatewayViews(examined.stateDir, [], [lock(elsewhere.configPath, 1000)], noEnv, users);
    expect(v?.relation).toMatch(/is the default state of its user/);
    expect(v?.stateDir).toBe(elsewhere.stateDir);
  });

  it('its launcher lies in the examined state', () => {
    const bin = path.join(examined.stateDir, 'openclaw-shim', 'launcher', 'bin', 'openclaw-codex-launch');
    const env = { OPENCLAW_CODEX_APP_SERVER_BIN: bin, OPENCLAW_STATE_DIR: served.stateDir };
    const [v] = gatewayViews(examined.stateDir, [], [lock(served.configPath)], () => env, users);
    expect(v?.relation).toBe(`its Codex command ${bin} lies in ${examined.stateDir}`);
  });

  it("a capture of the examined state's codex home names the gateway's state", () => {
    installShim({
      codexHome: examined.codexHome,
      env: { PATH: BASE_PATH, HOME: path.dirname(served.stateDir) },
      flags: { stateDir: served.stateDir },
      command: 'install',
    });
    const [v] = gatewayViews(examined.stateDir, [examined.codexHome], [lock(served.configPath)], noEnv, users);
    expect(v?.relation).toBe(`the capture in ${examined.codexHome} names ${served.stateDir}`);
  });

  it('the state is the one its environment resolves to the config its lock names, else the config dir', () => {
    const stateDir = path.join(dir, 'var-lib');
    fs.mkdirSync(stateDir);
    const configPath = path.join(dir, 'etc-openclaw.json');
    const env = { OPENCLAW_STATE_DIR: stateDir, OPENCLAW_CONFIG_PATH: configPath };
    expect(gatewayViews(examined.stateDir, [], [lock(configPath)], () => env, users)[0]?.stateDir).toBe(stateDir);
    // `--profile` sets its variables inside the process: /proc's environment resolves another config.
    const profiled = path.join(dir, 'bob', '.openclaw-work', 'openclaw.json');
    const started = { HOME: path.dirname(served.stateDir) };
    expect(gatewayViews(examined.stateDir, [], [lock(profiled)], () => started, users)[0]?.stateDir).toBe(
      path.dirname(profiled),
    );
  });
});
