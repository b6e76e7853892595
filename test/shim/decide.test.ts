// The shim's decision across passes: a nested call below a redirected CLI changes nothing.
import { describe, expect, it } from 'vitest';
import { resolveCanonical } from '../../src/canonical/resolve.ts';
import type { Env } from '../../src/canonical/types.ts';
import { decide } from '../../src/shim/decide.ts';
import { captureInput, fakeFs } from '../canonical/fake-fs.ts';

const ROOT = '/srv/root';
const S = `${ROOT}/.openclaw`;
const CH = `${S}/agents/main/agent/codex-home`;
const probe = fakeFs({
  files: [`${S}/openclaw.json`, `${ROOT}/.openclaw-work/openclaw.json`],
  dirs: [`${CH}/home`, `${S}/agents/main/sessions`],
});
const capture = captureInput(`${CH}/openclaw-shim/capture.json`, { stateDir: S, codexHome: CH });

/** One pass of the shim as main.ts does it: resolve from this env, decide, and (if redirected) the child's env. */
function pass(env: Env, args: string[]) {
  const resolution = resolveCanonical({ env, cwd: '/work', capture, gatewayLocks: [], probe });
  const decision = decide({ env, args, resolution, cwd: '/work' });
  const childEnv =
    decision.kind === 'refused'
      ? env
      : { ...decision.env, OPENCLAW_SHIM_DEPTH: String(Number(env.OPENCLAW_SHIM_DEPTH ?? 0) + 1) };
  return { decision, childEnv };
}

const toolCall: Env = { PATH: '/usr/bin', HOME: `${CH}/home`, CODEX_HOME: CH, OPENCLAW_GATEWAY_TOKEN: 't' };

describe('second pass through the shim', () => {
  it('re-resolving from the redirected environment changes nothing', () => {
    const first = pass(toolCall, ['sessions', '--json']);
    expect(first.decision.kind).toBe('redirected');
    const second = pass(first.childEnv, ['sessions', '--json']);
    expect(second.decision).toMatchObject({ kind: 'unchanged', records: [] });
    expect(second.decision.kind !== 'refused' && second.decision.env).toEqual(first.childEnv);
  });

  it('a nested call below `openclaw --profile work` keeps the profile the CLI exported', () => {
    const first = pass(toolCall, ['--profile', 'work', 'agent', 'run']);
    expect(first.childEnv.HOME).toBe(ROOT);
    expect(first.childEnv.OPENCLAW_STATE_DIR).toBeUndefined();
    // What the real CLI's applyCliProfileEnv exports to its children:
    const cliChild = {
      ...first.childEnv,
      OPENCLAW_PROFILE: 'work',
      OPENCLAW_STATE_DIR: `${ROOT}/.openclaw-work`,
      OPENCLAW_CONFIG_PATH: `${ROOT}/.openclaw-work/openclaw.json`,
    };
    const nested = pass(cliChild, ['sessions', '--json']);
    expect(nested.decision.kind).toBe('unchanged');
    expect(nested.childEnv.OPENCLAW_STATE_DIR).toBe(`${ROOT}/.openclaw-work`);
  });

  it('a nested call that points back into a Codex home is still redirected', () => {
    const nested = pass({ ...toolCall, OPENCLAW_SHIM_DEPTH: '1' }, ['sessions']);
    expect(nested.decision.kind).toBe('redirected');
    expect(nested.childEnv.HOME).toBe(ROOT);
  });
});
