// A real OpenClaw 2026.9.6 gateway with its Codex plugin from npm, wired by `setup --apply`, one agent turn, all in a loopback-only netns.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseJson5 } from '../../src/lib/json5.ts';
import { SCENARIO_VAR, stopMarked } from '../helpers/leftovers.ts';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';
import { canIsolate, jsonLines, realGatewayState } from '../helpers/real-gateway.ts';

// Codex's defaults (login shells on): the launcher restores the gateway's PATH in login shells.
const CODEX_CONFIG = '';
const COMMAND = 'command -v openclaw; openclaw sessions --json';

describe.runIf(canIsolate(['-n']))('a real gateway in the loop (2026.9.6 + @openclaw/codex 2026.9.5)', () => {
  it("setup --apply wires the launcher; the turn's `openclaw` reaches the canonical state through the shim", async () => {
    const { dir, home, stateDir, codexHome, realBinDir, port, passed } = realGatewayState('gateway-loop', 0);
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
    const why = `kept in ${dir}\n${JSON.stringify(rest, null, 2).slice(0, 6000)}\n${String(ran.stderr).slice(-2000)}\ngateway-1.log: ${fs.existsSync(path.join(dir, 'gateway-1.log')) ? fs.readFileSync(path.join(dir, 'gateway-1.log'), 'utf8').slice(-3000) : ''}`;
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
    expect(result.gatewayReady, why).toBe(true);
    expect(result.agent?.exitCode, why).toBe(0);

    // The Codex the gateway started is the launcher, which ran the plugin's managed Codex.
    const launches = jsonLines(path.join(codexHome, 'openclaw-shim', 'logs', 'launch.jsonl'));
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
    const log = jsonLines(path.join(stateDir, 'logs', 'openclaw-shim.jsonl'));
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
    passed();
  }, 1_600_000);
});
