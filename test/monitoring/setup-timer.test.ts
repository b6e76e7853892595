// setup prints the doctor service and timer with this gateway's exact paths, writes them with --timer-dir, and the unit's command works.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGateway, runIn } from '../helpers/sandbox.ts';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';
import { cachedCodex } from '../../src/lib/codex-cache.ts';
import { CONTRIB_PLACEHOLDERS, doctorTimerUnits } from '../../src/setup/doctor-timer.ts';

const g = makeGateway('json');
afterAll(() => g.cleanup());
const codex = cachedCodex();
if (!codex) throw new Error('the real Codex is not cached; the global setup installs it');
const env = { PATH: g.isolatedEnv().PATH!, HOME: g.home, OPENCLAW_SHIM_CODEX_BIN: codex.bin };

describe('setup and the doctor timer', () => {
  it('contrib/systemd/ is what setup prints, with placeholders for the paths', () => {
    for (const f of doctorTimerUnits(CONTRIB_PLACEHOLDERS).files) {
      expect(
        fs.readFileSync(path.join(ROOT, 'contrib/systemd', f.name), 'utf8'),
        `npm run contrib:systemd rewrites ${f.name}`,
      ).toBe(f.text);
    }
  });

  it('dry run prints both units with the exact paths; --apply --timer-dir writes them (0644) and their ExecStart writes the textfile', async () => {
    const textfile = path.join(g.dir, 'node-exporter');
    fs.mkdirSync(textfile);
    const dry = await runIn(g.dir, NODE, [CLI_JS, 'setup', '--state-dir', g.stateDir, '--textfile-dir', textfile], env);
    expect(dry.exitCode, String(dry.stderr)).toBe(0);
    const out = String(dry.stdout);
    const exec = `ExecStart=${NODE} ${path.join(ROOT, 'bin/openclaw-shim.mjs')} doctor --state-dir ${g.stateDir} --textfile ${textfile}`;
    expect(out).toContain('Doctor timer for monitoring (optional, not written');
    expect(out).toContain(exec);
    expect(out).toContain('OnCalendar=minutely');
    // Run as root here: a system unit that runs as the state dir's owner.
    if (process.getuid?.() === 0) expect(out).toMatch(/User=\S+/);
    const unitDir = path.join(g.dir, 'units');
    fs.mkdirSync(unitDir);
    const applied = await runIn(
      g.dir,
      NODE,
      [
        CLI_JS,
        'setup',
        '--state-dir',
        g.stateDir,
        '--textfile-dir',
        textfile,
        '--timer-dir',
        unitDir,
        '--apply',
        '--json',
      ],
      env,
    );
    expect(applied.exitCode, String(applied.stderr)).toBe(0);
    const json = JSON.parse(String(applied.stdout)) as { doctorTimer: { written: string[] } };
    expect(json.doctorTimer.written.sort()).toEqual([
      path.join(unitDir, 'openclaw-shim-doctor.service'),
      path.join(unitDir, 'openclaw-shim-doctor.timer'),
    ]);
    const service = fs.readFileSync(path.join(unitDir, 'openclaw-shim-doctor.service'), 'utf8');
    expect(fs.statSync(path.join(unitDir, 'openclaw-shim-doctor.service')).mode & 0o777).toBe(0o644);
    expect(service).toContain(exec);
    // What systemd would run: the ExecStart words, as they are (no quoting needed for these paths).
    const words = /^ExecStart=(.*)$/m.exec(service)![1]!.split(' ');
    const run = await runIn(g.dir, words[0]!, words.slice(1), env);
    expect([0, 1]).toContain(run.exitCode);
    expect(fs.readFileSync(path.join(textfile, 'openclaw_shim.prom'), 'utf8')).toContain(
      `openclaw_shim_doctor_info{state_dir="${g.stateDir}"`,
    );
    // setup --apply wired the launcher: the metric the LauncherNotWired alert watches says so.
    expect(fs.readFileSync(path.join(textfile, 'openclaw_shim.prom'), 'utf8')).toContain(
      'openclaw_shim_launcher_wired 1',
    );
  }, 240_000);
});
