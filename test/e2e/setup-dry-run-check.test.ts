// The dry run predicts the launcher check that --apply refuses on (79), with the real OpenClaw 2026.5.12 CLI and the real Codex.
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { cachedCodex } from '../../src/lib/codex-cache.ts';

const g = makeGateway('json', { agents: ['main'] });
afterAll(() => g.cleanup());
const codex = cachedCodex();
if (!codex) throw new Error('the real Codex is not cached; the global setup installs it');
const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home };
const setup = (extra: Record<string, string>, ...args: string[]) =>
  runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir, '--real-openclaw', g.realBin, ...args], {
    ...env,
    ...extra,
  });

describe('setup dry run: the launcher check', { timeout: 600_000 }, () => {
  it('says --apply would refuse (79) when no real Codex is found, and --apply then does', async () => {
    const dry = await setup({});
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    expect(String(dry.stdout)).toMatch(/Launcher check: --apply would refuse \(exit 79\): no real Codex found/);
    // --json still reports what --apply wrote before it refused, and the refusal.
    const apply = await setup({}, '--apply', '--json');
    expect(apply.exitCode).toBe(79);
    const report = JSON.parse(String(apply.stdout));
    expect(report.failed).toMatchObject({ code: 79 });
    expect(report.done.map((d: { what: string }) => d.what).join('\n')).toMatch(/created .*openclaw-codex-launch/);
  });
  it('names the Codex the launcher would run when there is one', async () => {
    const dry = await setup({ OPENCLAW_SHIM_CODEX_BIN: codex.bin }, '--json');
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    const report = JSON.parse(String(dry.stdout));
    expect(report.launcherCheck).toMatchObject({ ok: true });
    expect(report.launcherCheck.what).toMatch(/codex-cli 0\.169\.0/);
    expect(report.wiring.route).toBe('config');
  });
});
