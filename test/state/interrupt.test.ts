// SIGINT during repair --apply: what was done and how to resume (exit 130), no repair.lock left, doctor reports the unfinished run, a re-run resumes.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { faultAt } from '../helpers/faults.ts';
import { cliAsRoot, findingsOf, makeState, type StateFixture } from './fixture.ts';

const fixtures: StateFixture[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  fixtures.forEach((f) => f.cleanup());
});

/** A live process that is not an OpenClaw writer holds the canonical store's lock: repair's merge waits on it. */
function holdCanonicalLock(f: StateFixture): ChildProcess {
  const holder = spawn('sleep', ['120'], { stdio: 'ignore' });
  children.push(holder);
  fs.writeFileSync(`${f.canonicalStore}.lock`, JSON.stringify({ pid: holder.pid, startedAt: Date.now() }));
  return holder;
}

describe('repair --apply interrupted', () => {
  it('SIGINT while a merge waits: exit 130 at once with what was done and the resume command; doctor says REPAIR_UNFINISHED; the re-run resumes', async () => {
    const f = makeState();
    fixtures.push(f);
    holdCanonicalLock(f);
    const env = {
      PATH: BASE_PATH,
      HOME: f.home,
      NO_COLOR: '1',
      OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(f.dir, 'no-gateway-locks'),
    };
    // stderr is a pipe, not a terminal: each step is still said as it starts.
    const child = spawn(NODE, [CLI_JS, 'repair', '--state-dir', f.stateDir, '--apply'], {
      cwd: f.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    const started = Date.now();
    let signalledAt = 0;
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (!signalledAt && /repair: Merging/.test(stderr)) {
        signalledAt = Date.now();
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(signalledAt).toBeGreaterThan(started);
    expect(stderr).toMatch(/^repair: Backing up 1 shadow tree\(s\) into /m);
    expect(code).toBe(130);
    // The lock wait (10 s) is cut short by the signal.
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(stderr).toMatch(
      /interrupted by SIGINT between steps: 1 tree\(s\) backed up, 0 store\(s\) merged, 0 tree\(s\) removed/,
    );
    expect(stderr).toContain(`Resume with: openclaw-shim repair --state-dir ${f.stateDir} --apply`);
    const backups = path.join(f.stateDir, 'backups', 'openclaw-shim');
    expect(fs.readdirSync(backups).filter((n) => n.endsWith('.lock'))).toEqual([]);
    expect(fs.existsSync(f.shadow)).toBe(true);

    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout)).toContainEqual(
      expect.objectContaining({
        code: 'REPAIR_UNFINISHED',
        severity: 'warn',
        fix: `openclaw-shim repair --state-dir ${f.stateDir} --apply`,
      }),
    );

    fs.rmSync(`${f.canonicalStore}.lock`);
    const again = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply', '--json']);
    expect(again.exitCode, String(again.stderr)).toBe(0);
    expect(JSON.parse(String(again.stdout))).toMatchObject({ resumed: true });
    expect(JSON.parse(fs.readFileSync(f.canonicalStore, 'utf8'))).toHaveProperty(['agent:main:b']);
    const after = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(after.stdout).map((x) => x.code)).not.toContain('REPAIR_UNFINISHED');
  });

  it('SIGINT before any change (during the first survey, long on many trees): exit 130, it says nothing was written, and nothing was', async () => {
    const f = makeState();
    fixtures.push(f);
    const env = {
      PATH: BASE_PATH,
      HOME: f.home,
      NO_COLOR: '1',
      OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(f.dir, 'no-gateway-locks'),
      ...faultAt('int@survey'),
    };
    const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir, '--apply'], env);
    expect(r.exitCode).toBe(130);
    expect(String(r.stderr)).toMatch(
      /interrupted by SIGINT between steps: 0 tree\(s\) backed up, 0 store\(s\) merged, 0 tree\(s\) removed; nothing was half-written\. Nothing was written\./,
    );
    expect(fs.existsSync(path.join(f.stateDir, 'backups'))).toBe(false);
    expect(fs.existsSync(f.shadow)).toBe(true);
  });
});
