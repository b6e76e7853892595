// A login-shell profile that is a link or a FIFO is left alone, and install and setup say why, in one line each.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeShimSandbox, run, type ShimSandbox } from '../shim/support.ts';

let sb: ShimSandbox;
let linkTarget: string;
beforeAll(() => {
  sb = makeShimSandbox();
  linkTarget = path.join(sb.dir, 'shared-profile');
  fs.writeFileSync(linkTarget, 'export A=1\n');
  // The sandbox's own install wrote these profiles: they become a link and a FIFO.
  for (const name of ['.profile', '.zprofile']) fs.rmSync(path.join(sb.isolatedHome, name), { force: true });
  fs.symlinkSync(linkTarget, path.join(sb.isolatedHome, '.profile'));
  execFileSync('mkfifo', [path.join(sb.isolatedHome, '.zprofile')]);
});
afterAll(() => sb.cleanup());

it('install: each skipped profile with what it is and what to do, nothing written through the link', async () => {
  const fakeDir = sb.fake('echo ok');
  const r = await run(NODE, {
    args: [CLI_JS, 'install', '--codex-home', sb.codexHome, '--state-dir', sb.stateDir],
    env: { PATH: `${fakeDir}:/usr/bin:/bin`, HOME: sb.isolatedHome, NO_COLOR: '1' },
    cwd: sb.dir,
  });
  expect(r.code, r.stderr).toBe(0);
  const out = r.stdout.toString();
  expect(out).toContain(
    `skipped   ${path.join(sb.isolatedHome, '.profile')} (a symbolic link (to ${linkTarget}): openclaw-shim never writes through a link;`,
  );
  expect(out).toContain(`skipped   ${path.join(sb.isolatedHome, '.zprofile')} (a FIFO, not a regular file:`);
  expect(out).toMatch(/replace it with a regular file and run setup again\)/);
  expect(fs.readFileSync(linkTarget, 'utf8')).toBe('export A=1\n');
  expect(fs.lstatSync(path.join(sb.isolatedHome, '.zprofile')).isFIFO()).toBe(true);
});
