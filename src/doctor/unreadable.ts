// Findings for state doctor could not read: the canonical dirs, a canonical store, a shadow tree or where one may be.
import { cmd } from '../lib/shell-words.ts';
import type { Unreadable } from '../store/readable.ts';
import type { Ctx, Finding } from './findings.ts';

const asOwner = (uid: number | undefined): string =>
  uid === undefined
    ? 'run doctor as the user who owns the state dir'
    : process.getuid?.() === uid
      ? 'fix its permissions (it is yours)'
      : `run doctor as its owner (uid ${uid})`;

/** A canonical dir (state dir, agents/, an agent's sessions dir) that cannot be listed: nothing below it was checked. */
export function stateUnreadableFinding(u: Unreadable): Finding {
  return {
    code: 'STATE_UNREADABLE',
    severity: 'error',
    message: `The ${u.what} ${u.path} could not be read (${u.error}): nothing below it was checked, so doctor cannot say whether it is healthy.`,
    fix: `${cmd('ls', '-ld', u.path)}   # then ${asOwner(u.ownerUid)}`,
    path: u.path,
  };
}

/** The canonical store itself is not a readable JSON store: OpenClaw cannot use it either; repair will not merge into it. */
export function canonicalStoreFinding(c: Ctx, agent: string, storePath: string, error: string): Finding {
  return {
    code: 'CANONICAL_STORE_UNREADABLE',
    severity: 'error',
    message: `The canonical session store of agent ${agent}, ${storePath}, is unreadable (${error}): shadow stores of ${agent} were not compared with it and repair merges nothing into it.`,
    fix: `${cmd('ls', '-l', storePath)}   # check the file; restore it from a backup (OpenClaw keeps ${storePath}.bak* when it rotates), or move it aside if the gateway can start over; then: ${cmd('openclaw-shim', 'doctor', '--state-dir', c.stateDir)}`,
    path: storePath,
  };
}

/** A shadow tree (or the dir where one would be) that could not be read: what it holds is unknown. */
export function shadowUnreadableFinding(
  c: Ctx,
  p: { path: string; ownerAgent: string; codexHome?: string; errors: string[]; whole: boolean },
): Finding {
  const shown = p.errors.slice(0, 3).join('; ') + (p.errors.length > 3 ? `; and ${p.errors.length - 3} more` : '');
  return {
    code: 'SHADOW_UNREADABLE',
    severity: 'warn',
    message: p.whole
      ? `${p.path === p.codexHome ? `The codex home ${p.path} of agent ${p.ownerAgent}` : `${p.path} in agent ${p.ownerAgent}'s codex home`} could not be read (${shown}): whether it holds a shadow state tree is unknown.`
      : `Shadow state tree of agent ${p.ownerAgent} at ${p.path} could not be read completely (${shown}): what it holds is unknown, so repair keeps it.`,
    fix: `${cmd('ls', '-la', p.path)}   # then run doctor and repair as the state dir's owner, or fix the permissions: ${cmd('openclaw-shim', 'doctor', '--state-dir', c.stateDir)}`,
    path: p.path,
  };
}
