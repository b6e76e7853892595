// Root's repair dry run on another user's state reads as that user: an OpenClaw process it cannot see into is
// reported without telling root to "run as root".
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { hermetic } from '../helpers/hermetic.ts';
import { canDropPrivileges, cliAsRoot, freshStates, NOBODY } from './fixture.ts';

const fresh = freshStates();

it.skipIf(!canDropPrivileges())(
  "names the owner it reads as and what --apply checks, never 'run repair as root' to root",
  async () => {
    const f = fresh();
    execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, f.home]);
    // A root process titled openclaw (sleep under that name): nobody cannot read its environment or fds.
    const bin = path.join(f.dir, 'root-bin');
    fs.mkdirSync(bin, { mode: 0o755 });
    fs.copyFileSync(execFileSync('sh', ['-c', 'command -v sleep']).toString().trim(), path.join(bin, 'openclaw'));
    fs.chmodSync(path.join(bin, 'openclaw'), 0o755);
    const proc = spawn(path.join(bin, 'openclaw'), ['120'], { env: hermetic({}), stdio: 'ignore' });
    try {
      // The /proc listing unfiltered (no test scope): nobody cannot read a root process's environment to see a scope.
      const r = await cliAsRoot(f, ['repair', '--state-dir', f.stateDir], { OCSHIM_TEST_SCOPE: '' });
      const text = `${r.stdout}\n${r.stderr}`;
      const line = text.split('\n').find((l) => l.includes(`pid ${proc.pid} `));
      expect(line, text).toBeDefined();
      expect(line).toContain('cannot be read as nobody');
      expect(line).toContain('repair --apply, started as root, checks it as root before it writes');
      expect(text).not.toContain('run repair as root');
    } finally {
      proc.kill('SIGKILL');
    }
  },
);
