// A FIFO in place of any file a command reads (shim included) never hangs it: a finding or a clear error, promptly.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshStates } from './fixture.ts';
import { commands, fullState, runBounded, type Full } from './every-file.ts';
import { bytesUnder, faultFigures, lostSince } from '../helpers/fault-figures.ts';

const fresh = freshStates();
const figures = faultFigures(import.meta.url);
/** The redirect log grows with the shim's own line: every other byte of the state must stay. */
const notTheLog = (rel: string): boolean => rel.startsWith('logs/');
let full: Full | undefined;
const state = async (): Promise<Full> => (full ??= await fullState(fresh()));

/** Every file of the full state, each once replaced by a FIFO nobody writes. */
const FILES = [
  'canonical sessions.json',
  'shadow sessions.json',
  'openclaw.json',
  'capture.json',
  'the shim',
  'config.toml',
  'shell snapshot',
  'setup.json',
  'launcher.json',
  'manifest.json',
  'run.json',
  'merge record',
  'redirect log',
  'sessions.json.lock',
];

const UNINSTALL_READS = ['openclaw.json', 'capture.json', 'config.toml', 'setup.json', 'launcher.json'];

describe('a FIFO where a file belongs', { timeout: 400_000 }, () => {
  it.each(FILES)('%s: every command exits promptly, never 70, never a stack trace', async (name) => {
    const x = await state();
    const file = x.files[name]!;
    const aside = `${file}.aside`;
    const before = bytesUnder(x.f.stateDir, notTheLog);
    if (fs.existsSync(file)) fs.renameSync(file, aside);
    execFileSync('mkfifo', [file]);
    let runs: Array<{ c: ReturnType<typeof commands>[number]; r: Awaited<ReturnType<typeof runBounded>> }> = [];
    try {
      // uninstall runs the real CLI (seconds each under load): only for the files it reads itself.
      const cmds = commands(x).filter((c) => c.name !== 'uninstall' || UNINSTALL_READS.includes(name));
      runs = await Promise.all(cmds.map(async (c) => ({ c, r: await runBounded(x, c, 120_000) })));
      for (const { c, r } of runs) {
        const what = `${c.name} with a FIFO as ${name}: exit ${r.exitCode} after ${r.ms} ms\n${r.out}`;
        expect(r.timedOut, what).toBe(false);
        expect(r.exitCode, what).not.toBe(70);
        expect(r.out, what).not.toMatch(/internal error|\n\s+at .*\(.*:\d+:\d+\)/);
      }
      // doctor names the FIFO wherever it reads one as state (stores, config, records, the lock).
      const doctor = runs.find((x) => x.c.name === 'doctor')!.r;
      if (['canonical sessions.json', 'openclaw.json', 'sessions.json.lock'].includes(name))
        expect(doctor.out, doctor.out).toContain(file);
    } finally {
      fs.rmSync(file, { force: true });
      if (fs.existsSync(aside)) fs.renameSync(aside, file);
      // One trial per command: it hung, ended in 70, or the state lost a byte (read-only commands all).
      const lost = lostSince(before);
      for (const { c, r } of runs)
        figures.count('FIFO in place of a file', `${c.name} with a FIFO as ${name}`, [
          ...(r.timedOut ? ['hung'] : []),
          ...(r.exitCode === 70 ? ['exit 70'] : []),
          ...lost,
        ]);
    }
    expect(lostSince(before)).toEqual([]);
  });
});
