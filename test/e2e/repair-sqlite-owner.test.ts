// repair --apply run as root on a 2026.9.6 state another user owns: OpenClaw's importer runs as that user, every
// file it and repair leave is theirs, and their real CLI lists the imported session.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { forOtherUser, reach } from '../helpers/other-user.ts';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { shadowOf, sid, T0, writeStore } from '../repair/fixtures.ts';

const OWNER = 65534;
const isRoot = process.getuid?.() === 0;
const g = makeGateway('sqlite', { agents: ['main', 'target'] });
afterAll(() => g.cleanup());

const NEW = 'agent:target:telegram:direct:owned';

const chownTree = (dir: string, uid: number): void => {
  fs.lchownSync(dir, uid, uid);
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.lchownSync(path.join(dir, f), uid, uid);
};
const env = { PATH: g.isolatedEnv().PATH!, HOME: '/root' };
const asOwner = (file: string, args: string[]) =>
  runIn(
    g.dir,
    '/usr/bin/setpriv',
    [`--reuid=${OWNER}`, `--regid=${OWNER}`, '--clear-groups', reach(file), ...args.map(reach)],
    forOtherUser(hermetic({ ...env, HOME: g.home })),
  );

describe.skipIf(!isRoot)("repair as root on another user's 2026.9.6 state", { timeout: 600_000 }, () => {
  it("imports as the owner: the owner's CLI lists the session, every file is the owner's", async () => {
    fs.chmodSync(g.dir, 0o755);
    chownTree(g.home, OWNER);
    // The owner's gateway state: its database made by the real CLI run as the owner.
    const dir = path.join(g.stateDir, 'agents', 'target', 'sessions');
    writeStore(path.join(dir, 'sessions.json'), { 'agent:target:canon1': { sessionId: sid(1), updatedAt: T0 + 1 } });
    chownTree(g.home, OWNER);
    const made = await asOwner(g.realBin, ['doctor', '--session-sqlite', 'import', '--session-sqlite-agent', 'target']);
    expect(made.exitCode, String(made.stderr)).toBe(0);
    writeStore(path.join(shadowOf(g), 'agents', 'target', 'sessions', 'sessions.json'), {
      [NEW]: { sessionId: sid(3), updatedAt: T0 + 3, status: 'done' },
    });
    chownTree(g.home, OWNER);

    const r = await runIn(
      g.dir,
      reach(NODE),
      [reach(CLI_JS), 'repair', '--state-dir', g.stateDir, '--real-openclaw', g.realBin, '--apply', '--json'],
      forOtherUser(hermetic(env)),
    );
    expect(r.exitCode, `${r.stderr}\n${r.stdout}`).toBe(0);
    const notOwned = ['', ...(fs.readdirSync(g.stateDir, { recursive: true }) as string[])].filter(
      (f) => fs.lstatSync(path.join(g.stateDir, f)).uid !== OWNER,
    );
    expect(notOwned).toEqual([]);
    // What the importer wrote (its archive and receipt) is the owner's too: it ran as the owner.
    expect(fs.existsSync(path.join(g.stateDir, 'agents', 'target', 'session-sqlite-import-archive'))).toBe(true);
    const listed = await asOwner(g.realBin, ['sessions', '--agent', 'target', '--json']);
    expect(listed.exitCode, String(listed.stderr)).toBe(0);
    const sessions = (JSON.parse(String(listed.stdout)) as { sessions: Array<{ key: string; sessionId: string }> })
      .sessions;
    expect(sessions.find((s) => s.key === NEW)?.sessionId).toBe(sid(3));
  });
});
