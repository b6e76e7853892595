// `openclaw-shim launch` hands the wrapped program blocking stdio, as a shell would (facts §5).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { run } from '../shim/support.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-launch-stdio-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('the wrapped command gets stdin/stdout pipes without O_NONBLOCK, and its bytes pass unchanged', async () => {
  const state = path.join(dir, 'state');
  fs.mkdirSync(path.join(state, 'agents'), { recursive: true });
  fs.writeFileSync(path.join(state, 'openclaw.json'), '{}\n');
  const codexHome = path.join(dir, 'codex-home');
  fs.mkdirSync(codexHome);
  // Reports fd 0 and fd 1 flags (octal; O_NONBLOCK is 04000) on stderr, then copies stdin to stdout.
  const probe = path.join(dir, 'probe.sh');
  fs.writeFileSync(
    probe,
    '#!/bin/sh\nfor fd in 0 1; do awk -v fd=$fd \'/^flags/ {print "fd" fd " " $2}\' /proc/$$/fdinfo/$fd >&2; done\nexec cat\n',
    { mode: 0o755 },
  );
  const input = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 256));
  const r = await run(NODE, {
    args: [CLI_JS, 'launch', '--codex-home', codexHome, '--', probe],
    env: { PATH: BASE_PATH, HOME: dir, OPENCLAW_STATE_DIR: state },
    input,
  });
  expect(r.code).toBe(0);
  const flags = Object.fromEntries(
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => /^fd\d /.test(l))
      .map((l) => l.split(' ') as [string, string]),
  );
  expect(Object.keys(flags).sort()).toEqual(['fd0', 'fd1']); // the probe really read both
  for (const fd of ['fd0', 'fd1'])
    expect(Number.parseInt(flags[fd] ?? 'x', 8) & 0o4000, `${fd} flags ${flags[fd]}`).toBe(0);
  expect(r.stdout.equals(input)).toBe(true);
});
