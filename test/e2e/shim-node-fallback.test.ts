// Shims and the launcher outlive the Node they were installed with: another Node, or one line and 71, never the real CLI unguarded.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launcherFiles } from '../../src/setup/launcher-copy.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { NODE, NODE_DIR } from '../helpers/paths.ts';
import { makeShimSandbox, run, writeFake, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let recorded: string; // the Node the install named: a symlink we remove or repoint
let fake: string; // the "real CLI": reports the HOME it got into a file, so a fall-through shows
const seenFile = () => path.join(sb.dir, 'real-cli-saw-home');
beforeAll(() => {
  const nodeDir = fs.mkdtempSync('/tmp/ocshim-nvm-');
  recorded = path.join(nodeDir, 'node');
  fs.symlinkSync(NODE, recorded);
  sb = makeShimSandbox({ nodePath: recorded });
  fake = writeFake(path.join(sb.dir, 'real'), `printf '%s' "$HOME" >> "${seenFile()}"; echo "home=$HOME"`);
});
afterAll(() => {
  fs.rmSync(path.dirname(recorded), { recursive: true, force: true });
  sb.cleanup();
});

/** How callers start `openclaw`: a shell, Node's spawn (execvp), timeout(1) (execvp). */
const CALLERS: Array<
  [string, (env: Record<string, string>) => Promise<{ code: number | null; stdout: string; stderr: string }>]
> = [
  [
    'bash',
    (env) =>
      run('/bin/bash', { args: ['-c', 'openclaw sessions'], env }).then((r) => ({ ...r, stdout: r.stdout.toString() })),
  ],
  [
    'Node spawn (execvp)',
    (env) =>
      new Promise((resolve) => {
        const c = spawn('openclaw', ['sessions'], { env, cwd: sb.dir });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (b: Buffer) => (stdout += b));
        c.stderr.on('data', (b: Buffer) => (stderr += b));
        c.on('error', (e) => resolve({ code: -1, stdout, stderr: String(e) }));
        c.on('close', (code) => resolve({ code, stdout, stderr }));
      }),
  ],
  [
    'timeout (execvp)',
    (env) =>
      run('/usr/bin/timeout', { args: ['60', 'openclaw', 'sessions'], env }).then((r) => ({
        ...r,
        stdout: r.stdout.toString(),
      })),
  ],
];

const point = (target: string | undefined) => {
  fs.rmSync(recorded, { force: true });
  if (target) fs.symlinkSync(target, recorded);
  fs.rmSync(seenFile(), { force: true });
};
const env = (pathDirs: string[]) => ({
  ...sb.env([]),
  PATH: [sb.shimDir, fake, ...pathDirs].join(':'),
  OPENCLAW_SHIM_QUIET: '1',
});
const oneLine = (s: string) => s.trimEnd().split('\n').length === 1;

describe.each(CALLERS)('recorded Node gone, caller %s', (_name, call) => {
  it('falls back to node on PATH and still redirects', async () => {
    point(undefined);
    const r = await call(env([NODE_DIR, '/usr/bin', '/bin']));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`home=${sb.home}\n`);
  });

  it('no node anywhere: one line, exit 71; the real CLI never ran', async () => {
    point(undefined);
    const r = await call(env([]));
    expect(r.code).toBe(71);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain('openclaw-shim: no Node.js to run');
    expect(r.stderr).toContain('--node');
    expect(fs.existsSync(seenFile())).toBe(false);
  });

  it('only an old Node (this machine’s /usr/bin/node, v20): one line, exit 71; the real CLI never ran', async () => {
    point('/usr/bin/node');
    const r = await call(env(['/usr/bin', '/bin']));
    expect(r.code).toBe(71);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /openclaw-shim: Node v\d+\.\d+\.\d+ \(.*\) is older than 22\.12; fix: openclaw-shim install --node/,
    );
    expect(fs.existsSync(seenFile())).toBe(false);
  });
});

describe('the launcher copy outlives its Node too', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync('/tmp/ocshim-launcher-');
    for (const f of launcherFiles({ stateDir: root, nodePath: recorded, realOpenclaw: path.join(fake, 'openclaw') })) {
      fs.mkdirSync(path.dirname(f.path), { recursive: true });
      fs.writeFileSync(f.path, f.content, { mode: f.mode });
    }
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const bin = () =>
    launcherFiles({ stateDir: root, nodePath: recorded, realOpenclaw: '' }).find((f) => f.mode === 0o755)!.path;

  it('recorded Node gone: runs on node from PATH and execs the Codex it finds', () => {
    point(undefined);
    const codex = writeFake(path.join(root, 'codex-bin'), 'echo "codex-ran $*"', 'codex');
    const r = spawnSync(bin(), ['app-server'], {
      encoding: 'utf8',
      env: hermetic({
        PATH: [NODE_DIR, '/usr/bin', '/bin'].join(':'),
        OPENCLAW_SHIM_CODEX_BIN: path.join(codex, 'codex'),
      }),
    });
    expect(r.stdout).toBe('codex-ran app-server\n');
    expect(r.status).toBe(0);
  });

  it('no Node at all: one line naming the fix, exit 71 (not 127)', () => {
    point(undefined);
    const r = spawnSync(bin(), ['app-server'], { encoding: 'utf8', env: hermetic({ PATH: '/nonexistent' }) });
    expect(r.status).toBe(71);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain('openclaw-codex-launch: no Node.js to run');
    expect(r.stderr).toContain('setup --apply --node');
  });

  it('recorded Node replaced by an old one: one line, exit 71', () => {
    point('/usr/bin/node');
    const r = spawnSync(bin(), ['app-server'], { encoding: 'utf8', env: hermetic({ PATH: '/usr/bin:/bin' }) });
    expect(r.status).toBe(71);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain('is older than 22.12');
  });
});
