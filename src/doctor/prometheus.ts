// doctor's report as Prometheus text exposition (pure): what node_exporter's textfile collector serves.
import path from 'node:path';
import { codeSeverityPairs } from './codes.ts';
import type { DoctorReport, ShadowState } from './report.ts';
import type { CodexHomeStatus } from './checks.ts';

export interface RunFacts {
  /** When doctor ran, epoch ms. */
  startedMs: number;
  /** How long it took, ms. */
  durationMs: number;
  /** openclaw-shim's version. */
  version: string;
}

type Labels = Record<string, string>;
interface Metric {
  name: string;
  help: string;
  samples: Array<{ labels?: Labels; value: number }>;
}

const SHADOW_STATES: readonly ShadowState[] = ['diverged', 'shadow', 'unreadable', 'linked', 'empty'];
const SHIM_STATES: ReadonlyArray<CodexHomeStatus['shim']> = [
  'ok',
  'outdated',
  'damaged',
  'node-unusable',
  'missing',
  'foreign',
  'unreadable',
];

/** Label values: backslash, double quote and newline escaped, as the exposition format says. */
const labelValue = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const helpText = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const labels = (l: Labels | undefined): string => {
  const entries = Object.entries(l ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${labelValue(v)}"`).join(',')}}` : '';
};
const countWhere = <T>(items: T[], pred: (t: T) => boolean): number => items.reduce((n, t) => n + (pred(t) ? 1 : 0), 0);

/** Findings per (code, severity): every pair the code table knows (zeros included), plus any other seen. */
function findingSamples(r: DoctorReport): Metric['samples'] {
  const counts = new Map<string, number>();
  const key = (code: string, severity: string) => `${code}\u0000${severity}`;
  for (const p of codeSeverityPairs()) counts.set(key(p.code, p.severity), 0);
  for (const f of r.findings)
    counts.set(key(f.code, f.severity), (counts.get(key(f.code, f.severity)) ?? 0) + (f.count ?? 1));
  return [...counts].map(([k, value]) => {
    const [code, severity] = k.split('\u0000') as [string, string];
    return { labels: { code, severity }, value };
  });
}

/** Live gateways by whether they use the examined state dir (`unknown`: seen in /proc, state not learned). */
function gatewaySamples(r: DoctorReport): Metric['samples'] {
  const live = r.gateways.filter((g) => g.alive);
  const uses = (g: (typeof live)[number]): string =>
    g.stateDir === null ? 'unknown' : path.resolve(g.stateDir) === path.resolve(r.stateDir) ? 'yes' : 'no';
  return ['yes', 'no', 'unknown'].map((u) => ({
    labels: { uses_examined_state: u },
    value: countWhere(live, (g) => uses(g) === u),
  }));
}

export function doctorMetrics(r: DoctorReport, run: RunFacts): Metric[] {
  const stuck = r.findings.filter((f) => f.code === 'STUCK_SESSION').reduce((n, f) => n + (f.count ?? 1), 0);
  const launcherWired = !r.findings.some((f) => f.code === 'LAUNCHER_NOT_CONFIGURED');
  return [
    {
      name: 'openclaw_shim_doctor_info',
      help: "Always 1: the state dir and config doctor examined, and openclaw-shim's version.",
      samples: [{ labels: { state_dir: r.stateDir, config_path: r.configPath, version: run.version }, value: 1 }],
    },
    {
      name: 'openclaw_shim_doctor_healthy',
      help: '1 when doctor found nothing of severity error or warn (exit 0), else 0.',
      samples: [{ value: r.healthy ? 1 : 0 }],
    },
    {
      name: 'openclaw_shim_shadow_trees',
      help: 'Shadow OpenClaw state trees in codex homes, by state (diverged and shadow need openclaw-shim repair).',
      samples: SHADOW_STATES.map((s) => ({ labels: { state: s }, value: countWhere(r.shadows, (t) => t.state === s) })),
    },
    {
      name: 'openclaw_shim_findings',
      help: 'doctor findings by code and severity (a grouped finding counts each path); docs/doctor-json.md lists the codes.',
      samples: findingSamples(r),
    },
    {
      name: 'openclaw_shim_stuck_sessions',
      help: `Canonical sessions "running" with no update for more than the stuck threshold (${r.stuckMinutes} min).`,
      samples: [{ value: stuck }],
    },
    {
      name: 'openclaw_shim_gateways',
      help: 'Live OpenClaw gateways seen, by whether they use the examined state dir (unknown: its state could not be learned).',
      samples: gatewaySamples(r),
    },
    {
      name: 'openclaw_shim_launcher_wired',
      help: "1 when OpenClaw's Codex command is openclaw-codex-launch (or no agent codex home needs it), else 0.",
      samples: [{ value: launcherWired ? 1 : 0 }],
    },
    {
      name: 'openclaw_shim_codex_homes',
      help: 'Codex homes found, by the state of their openclaw shim.',
      samples: SHIM_STATES.map((s) => ({ labels: { shim: s }, value: countWhere(r.codexHomes, (h) => h.shim === s) })),
    },
    {
      name: 'openclaw_shim_doctor_last_run_timestamp_seconds',
      help: 'When doctor last ran to completion (Unix time).',
      samples: [{ value: run.startedMs / 1000 }],
    },
    {
      name: 'openclaw_shim_doctor_duration_seconds',
      help: 'How long that doctor run took.',
      samples: [{ value: run.durationMs / 1000 }],
    },
  ];
}

/** The exposition text: HELP and TYPE (all gauges) before each metric's samples, one trailing newline. */
export function renderPrometheus(r: DoctorReport, run: RunFacts): string {
  const lines: string[] = [];
  for (const m of doctorMetrics(r, run)) {
    lines.push(`# HELP ${m.name} ${helpText(m.help)}`, `# TYPE ${m.name} gauge`);
    for (const s of m.samples) lines.push(`${m.name}${labels(s.labels)} ${String(s.value)}`);
  }
  return `${lines.join('\n')}\n`;
}
