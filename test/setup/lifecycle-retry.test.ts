// The real CLI exits 70 while a starting gateway owns state-lifecycle: setup waits and retries, then says so with 75 (a fake CLI: exit codes only).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configGet } from '../../src/setup/openclaw-cli.ts';
import { ExitError } from '../../src/lib/exit.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-lifecycle-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Busy for the first `busy` calls (counted in a file), then answers `config get` with JSON. */
function fakeOpenclaw(busy: number): string {
  const bin = path.join(dir, `openclaw-${busy}`);
  const count = path.join(dir, `count-${busy}`);
  fs.writeFileSync(
    bin,
    `#!/bin/sh\nn=$(cat ${count} 2>/dev/null || echo 0); echo $((n+1)) > ${count}\nif [ "$n" -lt ${busy} ]; then echo 'Error: another OpenClaw process owns state-lifecycle (pid 4242)' >&2; exit 70; fi\necho '{"enabled":true}'\n`,
    { mode: 0o755 },
  );
  return bin;
}

describe('state-lifecycle held by a starting gateway', () => {
  it('waits and tries again until the CLI answers', async () => {
    const bin = fakeOpenclaw(2);
    expect(await configGet({ bin, env: { PATH: '/usr/bin:/bin' }, lifecycleWaits: [10, 10, 10] }, 'plugins')).toEqual({
      found: true,
      value: { enabled: true },
    });
    expect(fs.readFileSync(path.join(dir, 'count-2'), 'utf8').trim()).toBe('3');
  });
  it('gives up with 75 and one clear line, never 70', async () => {
    const bin = fakeOpenclaw(99);
    const err = await configGet({ bin, env: { PATH: '/usr/bin:/bin' }, lifecycleWaits: [10, 10] }, 'plugins').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExitError);
    expect((err as ExitError).code).toBe(75);
    expect((err as ExitError).message).toMatch(
      /still owns the state's lifecycle lock after 3 attempts.*run the same command again/,
    );
  });
});
