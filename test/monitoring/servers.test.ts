// A real node_exporter (textfile collector only) serves doctor --textfile, and a real Prometheus with the shipped rules fires the shadow alert.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { cliAsRoot, freshStates } from '../state/fixture.ts';
import { promTools } from './promtool.ts';

const tools = promTools();
const fresh = freshStates();
const started: ChildProcess[] = [];

/** Every server this file started is stopped, on failure too: SIGTERM, then SIGKILL after 5 s. */
async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}
afterAll(async () => {
  await Promise.all(started.map(stop));
});

/** A port nobody listens on right now, on 127.0.0.1. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function server(file: string, args: string[], log: string): ChildProcess {
  const out = fs.openSync(log, 'a');
  const p = spawn(file, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  started.push(p);
  return p;
}

/** Polls `probe` until it returns something, or fails after `ms` with the server's log. */
async function until<T>(what: string, ms: number, log: string, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${what}: not within ${ms} ms (${String(last ?? 'no answer')}); log:\n${fs.readFileSync(log, 'utf8').slice(-2000)}`,
  );
}

const get = async (url: string): Promise<string | undefined> => {
  const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  return r.ok ? r.text() : undefined;
};

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
}

describe.skipIf('skip' in tools)(
  `doctor --textfile through node_exporter into Prometheus${'skip' in tools ? ` (skipped: ${tools.skip})` : ''}`,
  () => {
    it('node_exporter serves the shadow tree doctor found; Prometheus with contrib/prometheus/alerts.yml fires OpenclawShimShadowTree', async () => {
      const t = 'tools' in tools ? tools.tools : undefined!;
      const f = fresh();
      const textDir = path.join(f.dir, 'textfile');
      fs.mkdirSync(textDir);
      const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--textfile', textDir]);
      expect(d.exitCode).toBe(1);

      const nePort = await freePort();
      const neLog = path.join(f.dir, 'node-exporter.log');
      const ne = server(
        t.nodeExporter,
        [
          `--web.listen-address=127.0.0.1:${nePort}`,
          '--collector.disable-defaults',
          '--collector.textfile',
          `--collector.textfile.directory=${textDir}`,
        ],
        neLog,
      );
      try {
        const metrics = await until('node_exporter /metrics', 30_000, neLog, () =>
          get(`http://127.0.0.1:${nePort}/metrics`),
        );
        const ours = metrics.split('\n').filter((l) => l.startsWith('openclaw_shim_'));
        expect(ours).toContain('openclaw_shim_shadow_trees{state="diverged"} 1');
        expect(ours).toContain('openclaw_shim_findings{code="SHADOW_DIVERGED",severity="error"} 1');
        expect(ours).toContain('openclaw_shim_stuck_sessions 0');
        expect(ours).toContain('openclaw_shim_launcher_wired 0');
        // node_exporter read the file without complaint (it reports a parse error per file as this metric).
        expect(metrics).toContain('node_textfile_scrape_error 0');

        const promPort = await freePort();
        const promDir = path.join(f.dir, 'prometheus');
        fs.mkdirSync(promDir);
        const config = path.join(promDir, 'prometheus.yml');
        fs.writeFileSync(
          config,
          [
            'global: { scrape_interval: 1s, evaluation_interval: 1s }',
            `rule_files: [${JSON.stringify(path.join(ROOT, 'contrib/prometheus/alerts.yml'))}]`,
            `scrape_configs: [{ job_name: node, static_configs: [{ targets: ["127.0.0.1:${nePort}"] }] }]`,
            '',
          ].join('\n'),
        );
        const promLog = path.join(promDir, 'prometheus.log');
        const prom = server(
          t.prometheus,
          [
            `--config.file=${config}`,
            `--storage.tsdb.path=${path.join(promDir, 'data')}`,
            `--web.listen-address=127.0.0.1:${promPort}`,
          ],
          promLog,
        );
        try {
          const alerts = await until('OpenclawShimShadowTree firing', 90_000, promLog, async () => {
            const body = await get(`http://127.0.0.1:${promPort}/api/v1/alerts`);
            const list = body ? (JSON.parse(body) as { data: { alerts: Alert[] } }).data.alerts : [];
            return list.some((a) => a.labels.alertname === 'OpenclawShimShadowTree' && a.state === 'firing')
              ? list
              : undefined;
          });
          const shadow = alerts.find((a) => a.labels.alertname === 'OpenclawShimShadowTree')!;
          expect(shadow.labels).toMatchObject({
            instance: `127.0.0.1:${nePort}`,
            state_dir: f.stateDir,
            severity: 'critical',
          });
          expect(shadow.annotations.summary).toBe(
            `OpenClaw shadow state tree on 127.0.0.1:${nePort}: run openclaw-shim repair --state-dir ${f.stateDir} (then --apply)`,
          );
          // Not in this state: no stuck session, doctor just ran.
          expect(
            alerts.filter((a) => ['OpenclawShimStuckSession', 'OpenclawShimDoctorStale'].includes(a.labels.alertname!)),
          ).toEqual([]);
        } finally {
          await stop(prom);
        }
      } finally {
        await stop(ne);
      }
    }, 180_000);
  },
);
