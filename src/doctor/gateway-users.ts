// Gateways that run as another user than doctor: say what is known and recommend running as that user (pure).
import path from 'node:path';
import type { GatewayLockInfo } from '../canonical/sources.ts';
import { cmd } from '../lib/shell-words.ts';
import type { Finding } from './findings.ts';
import type { UnknownGateway } from './gateways.ts';

const label = (g: { uid?: number; user?: string }): string => (g.user ? `${g.user} (uid ${g.uid})` : `uid ${g.uid}`);
const sudoDoctor = (g: { uid?: number; user?: string }, stateDir?: string): string =>
  cmd('sudo', '-u', g.user ?? `#${g.uid}`, 'openclaw-shim', 'doctor', ...(stateDir ? ['--state-dir', stateDir] : []));

/**
 * One info per gateway of another user on the examined (or an unknown) state dir: what its lock or /proc says, and doctor run as that user,
 * which sees the state, locks and environment the way the gateway does (and writes nothing as root).
 */
export function checkGatewayUsers(
  me: number | undefined,
  stateDir: string,
  locks: GatewayLockInfo[],
  unknown: UnknownGateway[],
): Finding[] {
  if (me === undefined) return [];
  const out: Finding[] = [];
  for (const l of locks) {
    if (!l.alive || l.uid === undefined || l.uid === me) continue;
    const state = path.dirname(l.configPath);
    // A gateway on another state dir already has its GATEWAY_STATE_MISMATCH (or shares the host with this one's).
    if (path.resolve(state) !== path.resolve(stateDir)) continue;
    out.push({
      code: 'GATEWAY_OTHER_USER',
      severity: 'info',
      message: `A gateway runs as ${label(l)} (pid ${l.pid}) on ${state} (lock ${l.file}); doctor runs as uid ${me}: run doctor and OpenClaw commands for that state as ${l.user ?? `uid ${l.uid}`}.`,
      fix: sudoDoctor(l, state),
      path: l.configPath,
    });
  }
  for (const g of unknown) {
    if (g.uid === me) continue;
    out.push({
      code: 'GATEWAY_OTHER_USER',
      severity: 'info',
      message: `A gateway runs as ${label(g)} (pid ${g.pid}); its state dir is not known here (${g.reason}): run doctor as ${g.user ?? `uid ${g.uid}`} to check it.`,
      fix: sudoDoctor(g),
    });
  }
  return out;
}
