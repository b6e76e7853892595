// The private temp log: the last target, used only when its dir is this uid's alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logTargets, tmpLogFile, writeLog, type LogRecord } from '../../src/shim/log.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tmp-log-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const record: LogRecord = {
  time: new Date().toISOString(),
  pid: 1,
  ppid: 0,
  cwd: '/',
  argv: ['sessions'],
  decision: 'redirected',
  redirects: [],
  shimVersion: 't',
};
const uid = process.getuid!();

/** A state dir and codex home nobody can write, even root: they sit under a regular file. */
function setting(name: string): { env: Record<string, string>; targets: string[]; tmp: string } {
  const tmp = path.join(root, name);
  fs.mkdirSync(tmp);
  const blocker = path.join(tmp, 'a-file');
  fs.writeFileSync(blocker, '');
  const env = { TMPDIR: tmp, CODEX_HOME: path.join(blocker, 'codex-home') };
  return { env, tmp, targets: logTargets(env, path.join(blocker, 'state')) };
}

describe('the private temp log', () => {
  it('is the last target, per uid, under $TMPDIR (else /tmp)', () => {
    const { targets, tmp } = setting('order');
    expect(targets.at(-1)).toBe(path.join(tmp, `openclaw-shim-${uid}`, 'openclaw-shim.jsonl'));
    expect(tmpLogFile({ TMPDIR: 'relative' }, 7)).toBe('/tmp/openclaw-shim-7/openclaw-shim.jsonl');
    // Outside a codex home there is no sandbox to outwit: no temp log.
    expect(logTargets({ TMPDIR: tmp }, '/srv/state')).toEqual(['/srv/state/logs/openclaw-shim.jsonl']);
  });

  it('takes the record when nothing else can, made 0700/0600', () => {
    const { env, targets } = setting('fresh');
    const file = writeLog(record, targets, env);
    expect(file).toBe(targets.at(-1));
    expect(fs.statSync(path.dirname(file!)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file!, 'utf8')).argv).toEqual(['sessions']);
  });

  it.each([
    ['a dir open to others', (dir: string) => fs.mkdirSync(dir, { mode: 0o755 })],
    [
      'a link to a dir',
      (dir: string) => (fs.mkdirSync(`${dir}.real`, { mode: 0o700 }), fs.symlinkSync(`${dir}.real`, dir)),
    ],
    ['a dir of another user', (dir: string) => (fs.mkdirSync(dir, { mode: 0o700 }), fs.chownSync(dir, 65534, 65534))],
  ])('is refused when someone prepared %s', (_what, prepare) => {
    const { env, targets } = setting(_what.replaceAll(' ', '-'));
    const dir = path.dirname(targets.at(-1)!);
    fs.chmodSync(path.dirname(dir), 0o755);
    prepare(dir);
    expect(writeLog(record, targets, env)).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'openclaw-shim.jsonl'))).toBe(false);
  });

  it('never appends through a link planted as the file', () => {
    const { env, targets } = setting('file-link');
    const file = targets.at(-1)!;
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    const victim = path.join(root, 'victim');
    fs.writeFileSync(victim, 'keep\n');
    fs.symlinkSync(victim, file);
    expect(writeLog(record, targets, env)).toBeUndefined();
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep\n');
  });
});
