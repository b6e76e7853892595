// Another local user cannot choose the state a victim's CLI uses: planted gateway locks and temp logs are not believed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readGatewayLocks } from '../../src/canonical/gather.ts';
import { procStartTime as startTimeOf } from '../../src/lib/process-identity.ts';
import { tmpLogFile } from '../../src/shim/log.ts';
import { canDropPrivileges, cliAsRoot, freshStates, NOBODY } from './fixture.ts';
import { faultFigures } from '../helpers/fault-figures.ts';

const figures = faultFigures(import.meta.url);
/** "Lost" here: the planted lock or record was believed (the victim's CLI would use the attacker's state or lines). */
const OTHER_USER = "another user's locks and temp dirs";
const believed = (label: string, taken: boolean): string[] =>
  figures.count(OTHER_USER, label, taken ? ['believed'] : []);

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-trust-')));
fs.chmodSync(dir, 0o755);
const gateway = spawn('bash', ['-c', 'exec -a openclaw-gateway sleep 120'], { stdio: 'ignore' });
const shell = spawn('sleep', ['120'], { stdio: 'ignore' });
afterAll(() => {
  gateway.kill();
  shell.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});
const fresh = freshStates();
const me = process.getuid!();

let n = 0;
/** `<dir>/<case>/openclaw-<uid>/gateway.<hash>.lock` with this payload; `by` owns the dir and the file. */
function plant(
  payload: object,
  opts: { uid?: number; by?: number; dirMode?: number; fileMode?: number; asLink?: boolean } = {},
): string {
  const lockDir = path.join(dir, `case-${n++}`, `openclaw-${opts.uid ?? me}`);
  fs.mkdirSync(lockDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(lockDir), 0o755);
  const file = path.join(lockDir, 'gateway.0123abcd.lock');
  const real = opts.asLink ? path.join(path.dirname(lockDir), 'elsewhere.json') : file;
  fs.writeFileSync(real, JSON.stringify(payload), { mode: opts.fileMode ?? 0o644 });
  fs.chmodSync(real, opts.fileMode ?? 0o644);
  if (opts.asLink) fs.symlinkSync(real, file);
  fs.chmodSync(lockDir, opts.dirMode ?? 0o755);
  if (opts.by !== undefined) {
    fs.lchownSync(lockDir, opts.by, opts.by);
    fs.lchownSync(file, opts.by, opts.by);
  }
  return lockDir;
}

const aliveOf = (lockDir: string): boolean | undefined => readGatewayLocks([lockDir])[0]?.alive;
const CONFIG = '/srv/attacker/.openclaw/openclaw.json';

describe('gateway locks', () => {
  it("a live gateway in its own uid's closed dir is believed, with or without the start time it recorded", () => {
    expect(aliveOf(plant({ pid: gateway.pid, configPath: CONFIG }))).toBe(true);
    expect(aliveOf(plant({ pid: gateway.pid, configPath: CONFIG, startTime: startTimeOf(gateway.pid!) }))).toBe(true);
  });

  it('pid 1, a process that is no gateway, or a recycled pid (start time differs) is not a live gateway', () => {
    believed('lock naming pid 1', aliveOf(plant({ pid: 1, configPath: CONFIG })) !== false);
    believed('lock naming a live non-gateway', aliveOf(plant({ pid: shell.pid, configPath: CONFIG })) !== false);
    const recycled = { pid: gateway.pid, configPath: CONFIG, startTime: startTimeOf(gateway.pid!)! + 1 };
    believed('lock naming a recycled pid', aliveOf(plant(recycled)) !== false);
    expect(aliveOf(plant({ pid: 1, configPath: CONFIG }))).toBe(false);
    expect(aliveOf(plant({ pid: shell.pid, configPath: CONFIG }))).toBe(false);
    expect(aliveOf(plant({ pid: 1, configPath: CONFIG, startTime: startTimeOf(1) }))).toBe(false);
    expect(aliveOf(plant({ pid: gateway.pid, configPath: CONFIG, startTime: startTimeOf(gateway.pid!)! + 1 }))).toBe(
      false,
    );
  });

  it.skipIf(me !== 0)('is not read at all from a dir another user made, one open to others, or through a link', () => {
    const live = { pid: gateway.pid, configPath: CONFIG };
    const planted: Array<[string, Parameters<typeof plant>[1]]> = [
      ['lock dir another user made', { uid: 0, by: NOBODY }],
      ['lock dir open to all (0777)', { dirMode: 0o777 }],
      ['lock dir group-writable (0775)', { dirMode: 0o775 }],
      ['lock file writable by others', { fileMode: 0o666 }],
      ['lock that is a link', { asLink: true }],
    ];
    for (const [label, how] of planted) believed(label, readGatewayLocks([plant(live, how)]).length > 0);
    expect(readGatewayLocks([plant(live, { uid: 0, by: NOBODY })])).toEqual([]);
    expect(readGatewayLocks([plant(live, { dirMode: 0o777 })])).toEqual([]);
    expect(readGatewayLocks([plant(live, { dirMode: 0o775 })])).toEqual([]);
    expect(readGatewayLocks([plant(live, { fileMode: 0o666 })])).toEqual([]);
    expect(readGatewayLocks([plant(live, { asLink: true })])).toEqual([]);
    const dirLink = path.join(dir, 'link-case', `openclaw-${me}`);
    fs.mkdirSync(path.dirname(dirLink));
    fs.symlinkSync(plant(live), dirLink);
    expect(readGatewayLocks([dirLink])).toEqual([]);
    // Control: the same lock in a dir of its own uid is read.
    expect(readGatewayLocks([plant(live)])).toHaveLength(1);
  });
});

