// Doctor's human output: a checklist, one line per check, then each finding with its fix.
import path from 'node:path';
import type { Output } from '../lib/output.ts';
import type { Finding } from './findings.ts';
import type { DoctorReport, ProfileShadowReport, ShadowReport } from './report.ts';

const kb = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;

function holdsLine(s: ShadowReport): string {
  const h = s.holds;
  const parts = [
    h.sessionStores.length ? `sessions.json for ${h.sessionStores.join(', ')}` : '',
    h.agentSqlite.length ? `agent SQLite for ${h.agentSqlite.join(', ')}` : '',
    h.stateSqlite ? 'shared state SQLite' : '',
    h.transcripts ? `${h.transcripts} transcript file(s)` : '',
    h.identity ? `${h.identity} identity file(s)` : '',
    h.configCopies.length ? `config copy ${h.configCopies.join(', ')}` : '',
    h.other ? `${h.other} other file(s)` : '',
    h.canonicalLinks ? `${h.canonicalLinks} link(s) to canonical` : '',
    h.specials ? `${h.specials} special file(s) (fifo, socket or device; no data)` : '',
  ].filter(Boolean);
  return parts.join('; ') || (s.state === 'unreadable' ? 'unknown (could not be read)' : 'nothing');
}

function storeLine(st: ShadowReport['stores'][number]): string {
  const who = st.agent ? `agent ${st.agent}` : 'shared';
  if (st.error) return `${st.kind} (${who}): ${st.error}`;
  if (st.kind === 'state-sqlite')
    return `${st.kind} (${who}): ${kb(st.bytes)}${st.tables !== undefined ? `, ${st.tables} tables` : ''}`;
  return `${st.kind} (${who}): ${st.sessions} session(s); only in shadow ${st.onlyInShadow}, only in canonical ${st.onlyInCanonical}, differing ${st.differing}`;
}

function printShadow(out: Output, s: ShadowReport, profile?: ProfileShadowReport): void {
  const mark =
    s.state === 'linked' || s.state === 'empty'
      ? out.style.green('[ok]  ')
      : s.state === 'diverged'
        ? out.style.red('[FAIL]')
        : out.style.yellow('[warn]');
  if (profile)
    out.line(
      `${mark} profile shadow ${s.path} (agent ${s.ownerAgent}, profile ${profile.profile}, ${s.state}): shadows ${profile.canonicalStateDir}${profile.canonicalExists ? '' : ' (does not exist: all of it is only here)'}; repair does not merge it`,
    );
  else out.line(`${mark} shadow ${s.path} (agent ${s.ownerAgent}, ${s.state})`);
  out.line(`         ${s.files} file(s), ${kb(s.bytes)}, newest ${s.newestChange ?? '-'}; holds ${holdsLine(s)}`);
  for (const st of s.stores) out.line(`         - ${storeLine(st)}`);
  if (profile?.configDiffers.length) out.line(`         - config differs at ${profile.configDiffers.join(', ')}`);
  for (const e of (s.errors ?? []).slice(0, 3)) out.line(`         - could not read ${e}`);
}

/** Up to GROUP_AT codex homes one line each; beyond that one line per state (50 agents: not 50 lines). */
const GROUP_AT = 5;

function printCodexHomes(out: Output, r: DoctorReport): void {
  const lines = r.codexHomes.map((h) => {
    const cacheDamaged = h.codeCache === 'damaged';
    const ok = h.shim === 'ok' && h.capture === 'ok' && !cacheDamaged;
    const info =
      !ok &&
      r.findings.some(
        (f) => (f.paths ?? [f.path]).includes(h.path) && f.code === 'CODEX_HOME_NO_SHIM' && f.severity === 'info',
      );
    // A damaged code cache is a warning: this build's shim refuses it and writes a fresh one (CODE_CACHE_DAMAGED).
    const fails = h.shim === 'damaged' || h.shim === 'node-unusable';
    const mark = ok
      ? out.style.green('[ok]  ')
      : info
        ? '[info]'
        : fails
          ? out.style.red('[FAIL]')
          : out.style.yellow('[warn]');
    return {
      h,
      mark,
      state: `shim ${h.shim}, capture ${h.capture}${cacheDamaged ? ', code cache damaged' : ''}${info ? ' (acpx not wired: optional)' : ''}`,
    };
  });
  if (lines.length <= GROUP_AT) {
    for (const l of lines) out.line(`${l.mark} codex home ${l.h.path} (agent ${l.h.ownerAgent}): ${l.state}`);
    return;
  }
  const byState = new Map<string, typeof lines>();
  for (const l of lines)
    byState.set(`${l.mark}\u0000${l.state}`, [...(byState.get(`${l.mark}\u0000${l.state}`) ?? []), l]);
  for (const group of byState.values()) {
    const agents = group.map((l) => l.h.ownerAgent);
    out.line(
      `${group[0]!.mark} ${group.length} codex home(s) (agents ${agents.slice(0, 5).join(', ')}${agents.length > 5 ? `, and ${agents.length - 5} more` : ''}): ${group[0]!.state}`,
    );
  }
}

