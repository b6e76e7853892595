// doctor's report as one Nagios/Icinga plugin line with performance data, and the plugin exit code (pure).
import type { DoctorReport } from './report.ts';

/** The plugin guidelines' return codes. */
export const NAGIOS = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type NagiosStatus = keyof typeof NAGIOS;

const PREFIX = 'OPENCLAW-SHIM';
/** The text before `|` may hold neither a `|` nor a newline (they would end it). */
const clean = (s: string): string => s.replace(/[|\r\n]+/g, ' ').trim();

/** `'label'=value[UOM];[warn];[crit];[min];[max]`: thresholds are Nagios ranges, `0` alerts above zero. */
const perf = (label: string, value: number, uom = '', warn = '', crit = '', min = '0'): string =>
  `'${label}'=${value}${uom};${warn};${crit};${min}`;

export function nagiosStatus(r: DoctorReport): NagiosStatus {
  if (r.summary.errors > 0) return 'CRITICAL';
  if (r.summary.warnings > 0) return 'WARNING';
  return 'OK';
}

/** One line: status, what was found (codes, most severe first), then performance data. */
export function renderNagios(r: DoctorReport, durationMs: number): { line: string; code: number } {
  const status = nagiosStatus(r);
  const problems = [
    ...r.findings.filter((f) => f.severity === 'error'),
    ...r.findings.filter((f) => f.severity === 'warn'),
  ];
  const codes = [...new Set(problems.map((f) => f.code))];
  const text =
    status === 'OK'
      ? `${r.stateDir}: healthy${r.findings.length ? ` (${r.findings.length} note(s))` : ''}`
      : `${r.stateDir}: ${r.summary.errors} error(s), ${r.summary.warnings} warning(s): ${codes.join(', ')}; run openclaw-shim doctor --state-dir ${r.stateDir}`;
  const stuck = r.findings.filter((f) => f.code === 'STUCK_SESSION').length;
  const shadows = r.shadows.filter((s) => s.state === 'diverged' || s.state === 'shadow').length;
  const data = [
    perf('errors', r.summary.errors, '', '', '0'),
    perf('warnings', r.summary.warnings, '', '0'),
    perf('shadow_trees', shadows, '', '', '0'),
    perf('stuck_sessions', stuck, '', '', '0'),
    perf('duration', Number((durationMs / 1000).toFixed(3)), 's'),
  ];
  return { line: `${PREFIX} ${status} - ${clean(text)} | ${data.join(' ')}`, code: NAGIOS[status] };
}

/** doctor could not run (bad state dir, unreadable input): UNKNOWN, exit 3, the reason in one line. */
export const nagiosUnknown = (reason: string): { line: string; code: number } => ({
  line: `${PREFIX} UNKNOWN - ${clean(reason)}`,
  code: NAGIOS.UNKNOWN,
});
