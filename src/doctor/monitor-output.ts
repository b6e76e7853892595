// doctor's outputs for monitoring systems: --format prometheus|nagios on stdout, --textfile DIR for node_exporter.
import { packageVersion } from '../lib/package-files.ts';
import type { Output } from '../lib/output.ts';
import { nagiosUnknown, renderNagios } from './nagios.ts';
import { renderPrometheus } from './prometheus.ts';
import type { DoctorReport } from './report.ts';
import { writeTextfile } from './textfile.ts';

export const DOCTOR_FORMATS = ['text', 'json', 'prometheus', 'nagios'] as const;
export type DoctorFormat = (typeof DOCTOR_FORMATS)[number];

export interface TimedReport {
  report: DoctorReport;
  startedMs: number;
  durationMs: number;
}

/** Runs doctor, timed: the metrics carry when it ran and how long it took. */
export function timed(run: () => DoctorReport): TimedReport {
  const startedMs = Date.now();
  const t0 = performance.now();
  const report = run();
  return { report, startedMs, durationMs: performance.now() - t0 };
}

/** Writes the textfile (when asked) and prints a monitoring format; returns the exit code it calls for, if any. */
export function emitMonitoring(
  out: Output,
  t: TimedReport,
  format: DoctorFormat,
  textfileDir: string | undefined,
): number | undefined {
  const facts = { startedMs: t.startedMs, durationMs: t.durationMs, version: packageVersion() };
  if (textfileDir !== undefined) writeTextfile(textfileDir, renderPrometheus(t.report, facts));
  if (format === 'prometheus') out.line(renderPrometheus(t.report, facts).trimEnd());
  if (format !== 'nagios') return undefined;
  const n = renderNagios(t.report, t.durationMs);
  out.line(n.line);
  return n.code;
}

/** With --format nagios, any failure is UNKNOWN (exit 3) in the plugin's one line, never a stack or exit 66. */
export function nagiosOnFailure(out: Output, error: unknown): number {
  out.line(nagiosUnknown(error instanceof Error ? error.message : String(error)).line);
  return nagiosUnknown('').code;
}
