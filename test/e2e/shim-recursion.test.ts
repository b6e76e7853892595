// The built shim never runs itself: other shim copies, PATH duplicates and symlinks are skipped; loops fail loudly.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { BASE_PATH, NODE, SHIM_JS } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let real: string;
beforeAll(() => {
  sb = makeShimSandbox();
  real = sb.fake('echo real-openclaw');
});
afterAll(() => sb.cleanup());

const envWith = (dirs: string[], extra: Record<string, string> = {}) => ({
  PATH: [...dirs, BASE_PATH].join(path.delimiter),
  HOME: sb.isolatedHome,
  CODEX_HOME: sb.codexHome,
  OPENCLAW_SHIM_QUIET: '1',
  ...extra,
});

/** A plain copy of `src` as `<dir>/openclaw`, executable. */
function copyAs(dir: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'openclaw');
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

describe('recursion', () => {
  it("skips a second codex home's shim and duplicate PATH entries", async () => {
    const other = path.join(sb.stateDir, 'agents', 'coder', 'agent', 'codex-home');
    fs.mkdirSync(other, { recursive: true });
    const second = installShim({
      codexHome: other,
      env: { PATH: BASE_PATH },
      flags: { stateDir: sb.stateDir },
      command: 'install',
    });
    const r = await run(sb.shim, {
      env: envWith([second.shimDir, sb.shimDir, second.shimDir, sb.shimDir, real, real]),
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.toString()).toBe('real-openclaw\n');
  });

  it('skips itself when invoked through a symlink that is first on PATH', async () => {
    const linkDir = path.join(sb.dir, 'links');
    fs.mkdirSync(linkDir);
    fs.symlinkSync(sb.shim, path.join(linkDir, 'openclaw'));
    const r = await run(path.join(linkDir, 'openclaw'), { env: envWith([linkDir, sb.shimDir, real]) });
    expect(r.stdout.toString()).toBe('real-openclaw\n');
  });

  it('skips a plain copy of an installed shim elsewhere on PATH', async () => {
    const copy = copyAs(path.join(sb.dir, 'copied'), fs.readFileSync(sb.shim, 'utf8'));
    const r = await run(sb.shim, { env: envWith([sb.shimDir, path.dirname(copy), real]) });
    expect(r.stdout.toString()).toBe('real-openclaw\n');
  });

  it('OPENCLAW_SHIM_REAL_BIN pointing at the shim (or a copy): exit 69 at once, one line', async () => {
    const copy = copyAs(path.join(sb.dir, 'copied2'), fs.readFileSync(sb.shim, 'utf8'));
    for (const target of [sb.shim, copy]) {
      const r = await run(sb.shim, { env: envWith([sb.shimDir, real], { OPENCLAW_SHIM_REAL_BIN: target }) });
      expect(r.code).toBe(69);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('points at the shim itself');
      expect(r.stdout.length).toBe(0);
    }
  });

  it('two unmarked shim copies that find each other: the depth counter stops the loop with 69', async () => {
    const text = `#!${NODE}\n${fs.readFileSync(SHIM_JS, 'utf8').replace(/^#!.*\n/, '')}`;
    const x = copyAs(path.join(sb.dir, 'loop-x'), text);
    const y = copyAs(path.join(sb.dir, 'loop-y'), text);
    const started = Date.now();
    const r = await run(x, { env: envWith([path.dirname(x), path.dirname(y)]) });
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/loop detected \(depth \d+\)/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
