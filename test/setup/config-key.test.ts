// Reading the Codex command out of OpenClaw's `plugins` view, and what uninstall unsets.
import { describe, expect, it } from 'vitest';
import { authoredPluginsOf } from '../../src/setup/authored-config.ts';
import { lookupCodexCommand, pathToUnset } from '../../src/setup/config-key.ts';

const L = '/s/openclaw-shim/launcher/bin/openclaw-codex-launch';
const chain = (v: unknown) => ({ entries: { codex: { config: { appServer: { command: v } } } } });

describe('lookupCodexCommand', () => {
  it.each([
    [undefined, { set: false, absentFrom: 'plugins' }],
    [{}, { set: false, absentFrom: 'plugins.entries' }],
    [{ entries: { openai: {} } }, { set: false, absentFrom: 'plugins.entries.codex' }],
    [
      { entries: { codex: { config: { appServer: {} } } } },
      { set: false, absentFrom: 'plugins.entries.codex.config.appServer.command' },
    ],
    [chain('/usr/bin/codex'), { set: true, value: '/usr/bin/codex' }],
  ])('%j', (plugins, expected) => expect(lookupCodexCommand(plugins)).toEqual(expected));
});

describe('pathToUnset', () => {
  it('removes the shallowest absent ancestor that holds only our value', () => {
    const view = { entries: { 'memory-core': { config: {} }, ...chain(L).entries } };
    expect(pathToUnset(view, 'plugins', L)).toBe('plugins.entries.codex');
    expect(pathToUnset(chain(L), 'plugins', L)).toBe('plugins');
  });

  it('only the key when something else appeared under it since setup', () => {
    const view = { entries: { codex: { enabled: true, config: { appServer: { command: L } } } } };
    expect(pathToUnset(view, 'plugins.entries.codex', L)).toBe('plugins.entries.codex.config');
    const busy = { entries: { codex: { config: { appServer: { command: L, args: [] } } } } };
    expect(pathToUnset(busy, 'plugins.entries.codex', L)).toBe('plugins.entries.codex.config.appServer.command');
  });
});

describe('authoredPluginsOf', () => {
  it('reads `plugins` as the file holds it, and gives up behind an $include', () => {
    expect(authoredPluginsOf({ agents: {} })).toEqual({ present: false });
    expect(authoredPluginsOf({ plugins: chain(L) })).toEqual({ present: true, value: chain(L) });
    expect(authoredPluginsOf({ $include: './base.json5' })).toBeUndefined();
    expect(authoredPluginsOf({ plugins: { entries: { $include: './p.json5' } } })).toBeUndefined();
  });

  it("judged on the file, uninstall unsets `plugins` that setup created; on OpenClaw's view (with every plugin's defaults) it could not", () => {
    const view = {
      entries: { ...chain(L).entries, openai: { config: { personality: 'friendly' } }, 'memory-core': { config: {} } },
    };
    expect(pathToUnset(view, 'plugins', L)).toBe('plugins.entries.codex');
    const file = authoredPluginsOf({ agents: {}, plugins: chain(L) });
    expect(file?.present && pathToUnset(file.value, 'plugins', L)).toBe('plugins');
  });
});
