// The built CLI's install, explain and log, as an operator uses them around a shim in a codex home.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let fakeDir: string;
const cli = (args: string[], env: Record<string, string>) => run(NODE, { args: [CLI_JS, ...args], env, cwd: sb.dir });

beforeAll(() => {
  sb = makeShimSandbox();
  fakeDir = sb.fake('echo "fake openclaw HOME=$HOME STATE=$OPENCLAW_STATE_DIR"');
});
afterAll(() => sb.cleanup());

describe('install', () => {
  it('says what it did, and a second run changes nothing', async () => {
    const env = { PATH: `${fakeDir}:${path.dirname(NODE)}:/usr/bin:/bin`, HOME: sb.home };
    const first = await cli(['install', '--codex-home', sb.codexHome, '--state-dir', sb.stateDir, '--json'], env);
    expect(first.code).toBe(0);
    const actions = (JSON.parse(first.stdout.toString()) as { actions: Array<{ action: string }> }).actions.map(
      (a) => a.action,
    );
    // Same shim bytes; the capture gains the real openclaw now on PATH (the sandbox installed without one).
    expect(actions).toEqual(['unchanged', 'updated']);
    const capture = JSON.parse(fs.readFileSync(path.join(sb.codexHome, 'openclaw-shim', 'capture.json'), 'utf8')) as {
      realOpenclaw: { value: string };
    };
    expect(capture.realOpenclaw.value).toBe(path.join(fakeDir, 'openclaw'));
    const second = await cli(['install', '--codex-home', sb.codexHome, '--state-dir', sb.stateDir], env);
    expect(second.stdout.toString()).toMatch(/^unchanged .*openclaw-shim\/bin\/openclaw$/m);
    expect(second.stdout.toString()).toMatch(/^unchanged .*capture\.json$/m);
  });
});

describe('explain', () => {
  it('inside the codex home: redirected, from the capture, with the rewrite and the real binary', async () => {
    const r = await cli(['explain', '--json', '--', 'sessions', 'cleanup', '--token', 's3cret'], sb.env([fakeDir]));
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.toString());
    expect(report.decision).toBe('redirected');
    expect(report.canonical.stateDir).toMatchObject({ value: sb.stateDir, source: 'capture' });
    expect(report.rewrite.map((w: { name: string }) => w.name)).toEqual([
      'HOME',
      'OPENCLAW_STATE_DIR',
      'OPENCLAW_CONFIG_PATH',
    ]);
    expect(report.realOpenclaw.path).toBe(path.join(fakeDir, 'openclaw'));
    // No --agent: the notice names the config's default agent's store, not a placeholder.
    expect(report.mutationNotice).toContain(`store ${sb.stateDir}/agents/main/sessions/sessions.json`);
    expect(JSON.stringify(report)).not.toContain('s3cret');
  });

  it('changes nothing on disk', async () => {
    const snapshot = () =>
      (fs.readdirSync(sb.dir, { recursive: true }) as string[])
        .sort()
        .map((f) => `${f} ${fs.lstatSync(path.join(sb.dir, f)).mtimeMs}`);
    const before = snapshot();
    const r = await cli(['explain', '--codex-home', sb.codexHome], { PATH: '/usr/bin:/bin', HOME: sb.home });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/Decision: redirected/);
    expect(snapshot()).toEqual(before);
  });
});

describe('log', () => {
  it('shows each shim call with what it redirected, and --follow streams new ones', async () => {
    await run(sb.shim, { args: ['sessions', '--json'], env: sb.env([fakeDir]) });
    const r = await cli(['log', '--state-dir', sb.stateDir, '--json'], { PATH: '/usr/bin:/bin', HOME: sb.home });
    const { records } = JSON.parse(r.stdout.toString()) as {
      records: Array<{ decision: string; argv: string[]; redirects: Array<{ name: string; to: string }> }>;
    };
    expect(records.at(-1)).toMatchObject({ decision: 'redirected', argv: ['sessions', '--json'] });
    expect(records.at(-1)!.redirects).toContainEqual(expect.objectContaining({ name: 'HOME', to: sb.home }));
    const human = await cli(['log', '--state-dir', sb.stateDir, '--limit', '1'], {
      PATH: '/usr/bin:/bin',
      HOME: sb.home,
    });
    expect(human.stdout.toString()).toMatch(/redirected\s+openclaw sessions --json\n\s+HOME: .* -> /);

    const follower = spawn(NODE, [CLI_JS, 'log', '--state-dir', sb.stateDir, '--follow', '--json', '--limit', '1'], {
      env: hermetic({ PATH: '/usr/bin:/bin', HOME: sb.home }),
    });
    const lines: string[] = [];
    const second = new Promise<string>((resolve) => {
      follower.stdout.on('data', (b: Buffer) => {
        lines.push(...b.toString().split('\n').filter(Boolean));
        if (lines.length === 1) void run(sb.shim, { args: ['agents', 'list'], env: sb.env([fakeDir]) });
        if (lines.length >= 2) resolve(lines[1]!);
      });
    });
    const streamed = JSON.parse(await second) as { argv: string[] };
    follower.kill('SIGTERM');
    expect(streamed.argv).toEqual(['agents', 'list']);
  });
});

describe('a capture copied with its codex home', () => {
  it('is not used in the copy: the copy resolves its own state (and explain says why)', async () => {
    const copyRoot = path.join(sb.dir, 'copy');
    fs.cpSync(sb.home, path.join(copyRoot, 'root'), { recursive: true });
    const copyState = path.join(copyRoot, 'root', '.openclaw');
    const copyCodexHome = path.join(copyState, 'agents', 'main', 'agent', 'codex-home');
    const env = {
      PATH: `${path.join(copyCodexHome, 'openclaw-shim', 'bin')}:${fakeDir}:/usr/bin:/bin`,
      HOME: path.join(copyCodexHome, 'home'),
      CODEX_HOME: copyCodexHome,
    };
    const r = await cli(['explain', '--json'], env);
    const report = JSON.parse(r.stdout.toString());
    expect(report.capture).toMatchObject({ ok: false });
    expect(report.capture.reason).toMatch(/written for the codex home/);
    expect(report.canonical.stateDir).toMatchObject({ value: copyState, source: 'structure' });
  });
});
