// The shim's decision at its edges: bypass, refusal and its message, an unisolated call, the depth
// guard, a profile on the command line (each a mutant the earlier tests let live).
import { describe, expect, it } from 'vitest';
import { resolveCanonical } from '../../src/canonical/resolve.ts';
import type { Env } from '../../src/canonical/types.ts';
import { decide } from '../../src/shim/decide.ts';
import { captureInput, fakeFs } from '../canonical/fake-fs.ts';

const ROOT = '/srv/root';
const S = `${ROOT}/.openclaw`;
const CH = `${S}/agents/main/agent/codex-home`;
const LOST = '/elsewhere/codex-home';
const probe = fakeFs({ files: [`${S}/openclaw.json`], dirs: [`${CH}/home`, `${LOST}/home`] });
const capture = captureInput(`${CH}/openclaw-shim/capture.json`, { stateDir: S, codexHome: CH });

const toolCall: Env = { PATH: '/usr/bin', HOME: `${CH}/home`, CODEX_HOME: CH };
const lostCall: Env = { PATH: '/usr/bin', HOME: `${LOST}/home`, CODEX_HOME: LOST };

function run(env: Env, args: string[] = ['sessions'], withCapture = true, passwdHome?: string) {
  const resolution = resolveCanonical({
    env,
    cwd: '/work',
    ...(withCapture ? { capture } : {}),
    ...(passwdHome ? { passwdHome } : {}),
    gatewayLocks: [],
    probe,
  });
  return decide({ env, args, resolution, cwd: '/work' });
}

describe('decide', () => {
  it('OPENCLAW_SHIM_BYPASS=1 (only "1") leaves the environment exactly as it is', () => {
    const env = { ...toolCall, OPENCLAW_SHIM_BYPASS: '1' };
    expect(run(env)).toEqual({ kind: 'bypassed', env, records: [] });
    expect(run({ ...toolCall, OPENCLAW_SHIM_BYPASS: 'yes' }).kind).toBe('redirected');
  });

  it('an isolated home with no canonical state is refused, with a message naming the home, each source tried and the fixes', () => {
    const d = run(lostCall, ['sessions'], false, '/home/nobody');
    expect(d.kind).toBe('refused');
    const message = d.kind === 'refused' ? d.message : '';
    expect(message).toContain(
      `openclaw-shim: refusing to run openclaw: HOME=${LOST}/home is inside the isolated Codex home ${LOST},`,
    );
    expect(message).toContain(
      'Tried:\n  - passwd-home: passwd home /home/nobody -> /home/nobody/.openclaw does not exist or is not a directory\nFix one of:',
    );
    expect(message).toContain(`  - openclaw-shim install --codex-home ${LOST} --state-dir <gateway state dir>`);
    expect(message).toContain(
      "the gateway's canonical OpenClaw state could not be found. Running now would read and write a shadow state tree.",
    );
    expect(message).toContain('OPENCLAW_SHIM_STATE_DIR=<gateway state dir>');
    expect(message).toContain('OPENCLAW_SHIM_BYPASS=1 openclaw');
    expect(message.endsWith('\n')).toBe(true);
    expect(d.records).toEqual([]);
    const bare = run(lostCall, ['sessions'], false);
    expect(bare.kind === 'refused' && bare.message).toContain('Tried:\n  - no source proposed a state dir\n');
  });

  it('no canonical state and no isolation: the call runs unchanged', () => {
    const env = { PATH: '/usr/bin', HOME: '/home/op' };
    expect(run(env, ['sessions'], false)).toEqual({ kind: 'unchanged', env, records: [] });
  });

  it('a first pass (depth 0, or unset) from an isolated home is redirected; depth only guards unisolated calls', () => {
    expect(run({ ...toolCall, OPENCLAW_SHIM_DEPTH: '0' }).kind).toBe('redirected');
    const below = {
      PATH: '/usr/bin',
      HOME: ROOT,
      OPENCLAW_STATE_DIR: `${ROOT}/.openclaw-work`,
      OPENCLAW_SHIM_DEPTH: '1',
      CODEX_HOME: CH,
    };
    expect(run(below)).toMatchObject({ kind: 'unchanged', env: below, records: [] });
  });

  it('--profile on the command line leaves the state variables for the real CLI to derive', () => {
    const d = run(toolCall, ['--profile', 'work', 'sessions']);
    expect(d.kind).toBe('redirected');
    const env = d.kind === 'redirected' ? d.env : {};
    expect(env.HOME).toBe(ROOT);
    expect(env.OPENCLAW_STATE_DIR).toBeUndefined();
    expect(run(toolCall).kind === 'redirected' && (run(toolCall) as { env: Env }).env.OPENCLAW_STATE_DIR).toBe(S);
  });

  it('without CODEX_HOME (a wrapper isolating HOME only), OPENCLAW_HOME pointing into the isolated home is rewritten too', () => {
    const env = { PATH: '/usr/bin', HOME: `${CH}/home`, OPENCLAW_HOME: `${CH}/home` };
    const d = run(env);
    expect(d.kind).toBe('redirected');
    expect(d.kind === 'redirected' && d.env.OPENCLAW_HOME).toBe(ROOT);
  });

  it('already canonical (nothing to rewrite): unchanged, with the canonical answer kept', () => {
    const env = {
      PATH: '/usr/bin',
      HOME: ROOT,
      OPENCLAW_STATE_DIR: S,
      OPENCLAW_CONFIG_PATH: `${S}/openclaw.json`,
      CODEX_HOME: CH,
    };
    const d = run(env);
    expect(d).toMatchObject({ kind: 'unchanged', env, records: [] });
    expect(d.kind === 'unchanged' && d.canonical?.stateDir.value).toBe(S);
  });
});
