// doctor on what Codex left in a codex home: config.toml and shell snapshots (crafted files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCodexRuntime, codexConfigFacts, snapshotPath } from '../../src/doctor/codex-runtime.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const ctx = { stateDir: '/srv/gw/.openclaw', configPath: '/srv/gw/.openclaw/openclaw.json' };

function home(files: Record<string, string>): { path: string; ownerAgent: string; kind: 'agent' } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-rt-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { path: dir, ownerAgent: 'main', kind: 'agent' };
}

describe('config.toml', () => {
  it('reads allow_login_shell, sandbox_mode and writable_roots, with [projects] tables Codex appended', () => {
    const text =
      'allow_login_shell = false\nsandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = ["/srv/gw/.openclaw"]\n[projects."/w"]\ntrust_level = "trusted"\n';
    expect(codexConfigFacts(text)).toEqual({
      ok: true,
      facts: { allowLoginShell: false, sandboxMode: 'workspace-write', writableRoots: ['/srv/gw/.openclaw'] },
    });
  });

  it('workspace-write without the state dir writable is a finding with the fix; with it, none', () => {
    const bad = home({ 'config.toml': 'sandbox_mode = "workspace-write"\n' });
    const [f] = checkCodexRuntime(ctx, bad);
    expect(f?.code).toBe('CODEX_SANDBOX_STATE_READ_ONLY');
    expect(f?.fix).toContain(`'writable_roots = ["/srv/gw/.openclaw"]' >> ${bad.path}/config.toml`);
    const good = home({
      'config.toml': 'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = ["/srv/gw"]\n',
    });
    expect(checkCodexRuntime(ctx, good)).toEqual([]);
    expect(checkCodexRuntime(ctx, home({ 'config.toml': 'sandbox_mode = "danger-full-access"\n' }))).toEqual([]);
  });

  it('a config.toml that is not TOML is a finding', () => {
    expect(checkCodexRuntime(ctx, home({ 'config.toml': 'model = \n' })).map((f) => f.code)).toEqual([
      'CODEX_CONFIG_UNREADABLE',
    ]);
  });
});

describe('shell snapshots', () => {
  it("undoes bash's escaping in declare -x PATH", () => {
    expect(snapshotPath('declare -x HOME="/h"\ndeclare -x PATH="/a\\"b:/usr/bin"\n')).toBe('/a"b:/usr/bin');
    expect(snapshotPath('declare -x HOME="/h"\n')).toBeUndefined();
  });

  it('a snapshot without the shim dir is a finding; one with it first is not', () => {
    const h = home({});
    const shimDir = path.join(h.path, 'openclaw-shim', 'bin');
    fs.mkdirSync(path.join(h.path, 'shell_snapshots'));
    fs.writeFileSync(
      path.join(h.path, 'shell_snapshots', 'a.sh'),
      'declare -x PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"\n',
    );
    fs.writeFileSync(path.join(h.path, 'shell_snapshots', 'b.sh'), `declare -x PATH="${shimDir}/:/usr/bin"\n`);
    const findings = checkCodexRuntime(ctx, h);
    expect(findings.map((f) => [f.code, path.basename(f.path!)])).toEqual([['CODEX_SNAPSHOT_BYPASSES_SHIM', 'a.sh']]);
    expect(findings[0]!.fix).toContain(`openclaw-shim install --codex-home ${h.path}`);
  });
});
