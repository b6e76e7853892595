// A mistyped OPENCLAW_SHIM_STATE_DIR is skipped by the resolution's rules, and the shim and the CLI say so in one line.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from './support.ts';

let sb: ShimSandbox;
let fakeDir: string;
beforeAll(() => {
  sb = makeShimSandbox();
  fakeDir = sb.fake('echo "STATE=$OPENCLAW_STATE_DIR"; echo "CONFIG=$OPENCLAW_CONFIG_PATH"');
});
afterAll(() => sb.cleanup());

const warnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l.includes(' is ignored: '));

describe('the shim', () => {
  it('names the variable, why it cannot be used and the state it uses instead, then redirects as before', async () => {
    const typo = path.join(sb.dir, 'root', '.opencalw');
    const r = await run(sb.shim, {
      args: ['agents', 'list'],
      env: sb.env([fakeDir], { OPENCLAW_SHIM_STATE_DIR: typo }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain(`STATE=${sb.stateDir}`);
    expect(warnings(r.stderr)).toEqual([
      `openclaw-shim: warning: OPENCLAW_SHIM_STATE_DIR=${typo} is ignored: ${typo} does not exist or is not a directory; using ${sb.stateDir} (from capture) instead`,
    ]);
  });

  it('a mistyped OPENCLAW_SHIM_CONFIG_PATH beside the real config is said, and the real config goes to the CLI', async () => {
    const typo = path.join(sb.stateDir, 'openclaw.jsn');
    const r = await run(sb.shim, {
      args: ['agents', 'list'],
      env: sb.env([fakeDir], { OPENCLAW_SHIM_CONFIG_PATH: typo }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain(`CONFIG=${path.join(sb.stateDir, 'openclaw.json')}\n`);
    expect(warnings(r.stderr)).toEqual([
      `openclaw-shim: warning: OPENCLAW_SHIM_CONFIG_PATH=${typo} is ignored: ${typo} does not exist or is not a file; using ${sb.stateDir} (from capture) instead`,
    ]);
    expect(fs.existsSync(typo)).toBe(false);
  });

  it('a dir that is no OpenClaw state is said too', async () => {
    const r = await run(sb.shim, {
      args: ['agents', 'list'],
      env: sb.env([fakeDir], { OPENCLAW_SHIM_STATE_DIR: sb.dir }),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(warnings(r.stderr)).toHaveLength(1);
    expect(warnings(r.stderr)[0]).toContain(`is ignored: ${sb.dir} holds no OpenClaw config and no agents/`);
  });

  it('says nothing when the variable names the state', async () => {
    const r = await run(sb.shim, {
      args: ['agents', 'list'],
      env: sb.env([fakeDir], { OPENCLAW_SHIM_STATE_DIR: sb.stateDir }),
    });
    expect(r.code).toBe(0);
    expect(warnings(r.stderr)).toEqual([]);
  });
});

describe('the CLI', () => {
  const cli = (args: string[], extra: Record<string, string>) =>
    run(NODE, {
      args: [CLI_JS, ...args],
      env: { PATH: '/usr/bin:/bin', HOME: sb.home, NO_COLOR: '1', ...extra },
      cwd: sb.dir,
    });

  it('warns once before a command that resolves the state, and not when --state-dir outranks the variable', async () => {
    const typo = path.join(sb.dir, 'nope');
    const r = await cli(['explain', '--json'], { OPENCLAW_SHIM_STATE_DIR: typo });
    expect(warnings(r.stderr)).toEqual([
      `openclaw-shim: warning: OPENCLAW_SHIM_STATE_DIR=${typo} is ignored: ${typo} does not exist or is not a directory; the state is resolved from the other sources (\`openclaw-shim explain\` shows which)`,
    ]);
    const flagged = await cli(['explain', '--json', '--state-dir', sb.stateDir], { OPENCLAW_SHIM_STATE_DIR: typo });
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(warnings(flagged.stderr)).toEqual([]);
    expect(fs.existsSync(typo)).toBe(false);
  });

  it('a mistyped OPENCLAW_SHIM_CONFIG_PATH whose dir exists: a read warns, a write refuses (66)', async () => {
    const typo = path.join(sb.stateDir, 'openclaw.jsn');
    const read = await cli(['explain', '--json'], { OPENCLAW_SHIM_CONFIG_PATH: typo });
    expect(warnings(read.stderr)).toEqual([
      `openclaw-shim: warning: OPENCLAW_SHIM_CONFIG_PATH=${typo} is ignored: ${typo} does not exist or is not a file; the state is resolved from the other sources (\`openclaw-shim explain\` shows which)`,
    ]);
    const write = await cli(['setup', '--apply'], { OPENCLAW_SHIM_CONFIG_PATH: typo });
    expect(write.code, write.stderr).toBe(66);
    expect(write.stderr).toContain(`OPENCLAW_SHIM_CONFIG_PATH=${typo} is ignored`);
    expect(fs.existsSync(typo)).toBe(false);
  });

  it('refuses a write (66, nothing written) instead of changing a state the operator did not name', async () => {
    const typo = path.join(sb.dir, 'nope');
    const before = fs.readdirSync(sb.stateDir, { recursive: true }).sort();
    for (const args of [
      ['repair', '--apply'],
      ['setup', '--apply'],
      ['uninstall', '--apply'],
    ]) {
      const r = await cli(args, { OPENCLAW_SHIM_STATE_DIR: typo });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(66);
      expect(r.stderr).toContain(`OPENCLAW_SHIM_STATE_DIR=${typo} is ignored`);
      expect(r.stderr).toContain('nothing was written');
    }
    // The dry run still warns and goes on with the other sources.
    const dry = await cli(['repair'], { OPENCLAW_SHIM_STATE_DIR: typo });
    expect(dry.code).not.toBe(66);
    expect(warnings(dry.stderr)).toHaveLength(1);
    expect(fs.readdirSync(sb.stateDir, { recursive: true }).sort()).toEqual(before);
  });
});
