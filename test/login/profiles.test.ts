// Login profile blocks in an isolated home: appended, idempotent, never breaking the operator's file, removed exactly.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBlock, profileFiles, withBlock } from '../../src/login/profile-text.ts';
import { profileHomeFor, removeBlock, writeLoginFiles } from '../../src/login/profiles.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function codexHome(): { codexHome: string; home: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-login-')));
  dirs.push(dir);
  const ch = path.join(dir, 'codex-home');
  fs.mkdirSync(path.join(ch, 'home'), { recursive: true });
  return { codexHome: ch, home: path.join(ch, 'home') };
}

const GATEWAY_PATH = '/opt/node24/bin:/opt/openclaw/bin:/usr/bin:/bin';

describe('profile text', () => {
  it('appends after the operator text, replaces in place on rewrite, and comes out whole', () => {
    const operator = 'export A=1\n# no newline at the end';
    const once = withBlock(operator, '/x/login-path.sh', false);
    expect(once.startsWith(`${operator}\n# >>> openclaw-shim >>>\n`)).toBe(true);
    expect(withBlock(once, '/x/login-path.sh', false)).toBe(once);
    const moved = withBlock(`${once}export B=2\n`, '/y/login-path.sh', false);
    expect(moved).toContain("'/y/login-path.sh'");
    expect(moved).not.toContain('/x/login-path.sh');
    expect(moved.endsWith('export B=2\n')).toBe(true);
    expect(findBlock(once)).toMatchObject({ rest: `${operator}\n`, created: false });
  });

  it('bash keeps reading the file it already reads; sh and zsh get theirs', () => {
    expect(profileFiles(() => false)).toEqual(['.profile', '.zprofile']);
    expect(profileFiles((n) => n === '.bash_login')).toEqual(['.bash_login', '.profile', '.zprofile']);
    expect(profileFiles((n) => n === '.bash_login' || n === '.bash_profile')).toEqual([
      '.bash_profile',
      '.profile',
      '.zprofile',
    ]);
  });
});

describe('login files on disk', () => {
  it('bash -l and sh -l get the gateway PATH with the shim dir first; removing our file makes the block a no-op', () => {
    const { codexHome: ch, home } = codexHome();
    writeLoginFiles({ codexHome: ch, home, gatewayPath: GATEWAY_PATH });
    const shimDir = path.join(ch, 'openclaw-shim', 'bin');
    const env = { HOME: home, PATH: '/usr/bin:/bin' };
    const bash = execFileSync('/bin/bash', ['-lc', 'echo "$PATH"'], { env, encoding: 'utf8' }).trim();
    expect(bash.split(':').slice(0, 5)).toEqual([shimDir, ...GATEWAY_PATH.split(':')]);
    const sh = execFileSync('/bin/sh', ['-lc', 'echo "$PATH"'], { env, encoding: 'utf8' }).trim();
    expect(sh.split(':')[0]).toBe(shimDir);
    fs.rmSync(path.join(ch, 'openclaw-shim', 'login-path.sh'));
    const after = execFileSync('/bin/bash', ['-lc', 'echo "$PATH"; echo ok'], { env, encoding: 'utf8' });
    expect(after).not.toContain(shimDir);
    expect(after).toContain('ok');
  });

  it("keeps the operator's file, mode and text; idempotent; uninstall takes out exactly the block and the files it created", () => {
    const { codexHome: ch, home } = codexHome();
    const bashProfile = path.join(home, '.bash_profile');
    fs.writeFileSync(bashProfile, 'export OPERATOR=1\n', { mode: 0o600 });
    const first = writeLoginFiles({ codexHome: ch, home, gatewayPath: GATEWAY_PATH });
    expect(first.map((a) => [path.basename(a.path), a.action])).toEqual([
      ['login-path.sh', 'created'],
      ['.bash_profile', 'updated'],
      ['.profile', 'created'],
      ['.zprofile', 'created'],
    ]);
    expect(fs.statSync(bashProfile).mode & 0o777).toBe(0o600);
    const again = writeLoginFiles({ codexHome: ch, home, gatewayPath: GATEWAY_PATH });
    expect(again.every((a) => a.action === 'unchanged')).toBe(true);
    expect(removeBlock(bashProfile).action).toBe('updated');
    expect(fs.readFileSync(bashProfile, 'utf8')).toBe('export OPERATOR=1\n');
    expect(fs.statSync(bashProfile).mode & 0o777).toBe(0o600);
    expect(removeBlock(path.join(home, '.profile')).action).toBe('removed');
    expect(fs.existsSync(path.join(home, '.profile'))).toBe(false);
    // A file we created but the operator wrote into since: the operator's lines stay.
    fs.appendFileSync(path.join(home, '.zprofile'), 'export Z=1\n');
    expect(removeBlock(path.join(home, '.zprofile')).action).toBe('updated');
    expect(fs.readFileSync(path.join(home, '.zprofile'), 'utf8')).toBe('export Z=1\n');
  });

  it('never writes into a real home, and leaves a symlinked profile alone', () => {
    const { codexHome: ch, home } = codexHome();
    expect(profileHomeFor(ch, '/root')).toBe(home); // the standard <codexHome>/home, not /root
    fs.rmSync(home, { recursive: true });
    expect(profileHomeFor(ch, '/root')).toBeUndefined();
    fs.mkdirSync(home);
    const target = path.join(path.dirname(ch), 'elsewhere-profile');
    fs.writeFileSync(target, 'x\n');
    fs.symlinkSync(target, path.join(home, '.profile'));
    const actions = writeLoginFiles({ codexHome: ch, home, gatewayPath: GATEWAY_PATH });
    expect(actions.find((a) => a.path.endsWith('.profile'))?.action).toBe('skipped');
    expect(fs.readFileSync(target, 'utf8')).toBe('x\n');
  });
});
