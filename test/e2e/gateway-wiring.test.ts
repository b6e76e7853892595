// A real 2026.9.6 gateway that has run before setup: setup wires it anyway, uninstall never breaks it while it runs (offline, own pid + net namespace).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';
import { canIsolate, jsonLines, realGatewayState } from '../helpers/real-gateway.ts';

/**
 * Root only: a network namespace with loopback alone (nothing leaves the machine) and a pid namespace
 * whose init is the scenario, so every process it starts (gateway, Codex app-servers in their own
 * process groups, the mock) dies with it, also when the test times out (--kill-child).
 */
const UNSHARE = ['--net', '--pid', '--fork', '--mount-proc', '--kill-child'];
const COMMAND = 'command -v openclaw; openclaw sessions --json';

type Ran = { exitCode: number | null; stdout: string; stderr: string; outputs?: string[] };
const jsonOf = (r: Ran | undefined): any => JSON.parse(r?.stdout ?? 'null');

describe.runIf(canIsolate(UNSHARE))('wiring a real gateway that has run (2026.9.6 + @openclaw/codex 2026.9.5)', () => {
  it('setup takes the .env route OpenClaw accepts; uninstall under the running gateway keeps its next turn working; after a restart no launcher', async () => {
    const { dir, home, stateDir, codexHome, realBinDir, port, passed } = realGatewayState('gateway-wiring', 7);
    // The operator's own .env line: setup appends to it and uninstall must leave it (and the mode) as it was.
    const envFile = path.join(stateDir, '.env');
    fs.writeFileSync(envFile, 'OPERATOR_KEEPS_THIS=1\n', { mode: 0o640 });
    fs.chmodSync(envFile, 0o640);
    const out = path.join(dir, 'result.json');
    const inputFile = path.join(dir, 'input.json');
    fs.writeFileSync(
      inputFile,
      JSON.stringify({ dir, home, stateDir, codexHome, realBinDir, cliJs: CLI_JS, port, command: COMMAND, out }),
    );
    const scenario = path.join(ROOT, 'test', 'e2e', 'fixtures', 'gateway-wiring-scenario.ts');
    const t0 = Date.now();
    const ran = await execa(
      'unshare',
      [...UNSHARE, NODE, '--disable-warning=ExperimentalWarning', scenario, inputFile],
      { reject: false, timeout: 3_300_000, stdin: 'ignore' },
    );
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    const why = `kept in ${dir}\n${(result.steps ?? []).join('\n')}\n${result.error ?? ''}\n${String(ran.stderr).slice(-2000)}`;
    process.stderr.write(
      `[gateway-wiring] ${((Date.now() - t0) / 1000).toFixed(0)} s: ${(result.steps ?? []).join(', ')}\n`,
    );
    const shimPath = path.join(codexHome, 'openclaw-shim', 'bin', 'openclaw');
    const shimLog = path.join(stateDir, 'logs', 'openclaw-shim.jsonl');

    // The refusal the operator met, reproduced: the gateway has run once, OpenClaw refuses the config key.
    expect(result.refusal?.exitCode, why).not.toBe(0);
    expect(`${result.refusal?.stdout}${result.refusal?.stderr}`, why).toMatch(/Cannot edit retained config/);

    // setup asked OpenClaw, took the .env route, and says why and that a restart is needed.
    expect(result.setup?.exitCode, `${why}\n${result.setup?.stderr}`).toBe(0);
    const setup = jsonOf(result.setup);
    expect(setup.wiring.route, why).toBe('env-file');
    expect(setup.wiring.why, why).toMatch(/refused .*Cannot edit retained config/);
    expect(setup.wiring.restart, why).toMatch(/restart/);
    const launcherBin: string = setup.plan.launcherBin;

    // Turn 1 after the restart: Codex ran through the launcher and the tool call through the shim.
    expect(result.turn1.launchesAfter, why).toBeGreaterThan(result.turn1.launchesBefore);
    expect(result.turn1?.exitCode, `${why}\n${result.turn1?.stderr}`).toBe(0);
    const turn1 = (result.turn1.outputs as string[]).join('\n');
    expect(turn1, why).toContain(shimPath);
    expect(turn1, why).toContain(path.join(stateDir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite'));

    // uninstall under the running gateway: the .env line goes, the operator's line and mode stay, the launcher is kept.
    expect(result.uninstall?.exitCode, `${why}\n${result.uninstall?.stderr}`).toBe(0);
    const uninstall = jsonOf(result.uninstall);
    expect(
      uninstall.plan.steps.map((s: { kind: string }) => s.kind),
      why,
    ).toContain('env-file-remove');
    expect(
      uninstall.plan.steps.map((s: { kind: string }) => s.kind),
      why,
    ).toContain('keep-launcher');
    expect(uninstall.plan.notes.join('\n'), why).toMatch(/restart the gateway \(pid \d+/);
    expect(fs.readFileSync(envFile, 'utf8')).toBe('OPERATOR_KEEPS_THIS=1\n');
    expect(fs.statSync(envFile).mode & 0o777).toBe(0o640);

    // Turn 2, same gateway (it may start a new Codex through the kept launcher, or reuse the running one): it works,
    // and its tool call still reaches the canonical state through the shim (before: spawn …/openclaw-codex-launch ENOENT).
    expect(`${result.turn2.stdout}${result.turn2.stderr}${result.turn2.earlier.join('')}`).not.toMatch(/ENOENT/);
    expect(result.turn2?.exitCode, `${why}\n${result.turn2?.stderr}`).toBe(0);
    const turn2 = (result.turn2.outputs as string[]).at(-1) ?? '';
    expect(turn2, why).toMatch(/Process exited with code 0/);
    expect(turn2, why).toContain(shimPath);
    expect(`${result.turn2.stdout}${result.turn2.stderr}`).not.toMatch(/ENOENT/);

    // Turn 3 after a restart: no launcher, no shim; then the second uninstall removed the kept copy.
    expect(result.turn3.launchesAfter, why).toBe(result.turn3.launchesBefore);
    expect(result.turn3?.exitCode, `${why}\n${result.turn3?.stderr}`).toBe(0);
    // Without the launcher, Codex's login shell resets PATH (/etc/profile): the real CLI, only on the gateway's PATH here,
    // is not found; what matters is that nothing of the shim is left in the way.
    const turn3 = (result.turn3.outputs as string[]).at(-1) ?? '';
    expect(turn3, why).not.toContain(shimPath);
    expect(turn3, why).toMatch(/openclaw: command not found|Process exited with code 0/);
    expect(result.uninstall2?.exitCode, `${why}\n${result.uninstall2?.stderr}`).toBe(0);
    expect(fs.existsSync(path.dirname(path.dirname(launcherBin))), why).toBe(false);
    expect(fs.existsSync(launcherBin), why).toBe(false);
    // The shim's log shows turn 1's tool call.
    const calls = jsonLines(shimLog).filter((r) => Array.isArray(r.argv) && r.argv.includes('sessions'));
    expect(calls.length, why).toBeGreaterThanOrEqual(1);
    passed();
  }, 3_400_000);
});
