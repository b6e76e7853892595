// Who may write into a state dir: the owner as itself, root as the owner, anyone else refused with the command.
import { describe, expect, it } from 'vitest';
import { asOwnerCommand, decideOwner, parsePasswd } from '../../src/lib/owner.ts';

describe('decideOwner', () => {
  const gw = { uid: 1000, gid: 1000, name: 'gw', home: '/home/gw' };
  it('acts as itself for the owner, becomes the owner as root, refuses anyone else', () => {
    expect(decideOwner(1000, gw, 'The state dir /home/gw/.openclaw', ['openclaw-shim', 'setup', '--apply'])).toEqual({
      kind: 'self',
    });
    expect(decideOwner(0, gw, 'x', [])).toEqual({ kind: 'become', owner: gw });
    const r = decideOwner(1001, gw, 'The state dir /home/gw/.openclaw', [
      'openclaw-shim',
      'setup',
      '--state-dir',
      '/home/gw/.openclaw',
      '--apply',
    ]);
    expect(r.kind).toBe('refuse');
    expect(r.kind === 'refuse' && r.message).toBe(
      'The state dir /home/gw/.openclaw belongs to gw (uid 1000), not to you (uid 1001); nothing was changed. Run it as its owner:\n  sudo -u gw openclaw-shim setup --state-dir /home/gw/.openclaw --apply',
    );
  });
  it('names a uid without a passwd entry as #uid, and quotes what needs it', () => {
    expect(asOwnerCommand({ uid: 4242, gid: 4242 }, ['openclaw-shim', 'install', '--codex-home', '/s/a b'])).toBe(
      "sudo -u '#4242' openclaw-shim install --codex-home '/s/a b'",
    );
  });
  it('reads passwd lines, skipping malformed ones', () => {
    const m = parsePasswd('root:x:0:0:root:/root:/bin/bash\nbad line\ngw:x:1000:1001::/home/gw:/bin/sh\n');
    expect(m.get(1000)).toEqual({ name: 'gw', gid: 1001, home: '/home/gw' });
    expect(m.size).toBe(2);
  });
});
