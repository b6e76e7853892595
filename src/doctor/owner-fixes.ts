// When root examines another user's state, every fix is to be run as that user (pure).
import type { Owner } from '../lib/owner.ts';
import { cmd } from '../lib/shell-words.ts';
import type { Finding } from './findings.ts';

const COMMENT = /^(.*?)(\s{2,}#.*)?$/s;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `a && VAR=x b   # why` -> `sudo -u o a && sudo -u o env VAR=x b   # why`. */
export function asOwnerFix(fix: string, owner: Owner): string {
  if (/^\s*#/.test(fix)) return fix;
  const [, body = fix, comment = ''] = COMMENT.exec(fix) ?? [];
  const sudo = cmd('sudo', '-u', owner.name ?? `#${owner.uid}`);
  const steps = body.split(' && ').map((step) => {
    const s = step.trim();
    if (s.startsWith('sudo ')) return s;
    return `${sudo} ${ASSIGNMENT.test(s) ? `env ${s}` : s}`;
  });
  return `${steps.join(' && ')}${comment}`;
}

/**
 * A fix run as root in another user's state (OpenClaw's CLI, mv, cp, repair) leaves root-owned files the
 * gateway cannot read. openclaw-shim itself would become the owner, but the other commands would not.
 */
export function ownerFixes(findings: Finding[], me: number | undefined, owner: Owner | undefined): Finding[] {
  if (me !== 0 || !owner || owner.uid === 0) return findings;
  return findings.map((f) => ({ ...f, fix: asOwnerFix(f.fix, owner) }));
}
