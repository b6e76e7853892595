// The incident with the real Codex and no launcher: its login shell loses the gateway's PATH, a plain shell writes a shadow tree.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { codexScenario, jsonIn, TEST_TIMEOUT_MS, type Scenario } from '../helpers/codex.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { runIn } from '../helpers/sandbox.ts';

const scenarios: Scenario[] = [];
afterAll(() => scenarios.forEach((s) => s.g.cleanup()));

it(
  'without the launcher: login shells find no openclaw, a plain shell writes a shadow state tree',
  async () => {
    const s = await codexScenario(
      [
        { cmd: 'command -v openclaw || echo NO-OPENCLAW; echo "PATH=$PATH"' },
        { cmd: 'openclaw sessions cleanup --enforce --json', login: false },
        // Codex deletes its snapshot when the session ends: keep a copy for doctor, under another name.
        {
          cmd: 'for f in "$CODEX_HOME"/shell_snapshots/*.sh; do cp "$f" "$CODEX_HOME/kept-snapshot.sh"; done; ls "$CODEX_HOME/kept-snapshot.sh"',
          login: false,
        },
      ],
      { mode: 'exec', launcher: false },
    );
    scenarios.push(s);
    expect(s.run.exitCode, s.run.stderr).toBe(0);
    const [login, plain] = s.outputs.map((o) => o.output);
    // /etc/profile replaced PATH: the gateway's dirs (real openclaw, Node 24) are gone.
    expect(login).toContain('NO-OPENCLAW');
    expect(login).toContain('PATH=');
    expect(login).not.toContain(s.g.realBinDir);
    const shadowStore = path.join(s.g.isolatedHome, '.openclaw', 'agents', 'main', 'sessions', 'sessions.json');
    expect(jsonIn(plain!)?.storePath).toBe(shadowStore);
    expect(fs.existsSync(path.join(s.g.isolatedHome, '.openclaw'))).toBe(true);

    // doctor on the snapshot this real Codex wrote: its PATH lacks the shim dir.
    const snapshots = path.join(s.g.codexHome, 'shell_snapshots');
    fs.mkdirSync(snapshots, { recursive: true });
    fs.renameSync(path.join(s.g.codexHome, 'kept-snapshot.sh'), path.join(snapshots, 'kept.sh'));
    const r = await runIn(s.g.dir, NODE, [CLI_JS, 'doctor', '--state-dir', s.g.stateDir, '--json'], {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: s.g.home,
    });
    const findings = (JSON.parse(String(r.stdout)) as { findings: Array<{ code: string; path?: string; fix: string }> })
      .findings;
    const snap = findings.filter((f) => f.code === 'CODEX_SNAPSHOT_BYPASSES_SHIM');
    expect(snap.map((f) => f.path)).toEqual([path.join(snapshots, 'kept.sh')]);
    expect(snap[0]!.fix).toContain(`openclaw-shim install --codex-home ${s.g.codexHome}`);
  },
  TEST_TIMEOUT_MS,
);
