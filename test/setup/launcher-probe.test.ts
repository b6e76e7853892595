// How setup reads the launcher's probe and the Codex `--version` answer (pure).
import { describe, expect, it } from 'vitest';
import { judgeProbe, judgeVersion } from '../../src/setup/launcher-probe.ts';

const probe = (report: object, exitCode = 0) => ({
  exitCode,
  stdout: `${JSON.stringify({ schema: 'openclaw-shim/launch-probe', ...report })}\n`,
  stderr: '',
});

describe('judgeProbe', () => {
  it('a found Codex is the command to check', () => {
    expect(judgeProbe(probe({ ok: true, file: '/node', args: ['/x/codex.js'], source: 'managed' }))).toEqual({
      ok: true,
      file: '/node',
      args: ['/x/codex.js'],
      source: 'managed',
    });
  });
  it("the launcher's own reason when it found none", () => {
    expect(judgeProbe(probe({ ok: false, code: 127, message: 'no real Codex found (looked in /s)' }, 127))).toEqual({
      ok: false,
      why: 'no real Codex found (looked in /s)',
    });
  });
  it('a launcher that does not answer (old copy, broken Node) says what it printed', () => {
    expect(judgeProbe({ exitCode: 127, stdout: '', stderr: 'env: node: No such file or directory\n' })).toEqual({
      ok: false,
      why: 'the launcher did not answer its probe (exit 127): env: node: No such file or directory',
    });
  });
});

describe('judgeVersion', () => {
  it("accepts the Codex CLI's version line only with exit 0", () => {
    expect(judgeVersion({ exitCode: 0, stdout: 'codex-cli 0.154.0\n', stderr: '' })).toEqual({
      ok: true,
      version: 'codex-cli 0.154.0',
    });
    expect(judgeVersion({ exitCode: 0, stdout: 'v24.21.0\n', stderr: '' }).ok).toBe(false);
    expect(judgeVersion({ exitCode: 1, stdout: 'codex-cli 0.154.0\n', stderr: '' }).ok).toBe(false);
  });
});
