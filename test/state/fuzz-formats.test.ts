// Every file format the commands read, damaged five ways: each command that reads it exits with a documented code, never 70, never hangs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCapture } from '../../src/canonical/capture.ts';
import { codexConfigFacts } from '../../src/doctor/codex-runtime.ts';
import { readLauncherRecord } from '../../src/launch/launcher-record.ts';
import { ExitError } from '../../src/lib/exit.ts';
import { inspectLock, notALock } from '../../src/lib/lock-holder.ts';
import { readRecords } from '../../src/log/read-log.ts';
import { readMergeRecordFile } from '../../src/repair/journal.ts';
import { readStoreObject } from '../../src/repair/survey.ts';
import { readSetupRecord } from '../../src/setup/record.ts';
import { parseManifest, parseRun } from '../../src/store/backup-manifest.ts';
import { readConfigFacts } from '../../src/store/config.ts';
import { readStore } from '../../src/store/sessions.ts';
import { freshStates } from './fixture.ts';
import { commands, fullState, runBounded } from './every-file.ts';
import { bytesUnder, faultFigures, lostSince } from '../helpers/fault-figures.ts';

const fresh = freshStates();
const figures = faultFigures(import.meta.url);

/** Damage of every kind a reader meets: cut short, the wrong types, nesting past any stack, binary, nothing. */
const DEEP = 50_000;
const mutations: Record<string, (good: string) => string | Buffer> = {
  truncated: (good) => good.slice(0, Math.max(1, Math.floor(good.length / 2))),
  'wrong types': (good) =>
    good.trimStart().startsWith('{') || good.trimStart().startsWith('[')
      ? '{"schema":7,"version":"x","trees":"no","config":[],"stateDir":{},"launcher":1,"codexHomes":{},"agents":{"list":"main"},"agent:main:x":5,"pid":"1","startedAt":[],"time":1,"argv":"a","redirects":{}}\n'
      : 'sandbox_mode = 7\n[sandbox_workspace_write]\nwritable_roots = "x"\n',
  'huge nesting': () => `${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`,
  'binary garbage': () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
  empty: () => '',
};

/** Each format and the file holding it in the full state. */
const FORMATS: Array<[string, string]> = [
  ['capture.json', 'capture.json'],
  ['setup.json', 'setup.json'],
  ['launcher.json', 'launcher.json'],
  ['manifest', 'manifest.json'],
  ['run record', 'run.json'],
  ['merge record', 'merge record'],
  ['sessions.json', 'canonical sessions.json'],
  ['shadow sessions.json', 'shadow sessions.json'],
  ['config JSON5', 'openclaw.json'],
  ['config.toml', 'config.toml'],
  ['shell snapshot', 'shell snapshot'],
  ['log lines', 'redirect log'],
  ['sessions.json.lock', 'sessions.json.lock'],
];

/** docs/reference.md "Exit codes": what a damaged input may end in. */
const DOCUMENTED = [0, 1, 65, 66, 73, 75, 77, 78];

/** Each reader in process, on each damage: it returns, or throws an ExitError with a documented code (anything else would be exit 70). */
const READERS: Array<[string, (file: string, dir: string) => unknown]> = [
  ['capture.json', (f) => parseCapture(fs.readFileSync(f, 'utf8'))],
  ['setup.json', (_f, dir) => readSetupRecord(dir)],
  ['launcher.json', (_f, dir) => readLauncherRecord(dir)],
  ['manifest', (f) => parseManifest(fs.readFileSync(f, 'utf8'))],
  ['run record', (f) => parseRun(fs.readFileSync(f, 'utf8'))],
  ['merge record', (f) => readMergeRecordFile(f)],
  ['sessions.json', (f) => readStore('sessions-json', f)],
  ['sessions.json (repair)', (f) => readStoreObject(f)],
  ['config JSON5', (f, dir) => readConfigFacts(f, dir, dir)],
  ['config.toml', (f) => codexConfigFacts(fs.readFileSync(f, 'utf8'))],
  ['log lines', (f) => readRecords(f, 20)],
  ['lock', (f) => (notALock(f), inspectLock(f))],
];

describe('fuzz: damaged files of every format', { timeout: 600_000 }, () => {
  it('in process: every reader of every format returns or ends in a documented exit code', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-fuzz-'));
    const good = JSON.stringify({ schema: 'openclaw-shim/setup', version: 1, a: [1, { b: 'c' }] });
    const failures: string[] = [];
    try {
      for (const [kind, damage] of Object.entries(mutations)) {
        for (const [name, read] of READERS) {
          const sub = fs.mkdtempSync(path.join(dir, 'r-'));
          const file = path.join(
            sub,
            name === 'setup.json' ? 'setup.json' : name === 'launcher.json' ? 'launcher.json' : 'file',
          );
          fs.mkdirSync(path.join(sub, 'openclaw-shim'));
          fs.writeFileSync(file, damage(good));
          fs.writeFileSync(path.join(sub, 'openclaw-shim/setup.json'), damage(good));
          let bad: string[] = [];
          try {
            read(file, sub);
          } catch (error) {
            if (!(error instanceof ExitError) || !DOCUMENTED.includes(error.code))
              bad = [`${name} ${kind}: ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`];
          }
          failures.push(...figures.count('fuzz, in process (a reader on a damaged file)', `${name} ${kind}`, bad));
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
  });

  it('built commands: all files damaged each way at once, every command exits with a documented code, promptly, without a stack trace', async () => {
    const started = Date.now();
    const x = await fullState(fresh());
    const originals = new Map(
      FORMATS.map(([, key]) => [key, fs.existsSync(x.files[key]!) ? fs.readFileSync(x.files[key]!, 'utf8') : '{}']),
    );
    const failures: string[] = [];
    let runs = 0;
    for (const [kind, damage] of Object.entries(mutations)) {
      for (const [, key] of FORMATS) fs.writeFileSync(x.files[key]!, damage(originals.get(key)!));
      // What is not damaged must stay byte for byte (the shim's log line aside): read-only commands all.
      const damaged = new Set(FORMATS.map(([, key]) => x.files[key]!));
      const before = bytesUnder(x.f.stateDir, (rel) => rel.startsWith('logs/'));
      for (const p of damaged) before.delete(p);
      const results = await Promise.all(
        commands(x)
          .filter((c) => c.name !== 'uninstall')
          .map(async (c) => ({ c, r: await runBounded(x, c, 120_000) })),
      );
      const lost = lostSince(before);
      for (const { c, r } of results) {
        runs += 1;
        const bad =
          r.timedOut || !DOCUMENTED.includes(r.exitCode ?? -1) || /internal error|\n\s+at .*:\d+:\d+\)?\n/.test(r.out);
        const problems = [
          ...(bad
            ? [
                `${kind} → ${c.name}: exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''} after ${r.ms} ms ${r.out.slice(0, 400)}`,
              ]
            : []),
          ...lost,
        ];
        failures.push(...figures.count('fuzz, built commands (every format damaged)', `${kind} → ${c.name}`, problems));
      }
    }
    for (const [, key] of FORMATS) fs.writeFileSync(x.files[key]!, originals.get(key)!);
    console.log(
      `fuzz: ${runs} command runs, ${FORMATS.length} formats × ${Object.keys(mutations).length} damages, ${Date.now() - started} ms`,
    );
    expect(failures).toEqual([]);
  });
});
