// uninstall restores the config by meaning: where the key was absent is judged on the authored file, not OpenClaw's view with defaults.
import { describe, expect, it } from 'vitest';
import { pathToUnset } from '../../src/setup/config-key.ts';
import { currentByMeaning } from '../../src/setup/facts.ts';

const LAUNCHER = '/srv/oc/.openclaw/openclaw-shim/launcher/openclaw-codex-launch';

describe('plugins.entries.codex = {"enabled":true}, then setup, then uninstall', () => {
  it('before setup: absent from plugins.entries.codex.config by the file, though the view shows config: {}', () => {
    const view = { entries: { codex: { enabled: true, config: {} } } };
    const authored = { present: true as const, value: { entries: { codex: { enabled: true } } } };
    expect(currentByMeaning(view, authored)).toEqual({ set: false, absentFrom: 'plugins.entries.codex.config' });
    // Without the file (unreadable, $include) the view is all there is.
    expect(currentByMeaning(view, undefined)).toEqual({
      set: false,
      absentFrom: 'plugins.entries.codex.config.appServer',
    });
  });

  it('uninstall unsets plugins.entries.codex.config, leaving {"enabled":true} and no "config": {}', () => {
    const afterSetup = { entries: { codex: { enabled: true, config: { appServer: { command: LAUNCHER } } } } };
    expect(pathToUnset(afterSetup, 'plugins.entries.codex.config', LAUNCHER)).toBe('plugins.entries.codex.config');
  });

  it("a key set in the file keeps OpenClaw's view of its value", () => {
    const view = { entries: { codex: { config: { appServer: { command: '/usr/bin/codex' } } } } };
    expect(currentByMeaning(view, { present: true, value: view })).toEqual({ set: true, value: '/usr/bin/codex' });
  });
});
