// End to end with the real OpenClaw CLI: the incident without the shim, then the canonical store through it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';

const gateways: Gateway[] = [];
afterAll(() => {
  for (const g of gateways) g.cleanup();
});

/** A gateway with the shim installed into its main agent's codex home; the env puts the shim first on PATH. */
function setup(flavor: 'json' | 'sqlite') {
  const g = makeGateway(flavor, { agents: ['main', 'target'] });
  gateways.push(g);
  const shim = installShim({
    codexHome: g.codexHome,
    env: { PATH: `${g.realBinDir}${path.delimiter}${process.env.PATH}`, HOME: g.home },
    flags: { stateDir: g.stateDir },
    command: 'install',
  });
  const shimEnv = (extra: Record<string, string> = {}) => {
    const env = g.isolatedEnv(extra);
    return { ...env, PATH: `${shim.shimDir}${path.delimiter}${env.PATH}` };
  };
  const shadow = path.join(g.isolatedHome, '.openclaw');
  return { g, shim, shimEnv, shadow };
}

const text = (v: unknown): string => (v === undefined ? '' : String(v));
const json = (stdout: unknown): Record<string, unknown> => {
  const s = text(stdout);
  return JSON.parse(s.slice(s.indexOf('{'))) as Record<string, unknown>;
};
/** Through the shim stdout must be the real CLI's JSON and nothing else: the shim never writes there. */
const wholeJson = (stdout: unknown): Record<string, unknown> => JSON.parse(text(stdout)) as Record<string, unknown>;

describe('2026.5.12 (JSON session stores)', () => {
  const { g, shimEnv, shadow } = setup('json');
  const canonicalStore = (agent: string) => path.join(g.stateDir, 'agents', agent, 'sessions', 'sessions.json');

  it('without the shim: the incident — cleanup acts on a shadow store under the isolated home', async () => {
    const r = await runIn(g.dir, 'openclaw', ['sessions', 'cleanup', '--enforce', '--json'], g.isolatedEnv());
    expect(json(r.stdout).storePath).toBe(path.join(shadow, 'agents', 'main', 'sessions', 'sessions.json'));
    expect(fs.existsSync(shadow)).toBe(true);
    fs.rmSync(shadow, { recursive: true, force: true }); // the shim runs below must not recreate it
  });

  it('through the shim: sessions lists the canonical store and its sessions', async () => {
    const updatedAt = Date.now();
    fs.writeFileSync(
      canonicalStore('target'),
      JSON.stringify({ 'agent:target:main': { sessionId: 'sess-canonical-1', updatedAt } }),
    );
    const r = await runIn(g.dir, 'openclaw', ['sessions', '--agent', 'target', '--json'], shimEnv());
    expect(r.exitCode).toBe(0);
    const out = wholeJson(r.stdout);
    expect(out.path).toBe(canonicalStore('target'));
    expect(JSON.stringify(out.sessions)).toContain('agent:target:main');
    expect(fs.existsSync(shadow)).toBe(false);
  });

  it('through the shim: cleanup --enforce reports the canonical storePath, announced first on stderr', async () => {
    const r = await runIn(g.dir, 'openclaw', ['sessions', 'cleanup', '--enforce', '--json'], shimEnv());
    expect(wholeJson(r.stdout).storePath).toBe(canonicalStore('main'));
    expect(text(r.stderr).split('\n')[0]).toContain(
      `openclaw-shim: \`openclaw sessions cleanup\` will act on state dir ${g.stateDir}`,
    );
    expect(fs.existsSync(shadow)).toBe(false);
  });

  it('through the shim: --profile <name> resolves under the canonical home', async () => {
    const r = await runIn(g.dir, 'openclaw', ['--profile', 'work', 'sessions', '--json'], shimEnv());
    expect(String(wholeJson(r.stdout).path)).toBe(
      path.join(g.home, '.openclaw-work', 'agents', 'main', 'sessions', 'sessions.json'),
    );
    expect(fs.existsSync(shadow)).toBe(false);
    expect(fs.existsSync(path.join(g.isolatedHome, '.openclaw-work'))).toBe(false);
  });

  it('refusal: an isolated home whose state root is not a real state dir — exit 78, nothing created', async () => {
    const bogusCodexHome = path.join(g.dir, 'bogus', 'agents', 'main', 'agent', 'codex-home');
    const bogusHome = path.join(bogusCodexHome, 'home');
    fs.mkdirSync(bogusHome, { recursive: true });
    const env = { ...shimEnv(), HOME: bogusHome, CODEX_HOME: bogusCodexHome };
    const r = await runIn(g.dir, 'openclaw', ['sessions', 'cleanup', '--enforce', '--json'], env);
    expect(r.exitCode).toBe(78);
    expect(text(r.stdout)).toBe('');
    expect(text(r.stderr)).toContain(bogusHome);
    expect(fs.readdirSync(bogusHome)).toEqual([]);
  });
});

describe('2026.9.6 (SQLite session stores)', () => {
  const { g, shimEnv, shadow } = setup('sqlite');

  it('without the shim: the incident — a shadow state tree appears under the isolated home', async () => {
    const r = await runIn(g.dir, 'openclaw', ['sessions', 'cleanup', '--enforce', '--json'], g.isolatedEnv());
    expect(text(r.stdout) + text(r.stderr)).toContain(shadow);
    expect(fs.existsSync(path.join(shadow, 'state', 'openclaw.sqlite'))).toBe(true);
    fs.rmSync(shadow, { recursive: true, force: true });
  });

  it('through the shim: the notice before cleanup names the SQLite store 2026.9.6 uses, before that file exists', async () => {
    const store = path.join(g.stateDir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite');
    expect(fs.existsSync(store)).toBe(false);
    const cleanup = await runIn(
      g.dir,
      'openclaw',
      ['sessions', 'cleanup', '--agent', 'main', '--enforce', '--json'],
      shimEnv(),
    );
    expect(text(cleanup.stderr).split('\n')[0]).toContain(`will act on state dir ${g.stateDir} (store ${store})`);
    const listed = await runIn(g.dir, 'openclaw', ['sessions', '--agent', 'main', '--json'], shimEnv());
    expect(wholeJson(listed.stdout).path).toBe(store);
  });

  it('through the shim: sessions reports the canonical store; even cleanup creates nothing under the isolated home', async () => {
    const r = await runIn(g.dir, 'openclaw', ['sessions', '--agent', 'target', '--json'], shimEnv());
    expect(r.exitCode).toBe(0);
    expect(wholeJson(r.stdout).path).toBe(path.join(g.stateDir, 'agents', 'target', 'agent', 'openclaw-agent.sqlite'));
    const cleanup = await runIn(g.dir, 'openclaw', ['sessions', 'cleanup', '--enforce', '--json'], shimEnv());
    // 2026.9.6 sends cleanup to the gateway (none runs here); it must name the canonical config, not a shadow.
    expect(text(cleanup.stdout) + text(cleanup.stderr)).toContain(g.configPath);
    expect(text(cleanup.stdout) + text(cleanup.stderr)).not.toContain(shadow);
    expect(fs.existsSync(shadow)).toBe(false);
    // Only the login profiles install put there for login shells (docs/operators-guide.md §6).
    expect(fs.readdirSync(g.isolatedHome).filter((f) => f !== '.profile' && f !== '.zprofile')).toEqual([]);
  });
});
