// Which `.openclaw-<profile>` dirs in an isolated home are profile shadows, and of which canonical profile state.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanCodexHome, type CodexHomeRef } from '../../src/store/discover.ts';
import { profileOfDirName } from '../../src/store/profile-dirs.ts';
import { profileShadowReport } from '../../src/doctor/profile-shadows.ts';

describe('profileOfDirName (OpenClaw: `.openclaw-<name>`, name [A-Za-z0-9][A-Za-z0-9_-]{0,63}, not default)', () => {
  it.each([
    ['.openclaw-work', 'work'],
    ['.openclaw-dev', 'dev'],
    ['.openclaw-Team_2-b', 'Team_2-b'],
    ['.openclaw-default', undefined],
    ['.openclaw-DEFAULT', undefined],
    ['.openclaw-', undefined],
    ['.openclaw-_x', undefined],
    ['.openclaw-a.b', undefined],
    [`.openclaw-${'a'.repeat(65)}`, undefined],
    ['.openclaw', undefined],
    ['.clawdbot-work', undefined],
  ])('%s → %s', (name, profile) => expect(profileOfDirName(name)).toBe(profile));
});

describe('scanCodexHome with the canonical home', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** `<tmp>/root` the home, `<home>/<stateName>` the state dir, main's codex home with an isolated HOME. */
  function layout(stateName = '.openclaw') {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-profile-')));
    const home = path.join(dir, 'root');
    const stateDir = path.join(home, stateName);
    const codexHome = path.join(stateDir, 'agents/main/agent/codex-home');
    const isolated = path.join(codexHome, 'home');
    fs.mkdirSync(isolated, { recursive: true });
    const tree = (p: string) => {
      fs.mkdirSync(p, { recursive: true });
      fs.writeFileSync(path.join(p, 'openclaw.json'), '{}');
      return p;
    };
    const ref: CodexHomeRef = { path: codexHome, ownerAgent: 'main', kind: 'agent' };
    return { home, stateDir, isolated, tree, ref };
  }

  it('a .openclaw-<profile> tree is a profile shadow of <home>/.openclaw-<profile>, not a shadow of the state', () => {
    const l = layout();
    const work = l.tree(path.join(l.isolated, '.openclaw-work'));
    l.tree(path.join(l.isolated, '.openclaw-default'));
    const scan = scanCodexHome(l.ref, l.stateDir, l.home);
    expect(scan.shadows).toEqual([]);
    expect(scan.profiles).toEqual([
      expect.objectContaining({ path: work, profile: 'work', canonicalStateDir: path.join(l.home, '.openclaw-work') }),
    ]);
    expect(scanCodexHome(l.ref, l.stateDir).profiles).toEqual([]);
  });

  it('linked to its own canonical profile state: nothing said; linked elsewhere: a link of kind elsewhere', () => {
    const l = layout();
    const canonical = l.tree(path.join(l.home, '.openclaw-mine'));
    fs.symlinkSync(canonical, path.join(l.isolated, '.openclaw-mine'));
    const other = l.tree(path.join(dir, 'other', '.openclaw-x'));
    fs.symlinkSync(other, path.join(l.isolated, '.openclaw-x'));
    const scan = scanCodexHome(l.ref, l.stateDir, l.home);
    expect(scan.profiles).toEqual([]);
    expect(scan.links).toEqual([
      expect.objectContaining({ path: path.join(l.isolated, '.openclaw-x'), kind: 'elsewhere', realPath: other }),
    ]);
  });

  it('the profile the state dir itself is (a gateway run with --profile work): a plain shadow, merged as one', () => {
    const l = layout('.openclaw-work');
    const work = l.tree(path.join(l.isolated, '.openclaw-work'));
    const scan = scanCodexHome(l.ref, l.stateDir, l.home);
    expect(scan.profiles).toEqual([]);
    expect(scan.shadows).toEqual([expect.objectContaining({ path: work, ownerAgent: 'main' })]);
  });
  it('a canonical profile store that cannot be looked at is not compared as if empty (no false "only here")', () => {
    const l = layout();
    const work = l.tree(path.join(l.isolated, '.openclaw-work'));
    fs.mkdirSync(path.join(work, 'agents/main/sessions'), { recursive: true });
    const store = { 'agent:main:main': { sessionId: 'a', updatedAt: 1 } };
    fs.writeFileSync(path.join(work, 'agents/main/sessions/sessions.json'), JSON.stringify(store));
    const canonical = l.tree(path.join(l.home, '.openclaw-work'));
    fs.writeFileSync(path.join(canonical, 'agents'), 'not a dir'); // lstat below it: ENOTDIR
    const [ref] = scanCodexHome(l.ref, l.stateDir, l.home).profiles;
    const r = profileShadowReport(ref!);
    expect(r).toMatchObject({ canonicalExists: true, state: 'shadow' });
    expect(r.stores).toEqual([
      expect.objectContaining({ agent: 'main', sessions: 1, onlyInShadow: null, canonicalSessions: null }),
    ]);
    expect(r.stores[0]!.error).toMatch(/could not be looked at \(ENOTDIR\); not compared$/);
    fs.rmSync(path.join(canonical, 'agents'));
    fs.rmSync(canonical, { recursive: true });
    expect(profileShadowReport(ref!)).toMatchObject({
      canonicalExists: false,
      state: 'diverged',
      stores: [expect.objectContaining({ onlyInShadow: 1, canonicalSessions: 0 })],
    });
  });
});
