// A sessions.json.lock held by a live process that is not OpenClaw (a recycled pid): its age, holder and the safe way out, in repair and doctor.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { describeHolder, isOpenclawCommand } from '../../src/lib/lock-holder.ts';
import { cliAsRoot, findingsOf, makeState, type StateFixture } from './fixture.ts';

const fixtures: StateFixture[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fixtures.forEach((f) => f.cleanup());
});

const started = (argv0: string): Promise<ChildProcess> => {
  // exec -a: the holder's /proc/<pid>/cmdline starts with argv0, as a real writer's would.
  const c = spawn('bash', ['-c', `exec -a ${argv0} sleep 120`], { stdio: 'ignore' });
  children.push(c);
  return new Promise((resolve) => setTimeout(() => resolve(c), 200));
};

const lockBy = (f: StateFixture, pid: number, ageMs: number): void =>
  fs.writeFileSync(`${f.canonicalStore}.lock`, JSON.stringify({ pid, startedAt: Date.now() - ageMs }));

describe('which process holds a lock', () => {
  it.each([
    ['node /usr/lib/node_modules/openclaw/openclaw.mjs gateway run', true],
    ['openclaw-gateway', true],
    ['/usr/bin/openclaw sessions cleanup', true],
    ['sleep 120', false],
    ['/usr/sbin/nginx -g daemon off;', false],
  ])('%s: OpenClaw writer %s', (command, expected) => expect(isOpenclawCommand(command)).toBe(expected));

  it("says age and holder, and never to remove a live OpenClaw writer's lock", () => {
    const text = describeHolder({
      lockPath: '/s/sessions.json.lock',
      pid: 42,
      ageMs: 3 * 60_000,
      alive: true,
      command: 'openclaw-gateway',
      openclaw: true,
    });
    expect(text).toMatch(/OpenClaw writer process 42 \(openclaw-gateway; taken 3 min ago\).*never remove/);
  });
});

describe('a live non-OpenClaw holder (recycled pid)', () => {
  it('repair --apply: exit 75 naming the holder, its age and how to clear it; doctor: STORE_LOCK_HELD with the same', async () => {
    const f = makeState();
    fixtures.push(f);
    const holder = await started('sleep');
    lockBy(f, holder.pid!, 5 * 60_000);
    const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json'], {
      OPENCLAW_SHIM_LOCK_WAIT_MS: '200',
    });
    expect(r.exitCode, String(r.stderr)).toBe(75);
    const merge = (
      JSON.parse(String(r.stdout)) as { actions: Array<{ step: string; status: string; detail: string }> }
    ).actions.find((a) => a.step === 'merge')!;
    expect(merge.status).toBe('locked');
    expect(merge.detail).toMatch(
      new RegExp(`held by process ${holder.pid} \\(sleep 120; taken 5 min ago\\), which is not an OpenClaw process`),
    );
    expect(merge.detail).toContain(`rm '${f.canonicalStore}.lock'`);
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout)).toContainEqual(
      expect.objectContaining({
        code: 'STORE_LOCK_HELD',
        severity: 'warn',
        path: `${f.canonicalStore}.lock`,
        message: expect.stringContaining('sleep 120'),
      }),
    );
    expect(fs.existsSync(`${f.canonicalStore}.lock`)).toBe(true);
  });

  it("a live OpenClaw writer's lock: repair says wait, never remove; doctor is quiet about it", async () => {
    const f = makeState();
    fixtures.push(f);
    const holder = await started('openclaw-gateway');
    lockBy(f, holder.pid!, 1000);
    const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json'], {
      OPENCLAW_SHIM_LOCK_WAIT_MS: '200',
    });
    expect(r.exitCode).toBe(75);
    expect(String(r.stdout)).toMatch(/OpenClaw writer process \d+ \(openclaw-gateway 120/);
    expect(String(r.stdout)).toContain('never remove this lock');
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout).map((x) => x.code)).not.toContain('STORE_LOCK_HELD');
    expect(fs.existsSync(`${f.canonicalStore}.lock`)).toBe(true);
  });
});