const sevMark = (out: Output, f: Finding): string =>
  f.severity === 'error' ? out.style.red('[FAIL]') : f.severity === 'warn' ? out.style.yellow('[warn]') : '[info]';

/**
 * What doctor could not read of the canonical state decides which checks did not run: codex homes (and their
 * shadows) lie below the state, agents/ and each agent's dir; sessions below the sessions dirs and stores. A
 * check that did not run says `[skip]`, never `[ok]` (pure).
 */
export function skippedChecks(r: DoctorReport): { shadows?: string; stuck?: string } {
  const unreadable = r.findings.filter((f) => f.code === 'STATE_UNREADABLE').map((f) => f.path ?? '?');
  const stores = r.findings.filter((f) => f.code === 'CANONICAL_STORE_UNREADABLE').map((f) => f.path ?? '?');
  const hiding = unreadable.filter((p) => path.basename(p) !== 'sessions');
  return {
    ...(hiding.length ? { shadows: `not checked below ${hiding.join(', ')} (STATE_UNREADABLE below)` } : {}),
    ...(unreadable.length || stores.length
      ? {
          stuck: `not checked in ${[...unreadable, ...stores].join(', ')} (${unreadable.length ? 'STATE_UNREADABLE' : 'CANONICAL_STORE_UNREADABLE'} below)`,
        }
      : {}),
  };
}

const same = (a: string | null, b: string): boolean => a !== null && path.resolve(a) === path.resolve(b);

/**
 * Only a gateway on the examined state is its "[ok] running gateway" (none there is said, not passed as ok); any
 * other on this host, another user's or one on an unknown state dir, is at most an info line.
 */
function printGateways(out: Output, r: DoctorReport, mismatch: boolean): void {
  const live = r.gateways.filter((g) => g.alive);
  const who = (g: (typeof live)[number]) =>
    `pid ${g.pid}${(g.user ?? g.uid !== undefined) ? ` (${g.user ?? `uid ${g.uid}`})` : ''} on ${g.stateDir ?? `an unknown state dir: ${g.unknown}`}`;
  const onThisState = (g: (typeof live)[number]) => same(g.stateDir, r.stateDir) || same(g.configPath, r.configPath);
  const ours = live.filter(onThisState);
  const elsewhere = live.filter((g) => !onThisState(g));
  if (!mismatch)
    out.line(
      ours.length
        ? `${out.style.green('[ok]  ')} running gateway: ${ours.map(who).join('; ')}`
        : `[info] no running gateway on ${r.stateDir}`,
    );
  if (elsewhere.length) out.line(`[info] other gateways on this host: ${elsewhere.map(who).join('; ')}`);
}

export function printDoctor(out: Output, r: DoctorReport): void {
  out.line(out.style.bold(`openclaw-shim doctor: ${r.stateDir}`));
  const skip = skippedChecks(r);
  const skipMark = out.style.yellow('[skip]');
  const unseen = r.findings.filter((f) => f.code === 'SHADOW_UNREADABLE').length;
  if (skip.shadows) out.line(`${skipMark} shadow state trees: ${skip.shadows}`);
  else if (r.shadows.length === 0 && r.profileShadows.length === 0 && unseen === 0)
    out.line(`${out.style.green('[ok]  ')} no shadow state trees`);
  if (unseen > 0)
    out.line(
      `${out.style.yellow('[warn]')} shadow state trees: unknown where doctor could not read (SHADOW_UNREADABLE below)`,
    );
  for (const s of r.shadows) printShadow(out, s);
  for (const p of r.profileShadows) printShadow(out, p, p);
  printCodexHomes(out, r);
  const others = r.findings.filter(
    (f) =>
      ![
        'SHADOW_DIVERGED',
        'SHADOW_TREE',
        'CODEX_HOME_NO_SHIM',
        'CAPTURE_MISSING',
        'CAPTURE_INVALID',
        'CAPTURE_STALE',
      ].includes(f.code),
  );
  if (skip.stuck) out.line(`${skipMark} sessions stuck in "running": ${skip.stuck}`);
  else if (!others.some((f) => f.code === 'STUCK_SESSION'))
    out.line(`${out.style.green('[ok]  ')} no session stuck in "running" for more than ${r.stuckMinutes} min`);
  const mismatch = others.some((f) => f.code === 'GATEWAY_STATE_MISMATCH');
  printGateways(out, r, mismatch);
  if (r.findings.length === 0) return void out.line(out.style.green('Healthy: nothing to fix.'));
  if (r.healthy) out.line(out.style.green(`Healthy: nothing to fix (${r.findings.length} note(s) below).`));
  out.line('');
  out.line(out.style.bold(`Findings (${r.summary.errors} error(s), ${r.summary.warnings} warning(s))`));
  for (const f of r.findings) {
    out.line(`${sevMark(out, f)} ${f.code}: ${f.message}`);
    out.line(`         fix: ${f.fix}`);
  }
}
