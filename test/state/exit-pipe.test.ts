// doctor's exit code does not depend on its reader: a pipe closed early (| head -1, | true) under pipefail still gives 1 with findings.
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { makeState, type StateFixture } from './fixture.ts';

const fixtures: StateFixture[] = [];
afterAll(() => fixtures.forEach((f) => f.cleanup()));

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe('exit codes through a closed pipe', () => {
  it.each([
    ['head -1', 'head -1'],
    ['a reader that exits at once', 'true'],
    ['--json into head -c 1', 'head -c 1'],
  ])('doctor with findings | %s under pipefail: exit 1', async (_name, reader) => {
    const f = makeState();
    fixtures.push(f);
    const json = reader === 'head -c 1' ? ' --json' : '';
    const script = `set -o pipefail; ${shq(NODE)} ${shq(CLI_JS)} doctor --state-dir ${shq(f.stateDir)}${json} | ${reader} >/dev/null`;
    const r = await execa('bash', ['-c', script], {
      reject: false,
      env: {
        PATH: BASE_PATH,
        HOME: f.home,
        NO_COLOR: '1',
        OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: `${f.dir}/no-gateway-locks`,
      },
      extendEnv: false,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
  });
});