describe.skipIf(!canDropPrivileges())('another user against a victim (root here)', { timeout: 120_000 }, () => {
  /** The attacker (nobody) made the victim's `$TMPDIR/openclaw-<uid>/` first and planted a lock naming their own state and pid 1. */
  function attackerState(): { tmp: string; lockDir: string; attackerConfig: string } {
    const tmp = path.join(dir, `tmp-${n++}`);
    fs.mkdirSync(tmp, { mode: 0o1777 });
    fs.chmodSync(tmp, 0o1777);
    const attacker = fresh();
    const lockDir = path.join(tmp, `openclaw-${me}`);
    fs.mkdirSync(lockDir, { mode: 0o755 });
    fs.writeFileSync(
      path.join(lockDir, 'gateway.0123abcd.lock'),
      JSON.stringify({ pid: 1, createdAt: new Date().toISOString(), configPath: attacker.configPath }),
    );
    fs.lchownSync(lockDir, NOBODY, NOBODY);
    fs.lchownSync(path.join(lockDir, 'gateway.0123abcd.lock'), NOBODY, NOBODY);
    return { tmp, lockDir, attackerConfig: attacker.configPath };
  }

  it("the victim's explain in an isolated codex home keeps to the victim's own state", async () => {
    const victim = fresh();
    const { tmp, lockDir, attackerConfig } = attackerState();
    const env = {
      TMPDIR: tmp,
      OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: lockDir,
      OCSHIM_TEST_PASSWD_HOME: victim.home,
      CODEX_HOME: victim.codexHome,
      HOME: path.join(victim.codexHome, 'home'),
    };
    const r = await cliAsRoot(victim, ['explain', '--json'], env);
    believed("victim's explain beside a lock planted in its temp dir", String(r.stdout).includes(attackerConfig));
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = JSON.parse(String(r.stdout)) as {
      canonical: { stateDir: { value: string } };
      candidates: Array<{ source: string }>;
    };
    expect(out.canonical.stateDir.value).toBe(victim.stateDir);
    expect(out.candidates.map((c) => c.source)).not.toContain('gateway-lock');
    expect(String(r.stdout)).not.toContain(path.dirname(attackerConfig));
    // Control: the victim's own lock dir with the same lock is read (pid 1 is still no gateway, so not believed).
    fs.lchownSync(lockDir, me, me);
    fs.lchownSync(path.join(lockDir, 'gateway.0123abcd.lock'), me, me);
    const own = JSON.parse(String((await cliAsRoot(victim, ['explain', '--json'], env)).stdout)) as typeof out;
    expect(own.candidates.map((c) => c.source)).toContain('gateway-lock');
    expect(own.canonical.stateDir.value).toBe(victim.stateDir);
  });

  it("log shows no record another user forged in the victim's temp log dir", async () => {
    const victim = fresh();
    const tmp = path.join(dir, `tmp-${n++}`);
    fs.mkdirSync(tmp, { mode: 0o1777 });
    fs.chmodSync(tmp, 0o1777);
    const forged = tmpLogFile({ TMPDIR: tmp }, me);
    fs.mkdirSync(path.dirname(forged), { mode: 0o700 });
    const record = (argv: string[]) =>
      `${JSON.stringify({ time: '2026-11-29T10:00:00.000Z', pid: 7, ppid: 1, cwd: '/', argv, decision: 'redirected', redirects: [] })}\n`;
    fs.writeFileSync(forged, record(['FORGED', 'gateway', 'stop']), { mode: 0o600 });
    fs.lchownSync(path.dirname(forged), NOBODY, NOBODY);
    fs.lchownSync(forged, NOBODY, NOBODY);
    fs.mkdirSync(path.join(victim.stateDir, 'logs'));
    fs.writeFileSync(path.join(victim.stateDir, 'logs/openclaw-shim.jsonl'), record(['sessions', '--json']));
    const r = await cliAsRoot(victim, ['log', '--state-dir', victim.stateDir, '--json'], { TMPDIR: tmp });
    believed("victim's log beside records forged in its temp log dir", String(r.stdout).includes('FORGED'));
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).not.toContain('FORGED');
    expect(String(r.stdout)).toContain('sessions');
    // Control: the victim's own private temp log (its dir 0700, its file) is read.
    fs.lchownSync(path.dirname(forged), me, me);
    fs.lchownSync(forged, me, me);
    expect(
      String((await cliAsRoot(victim, ['log', '--state-dir', victim.stateDir, '--json'], { TMPDIR: tmp })).stdout),
    ).toContain('FORGED');
  });
});
