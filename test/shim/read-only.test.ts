// The sandbox refusal line and the launcher-added variables under --profile (pure).
import { describe, expect, it } from 'vitest';
import { launcherAddedVars, withCanonicalVars } from '../../src/canonical/added-vars.ts';
import { planRewrite } from '../../src/canonical/rewrite.ts';
import { readOnlyMessage } from '../../src/shim/read-only.ts';

const canonical = {
  stateDir: { value: '/root/.openclaw', source: 'capture' as const, detail: '' },
  configPath: { value: '/root/.openclaw/openclaw.json', source: 'capture' as const, detail: '' },
  home: { value: '/root', source: 'capture' as const, detail: '' },
};
const iso = '/root/.openclaw/agents/main/agent/codex-home';

describe('read-only state dir', () => {
  it('one line naming the command, the sandbox, the state dir and the writable_roots fix', () => {
    const msg = readOnlyMessage('sessions cleanup', '/root/.openclaw', 'EROFS', {
      CODEX_HOME: iso,
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
    });
    expect(msg.endsWith('\n')).toBe(true);
    expect(msg.trim().split('\n')).toHaveLength(1);
    expect(msg).toContain('`openclaw sessions cleanup`');
    expect(msg).toContain('the Codex sandbox');
    expect(msg).toContain(
      `Fix (sandbox workspace-write): printf '%s\\n' '' '[sandbox_workspace_write]' 'writable_roots = ["/root/.openclaw"]' >> ${iso}/config.toml`,
    );
  });

  it('the fix fits the config.toml as it is: a table already there gets the key, not a second header', () => {
    const msg = readOnlyMessage(
      'sessions cleanup',
      '/root/.openclaw',
      'EROFS',
      { CODEX_HOME: iso },
      '[sandbox_workspace_write]\nexclude_slash_tmp = true\n',
    );
    expect(msg).toContain(
      `add the line writable_roots = ["/root/.openclaw"] under [sandbox_workspace_write] in ${iso}/config.toml`,
    );
  });
});

describe('the launcher safety net and --profile', () => {
  const launched = withCanonicalVars(
    { HOME: `${iso}/home`, PATH: '/bin' },
    { stateDir: '/root/.openclaw', configPath: '/root/.openclaw/openclaw.json' },
  );

  it('the launcher marks only what it added', () => {
    expect(launched.OPENCLAW_SHIM_ADDED_VARS).toBe('OPENCLAW_STATE_DIR,OPENCLAW_CONFIG_PATH');
    const gatewaySet = withCanonicalVars(
      { OPENCLAW_STATE_DIR: '/root/.openclaw' },
      { stateDir: '/root/.openclaw', configPath: '/root/.openclaw/openclaw.json' },
    );
    expect(gatewaySet.OPENCLAW_SHIM_ADDED_VARS).toBe('OPENCLAW_CONFIG_PATH');
  });

  it('--profile drops the launcher-added variables so the CLI derives the profile from the canonical home', () => {
    const r = planRewrite({ env: launched, canonical, codexHomes: [iso], cwd: '/', profile: 'work' });
    expect(r.env.OPENCLAW_STATE_DIR).toBeUndefined();
    expect(r.env.OPENCLAW_CONFIG_PATH).toBeUndefined();
    expect(r.env.HOME).toBe('/root');
  });

  it("without --profile they stay; a value the operator changed is the operator's", () => {
    const r = planRewrite({ env: launched, canonical, codexHomes: [iso], cwd: '/' });
    expect(r.env.OPENCLAW_STATE_DIR).toBe('/root/.openclaw');
    const mine = { ...launched, OPENCLAW_STATE_DIR: '/srv/other' };
    expect(
      launcherAddedVars(mine, { stateDir: '/root/.openclaw', configPath: '/root/.openclaw/openclaw.json' }),
    ).toEqual(['OPENCLAW_CONFIG_PATH']);
    const p = planRewrite({ env: mine, canonical, codexHomes: [iso], cwd: '/', profile: 'work' });
    expect(p.env.OPENCLAW_STATE_DIR).toBe('/root/.openclaw');
    expect(p.env.OPENCLAW_CONFIG_PATH).toBeUndefined();
  });
});
