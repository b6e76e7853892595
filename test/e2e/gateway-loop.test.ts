// A real OpenClaw 2026.9.6 gateway with its Codex plugin from npm, wired by `setup --apply`, one agent turn, all in a loopback-only netns.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cachedCodexPlugin } from '../helpers/codex-plugin-cache.ts';
import { cachedOpenclaw, OPENCLAW_VERSIONS } from '../../src/lib/openclaw-cache.ts';
import { parseJson5 } from '../../src/lib/json5.ts';
import { SCENARIO_VAR, stopMarked } from '../helpers/leftovers.ts';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';

/** Only root can make a network namespace here; without one the gateway would reach the internet. */
const canIsolate = ((): boolean => {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('unshare', ['-n', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Codex's defaults (login shells on): the launcher restores the gateway's PATH in login shells.
const CODEX_CONFIG = '';
const COMMAND = 'command -v openclaw; openclaw sessions --json';

describe.runIf(canIsolate)('a real gateway in the loop (2026.9.6 + @openclaw/codex 2026.9.5)', () => {
  it("setup --apply wires the launcher; the turn's `openclaw` reaches the canonical state through the shim", async () => {
    const plugin = cachedCodexPlugin();
    const openclaw = cachedOpenclaw(OPENCLAW_VERSIONS.sqlite);
    if (!plugin || !openclaw) throw new Error('the global setup caches openclaw 2026.9.6 and the codex plugin');
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-gateway-')));
    // Kept for inspection when the scenario fails (it says where); removed when it passes.
    let passed = false;
    onTestFinished(() => {
      if (passed) fs.rmSync(dir, { recursive: true, force: true });
    });
    const home = path.join(dir, 'root');
    const stateDir = path.join(home, '.openclaw');
    const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
    const realBinDir = path.join(dir, 'real-bin');
    fs.mkdirSync(stateDir, { recursive: true });
    fs.mkdirSync(realBinDir);
    fs.symlinkSync(openclaw.bin, path.join(realBinDir, 'openclaw'));
    execFileSync('cp', ['-a', plugin.npmDir, path.join(stateDir, 'npm')]);
    const port = 20000 + (process.pid % 20000);
    const config = {
      gateway: { mode: 'local', bind: 'loopback', port, auth: { mode: 'token', token: 'gateway-loop-token' } },
      agents: { defaults: { model: 'openai/gpt-5.4' } },
      models: { providers: { openai: { agentRuntime: { id: 'codex' } } } },
      // OpenClaw gives each app-server request 60 s; a busy two-core machine needs more.
      plugins: { entries: { codex: { enabled: true, config: { appServer: { requestTimeoutMs: 300_000 } } } } },
    };
    fs.writeFileSync(path.join(stateDir, 'openclaw.json'), `${JSON.stringify(config, null, 2)}\n`);
    const out = path.join(dir, 'result.json');
    const inputFile = path.join(dir, 'input.json');
    const marker = randomUUID();
    fs.writeFileSync(
      inputFile,
      JSON.stringify({
        dir,
        home,
        stateDir,
        codexHome,
        realBinDir,
        cliJs: CLI_JS,
        port,
        codexConfig: CODEX_CONFIG,
        command: COMMAND,
        out,
        marker,
      }),
    );
    const scenario = path.join(ROOT, 'test', 'e2e', 'fixtures', 'gateway-loop-scenario.ts');
    const t0 = Date.now();
    const ran = await execa('unshare', ['-n', NODE, '--disable-warning=ExperimentalWarning', scenario, inputFile], {
      reject: false,
      timeout: 1_500_000,
      stdin: 'ignore',
    });
    // The scenario stops what it started; if it was killed first (the timeout), whatever it left goes now.
    const leftover = await stopMarked(SCENARIO_VAR, marker);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    const { setup: _setup, ...rest } = result;
    const why = `kept in ${dir}\n${JSON.stringify(rest, null, 2).slice(0, 6000)}\n${String(ran.stderr).slice(-2000)}\ngateway.log: ${fs.existsSync(path.join(dir, 'gateway.log')) ? fs.readFileSync(path.join(dir, 'gateway.log'), 'utf8').slice(-3000) : ''}`;
    process.stderr.write(`[gateway-loop] ${((Date.now() - t0) / 1000).toFixed(0)} s: ${result.steps.join(', ')}\n`);

    expect(result.setup?.exitCode, `${why}\n${result.setup?.stderr}`).toBe(0);
    const setup = JSON.parse(result.setup.stdout);
    expect(setup.done.map((d: { what: string }) => d.what).join('\n'), why).toMatch(
      /the launcher runs codex-cli 0\.154\.0: .*npm\/projects\/openclaw-codex-/,
    );
    // plugins.entries.codex.config.appServer.command
    const wired = (
      parseJson5(fs.readFileSync(path.join(stateDir, 'openclaw.json'), 'utf8')) as {
        plugins: { entries: { codex: { config: { appServer: { command: string } } } } };
      }
    ).plugins.entries.codex.config.appServer.command;
    expect(wired).toBe(setup.plan.launcherBin);
    expect(result.gatewayReadyMs, why).toBeTypeOf('number');
    expect(result.agent?.exitCode, why).toBe(0);

    // The Codex the gateway started is the launcher, which ran the plugin's managed Codex.
    const launches = fs
      .readFileSync(path.join(codexHome, 'openclaw-shim', 'logs', 'launch.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(
      launches.some(
        (l) =>
          l.captured &&
          l.stateDir === stateDir &&
          String(l.exec?.source).includes(path.join(stateDir, 'npm', 'projects')),
      ),
      why,
    ).toBe(true);

    // The tool call ran the shim, which printed the canonical store.
    // A command slower than Codex's 30 s wait comes back in several polls: read them all.
    const output = (result.outputs as Array<{ output: string }>).map((o) => o.output).join('\n');
    expect(output, why).toMatch(/Process exited with code 0/);
    expect(output, why).toContain(path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw'));
    expect(output, why).toContain(path.join(stateDir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite'));
    const log = fs
      .readFileSync(path.join(stateDir, 'logs', 'openclaw-shim.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const call = log.find((r) => Array.isArray(r.argv) && r.argv.includes('sessions'));
    expect(call, why).toBeDefined();
    expect(['redirected', 'unchanged']).toContain(call.decision);
    // No shadow tree anywhere in the Codex home.
    const shadows = (fs.readdirSync(codexHome, { recursive: true }) as string[]).filter((f) =>
      /(^|\/)\.openclaw(\/|$)|openclaw-agent\.sqlite$|sessions\.json$/.test(f),
    );
    expect(shadows).toEqual([]);
    expect(
      leftover.map((p) => p.cmdline),
      'processes the scenario left running',
    ).toEqual([]);
    passed = true;
  }, 1_600_000);
});
