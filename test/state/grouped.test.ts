// At 50 agents doctor says one CODEX_HOME_NO_SHIM with 50 paths and the one fix (setup --apply), not 50 lines of install.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsRoot, findingsOf, freshStates } from './fixture.ts';

const fresh = freshStates();

describe('findings of one kind are grouped', () => {
  it('50 codex homes without the shim: one finding, every path, one setup --apply; the text stays short', async () => {
    const f = fresh();
    fs.rmSync(f.shadow, { recursive: true });
    const homes = Array.from({ length: 50 }, (_, i) =>
      path.join(f.stateDir, 'agents', `a${String(i).padStart(2, '0')}`, 'agent', 'codex-home'),
    );
    for (const h of homes) fs.mkdirSync(h, { recursive: true });
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(d.exitCode).toBe(1);
    const noShim = findingsOf(d.stdout).filter((x) => x.code === 'CODEX_HOME_NO_SHIM');
    expect(noShim).toHaveLength(1);
    expect(noShim[0]).toMatchObject({
      severity: 'warn',
      count: 51,
      fix: `openclaw-shim setup --state-dir ${f.stateDir} --apply`,
    });
    expect((noShim[0] as { paths?: string[] }).paths).toEqual(expect.arrayContaining([...homes, f.codexHome]));
    const human = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir]);
    expect(human.exitCode).toBe(1);
    const lines = String(human.stdout).trimEnd().split('\n');
    expect(lines.length).toBeLessThan(20);
    expect(lines.filter((l) => l.includes('fix: openclaw-shim install'))).toEqual([]);
    expect(String(human.stdout)).toMatch(/51 codex homes without the openclaw shim .*and 46 more/);
  });

  it('one codex home without the shim keeps its own install fix', async () => {
    const f = fresh();
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout).find((x) => x.code === 'CODEX_HOME_NO_SHIM')).toMatchObject({
      path: f.codexHome,
      fix: expect.stringContaining('openclaw-shim install --codex-home'),
    });
  });
});
