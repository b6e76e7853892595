// Small honesty fixes: completion, setup's errors (whole CLI message, its own flags), uninstall with nothing to do and no real openclaw, --json schema.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn } from '../helpers/sandbox.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { freshStates, type StateFixture } from './fixture.ts';

const fresh = freshStates();
const run = (f: StateFixture, args: string[], extra: Record<string, string> = {}) =>
  runIn(f.dir, NODE, [CLI_JS, ...args], { PATH: BASE_PATH, HOME: f.home, NO_COLOR: '1', ...extra });

/** A fake openclaw (exit codes and messages only) that fails the way an old Node makes the real one fail. */
function failingOpenclaw(f: StateFixture): string {
  const bin = path.join(f.dir, 'fake-bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'openclaw'),
    '#!/bin/sh\necho "openclaw: Node.js v22.12+ is required (current: v20.19.0)." >&2\necho "If you use nvm, run:" >&2\necho "  nvm install 22 && nvm use 22 && nvm alias default 22" >&2\nexit 1\n',
    { mode: 0o755 },
  );
  return bin;
}

describe('completion', () => {
  it('completion zsh prints the zsh script, completion bash the bash one', async () => {
    const f = fresh();
    const zsh = await run(f, ['completion', 'zsh']);
    expect(zsh.exitCode).toBe(0);
    expect(String(zsh.stdout)).toMatch(/^#compdef openclaw-shim/);
    const bash = await run(f, ['completion', 'bash'], { SHELL: '/bin/zsh' });
    expect(String(bash.stdout)).toMatch(/^###-begin-openclaw-shim-completions-###/);
  });
  it('completion --help is help, not the script; another shell is a usage error', async () => {
    const f = fresh();
    const help = await run(f, ['completion', '--help']);
    expect(help.exitCode).toBe(0);
    expect(String(help.stdout)).toMatch(/^openclaw-shim completion \[bash\|zsh\]/);
    expect(String(help.stdout)).not.toContain('completions-###');
    expect((await run(f, ['completion', 'fish'])).exitCode).toBe(2);
  });
});

describe('setup and uninstall errors', () => {
  it('the real CLI failing: setup shows its whole message, not the last line', async () => {
    const f = fresh();
    const r = await run(f, ['setup', '--state-dir', f.stateDir], { PATH: `${failingOpenclaw(f)}:${BASE_PATH}` });
    expect(r.exitCode).toBe(70);
    expect(String(r.stderr)).toContain('Node.js v22.12+ is required');
    expect(String(r.stderr)).toContain('nvm alias default 22');
  });
  it('no openclaw on PATH: setup names its own --real-openclaw, not install', async () => {
    const f = fresh();
    const r = await run(f, ['setup', '--state-dir', f.stateDir]);
    expect(r.exitCode).toBe(127);
    expect(String(r.stderr)).toContain('--real-openclaw PATH');
    expect(String(r.stderr)).not.toMatch(/install --real-openclaw/);
  });
  it('setup --state-dir naming a missing dir says so, not "pass --state-dir"', async () => {
    const f = fresh();
    const r = await run(f, ['setup', '--state-dir', path.join(f.dir, 'missing')]);
    expect(r.exitCode).toBe(66);
    expect(String(r.stderr)).toMatch(/the state dir you named cannot be used: .*missing/);
    expect(String(r.stderr)).not.toMatch(/pass --state-dir/);
  });
  it('uninstall with nothing installed needs no real openclaw: exit 0, nothing to do; --json has schema and version', async () => {
    const f = fresh();
    const r = await run(f, ['uninstall', '--state-dir', f.stateDir]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/Nothing to do/);
    const j = await run(f, ['uninstall', '--state-dir', f.stateDir, '--json']);
    expect(JSON.parse(String(j.stdout))).toMatchObject({
      schema: 'openclaw-shim/uninstall',
      version: 1,
      applied: false,
      plan: { steps: [] },
    });
  });
});
