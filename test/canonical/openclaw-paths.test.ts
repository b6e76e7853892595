// How the real OpenClaw CLI turns an environment into home, state dir and config path (what explain
// predicts and the mutation notice names): each precedence rule, blanks, tildes and legacy names.
import { describe, expect, it } from 'vitest';
import {
  effectivePaths,
  openclawConfigPath,
  openclawHome,
  openclawStateDir,
  profileStateDir,
} from '../../src/canonical/openclaw-paths.ts';
import { fakeFs } from './fake-fs.ts';

const none = fakeFs({});

describe('openclawHome', () => {
  it.each([
    ['OPENCLAW_HOME wins over HOME', { OPENCLAW_HOME: '/srv/oc', HOME: '/h' }, '/os', '/srv/oc'],
    ['HOME next', { HOME: '/h', USERPROFILE: '/u' }, '/os', '/h'],
    ['USERPROFILE when HOME is blank', { HOME: '  ', USERPROFILE: '/u' }, '/os', '/u'],
    ['the OS home when neither is set', {}, '/os', '/os'],
    ['the cwd when there is nothing at all', {}, undefined, '/work'],
    ['a blank OPENCLAW_HOME counts as unset', { OPENCLAW_HOME: ' ', HOME: '/h' }, '/os', '/h'],
    ['~ in OPENCLAW_HOME is the OS-level home', { OPENCLAW_HOME: '~/oc', HOME: '/h' }, '/os', '/h/oc'],
    ['a relative value resolves against the cwd', { OPENCLAW_HOME: 'rel' }, '/os', '/work/rel'],
  ])('%s', (_name, env, osHome, want) => expect(openclawHome(env, osHome, '/work')).toBe(want));
});

describe('openclawStateDir', () => {
  it('OPENCLAW_STATE_DIR, then CLAWDBOT_STATE_DIR, with ~ expanded against the OpenClaw home', () => {
    expect(openclawStateDir({ OPENCLAW_STATE_DIR: '~/s', CLAWDBOT_STATE_DIR: '/c' }, '/h', none, '/work')).toBe('/h/s');
    expect(openclawStateDir({ OPENCLAW_STATE_DIR: ' ', CLAWDBOT_STATE_DIR: 'c' }, '/h', none, '/work')).toBe('/work/c');
  });
  it('else the first existing state dir name (a legacy one when only it exists), else ~/.openclaw', () => {
    expect(openclawStateDir({}, '/h', fakeFs({ dirs: ['/h/.moltbot', '/h/.clawdbot'] }), '/work')).toBe('/h/.clawdbot');
    expect(openclawStateDir({}, '/h', fakeFs({ dirs: ['/h/.clawdbot', '/h/.openclaw'] }), '/work')).toBe(
      '/h/.openclaw',
    );
    expect(openclawStateDir({}, '/h', none, '/work')).toBe('/h/.openclaw');
  });
});

describe('openclawConfigPath', () => {
  it('OPENCLAW_CONFIG_PATH, then CLAWDBOT_CONFIG_PATH, relative to the cwd, ~ against the home', () => {
    expect(
      openclawConfigPath({ OPENCLAW_CONFIG_PATH: '~/c.json', CLAWDBOT_CONFIG_PATH: '/x' }, '/s', '/h', none, '/work'),
    ).toBe('/h/c.json');
    expect(openclawConfigPath({ CLAWDBOT_CONFIG_PATH: 'c.json' }, '/s', '/h', none, '/work')).toBe('/work/c.json');
  });
  it('else an existing config in the state dir (legacy names too), else <state>/openclaw.json', () => {
    expect(openclawConfigPath({}, '/s', '/h', fakeFs({ files: ['/s/clawdbot.json'] }), '/work')).toBe(
      '/s/clawdbot.json',
    );
    expect(openclawConfigPath({}, '/s', '/h', none, '/work')).toBe('/s/openclaw.json');
  });
});

describe('profiles', () => {
  it('--profile default is ~/.openclaw, any case; others are ~/.openclaw-<name> as written', () => {
    expect(profileStateDir('Default', '/h')).toBe('/h/.openclaw');
    expect(profileStateDir('Work', '/h')).toBe('/h/.openclaw-Work');
  });
  it('a profile decides state and config unless OPENCLAW_STATE_DIR / OPENCLAW_CONFIG_PATH is set', () => {
    const probe = fakeFs({ files: ['/h/.openclaw/clawdbot.json'] });
    expect(effectivePaths({ HOME: '/h' }, { cwd: '/work', probe, profile: 'work' })).toEqual({
      home: '/h',
      stateDir: '/h/.openclaw-work',
      configPath: '/h/.openclaw-work/openclaw.json',
    });
    expect(effectivePaths({ HOME: '/h', OPENCLAW_STATE_DIR: '/s' }, { cwd: '/work', probe, profile: 'work' })).toEqual({
      home: '/h',
      stateDir: '/s',
      configPath: '/s/openclaw.json',
    });
    expect(
      effectivePaths({ HOME: '/h', OPENCLAW_CONFIG_PATH: '/c.json' }, { cwd: '/work', probe, profile: 'work' }),
    ).toEqual({ home: '/h', stateDir: '/h/.openclaw-work', configPath: '/c.json' });
  });
  it('without a profile: the state dir rules, then the config rules (an existing legacy config found)', () => {
    const probe = fakeFs({ files: ['/h/.openclaw/clawdbot.json'] });
    expect(effectivePaths({ HOME: '/h' }, { cwd: '/work', probe })).toEqual({
      home: '/h',
      stateDir: '/h/.openclaw',
      configPath: '/h/.openclaw/clawdbot.json',
    });
    expect(effectivePaths({}, { cwd: '/work', probe: none, osHome: '/os' })).toEqual({
      home: '/os',
      stateDir: '/os/.openclaw',
      configPath: '/os/.openclaw/openclaw.json',
    });
  });
});
