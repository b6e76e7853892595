// doctor --format nagios|prometheus and --textfile on real states: the plugin guidelines' line and exit codes, valid exposition text.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsRoot, freshStates, type StateFixture } from '../state/fixture.ts';
import { promTools } from './promtool.ts';

const fresh = freshStates();
const tools = promTools();

/** The states a monitor must tell apart, each made from the fixture (one agent, a diverged shadow, no shim). */
const STATES: Record<string, (f: StateFixture) => void> = {
  healthy: (f) => fs.rmSync(f.codexHome, { recursive: true }),
  warning: (f) => fs.rmSync(f.shadow, { recursive: true }),
  critical: () => {},
  unknown: (f) => fs.rmSync(f.stateDir, { recursive: true }),
};

/** Nagios plugin guidelines: `STATUS - text | 'label'=value[UOM];[warn];[crit];[min];[max]` … */
const LINE = /^OPENCLAW-SHIM (OK|WARNING|CRITICAL|UNKNOWN) - ([^|\n]+?)(?: \| (.+))?$/;
const PERF = /^('[^'=]+'|[^'= ]+)=(-?[0-9]+(?:\.[0-9]+)?)(us|ms|s|%|B|KB|MB|TB|c)?(?:;(~?-?[0-9.]*:?-?[0-9.]*)?){0,4}$/;

const perfOf = (data: string): Record<string, number> =>
  Object.fromEntries(
    data.split(' ').map((p) => {
      expect(p).toMatch(PERF);
      const m = PERF.exec(p)!;
      return [m[1]!.replace(/'/g, ''), Number(m[2])];
    }),
  );

describe('doctor --format nagios: one plugin line, exit 0/1/2/3', () => {
  it.each([
    ['healthy', 'OK', 0, { errors: 0, warnings: 0, shadow_trees: 0 }],
    ['warning', 'WARNING', 1, { errors: 0, warnings: 2, shadow_trees: 0 }],
    ['critical', 'CRITICAL', 2, { errors: 1, warnings: 2, shadow_trees: 1 }],
    ['unknown', 'UNKNOWN', 3, undefined],
  ] as const)('%s state -> %s, exit %i', async (state, status, code, perf) => {
    const f = fresh();
    STATES[state]!(f);
    const r = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--format', 'nagios']);
    const lines = String(r.stdout).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const m = LINE.exec(lines[0]!);
    expect(m, lines[0]).not.toBeNull();
    expect(m![1]).toBe(status);
    expect(r.exitCode).toBe(code);
    if (perf) expect(perfOf(m![3]!)).toMatchObject(perf);
    else expect(m![3]).toBeUndefined();
    if (state === 'critical') expect(m![2]).toContain('SHADOW_DIVERGED');
  });
});

describe('doctor --format prometheus and --textfile', () => {
  it("the same exposition on stdout and in DIR/openclaw_shim.prom (0644, no temp left), doctor's exit code kept", async () => {
    const f = fresh();
    const dir = path.join(f.dir, 'textfile');
    fs.mkdirSync(dir);
    const r = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--format', 'prometheus', '--textfile', dir]);
    expect(r.exitCode).toBe(1);
    const file = path.join(dir, 'openclaw_shim.prom');
    expect(fs.readdirSync(dir)).toEqual(['openclaw_shim.prom']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o644);
    const text = `${String(r.stdout).trimEnd()}\n`; // execa strips the final newline the CLI printed
    const strip = (s: string) => s.replace(/^openclaw_shim_doctor_(last_run_timestamp|duration)_seconds .*$/gm, '');
    expect(strip(fs.readFileSync(file, 'utf8')).trim()).toBe(strip(text).trim());
    expect(text).toContain('openclaw_shim_shadow_trees{state="diverged"} 1');
    expect(text).toContain('openclaw_shim_findings{code="SHADOW_DIVERGED",severity="error"} 1');
    expect(text).toContain('openclaw_shim_findings{code="STUCK_SESSION",severity="error"} 0');
    expect(text).toContain('openclaw_shim_launcher_wired 0');
    expect(text).toContain('openclaw_shim_doctor_healthy 0');
    expect(text).toContain(`openclaw_shim_doctor_info{state_dir="${f.stateDir}"`);
    const ts = Number(/^openclaw_shim_doctor_last_run_timestamp_seconds (\S+)$/m.exec(text)![1]);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(120);
    // Every metric: openclaw_shim_*, HELP and TYPE first, gauges only, so no _total.
    const names = new Set([...text.matchAll(/^(openclaw_shim_[a-z_]+)[{ ]/gm)].map((m) => m[1]!));
    for (const n of names) {
      expect(text).toContain(`# HELP ${n} `);
      expect(text).toContain(`# TYPE ${n} gauge`);
      expect(n.endsWith('_total')).toBe(false);
    }
    expect(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .every((l) => l.startsWith('openclaw_shim_')),
    ).toBe(true);
    if ('tools' in tools) {
      for (const input of [text, fs.readFileSync(file, 'utf8')]) {
        const c = spawnSync(tools.tools.promtool, ['check', 'metrics'], { input, encoding: 'utf8' });
        expect(c.stdout + c.stderr).toBe('');
        expect(c.status).toBe(0);
      }
    }
  });

  it('a healthy state: exit 0 with --textfile, healthy 1; a missing textfile dir is exit 66 and writes nothing', async () => {
    const f = fresh();
    STATES.healthy!(f);
    const dir = path.join(f.dir, 'textfile');
    fs.mkdirSync(dir);
    const r = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--textfile', dir]);
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'openclaw_shim.prom'), 'utf8')).toContain('openclaw_shim_doctor_healthy 1');
    const missing = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--textfile', path.join(f.dir, 'nope')]);
    expect(missing.exitCode).toBe(66);
    expect(String(missing.stderr)).toMatch(/--textfile .*nope: no such directory/);
    expect(fs.existsSync(path.join(f.dir, 'nope'))).toBe(false);
  });
});
