// The core promise with the real Codex: every openclaw a tool call runs, through the launcher, reaches the canonical state.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScriptedCommand } from '../../src/mock-model/server.ts';
import { snapshotFinding, snapshotPath } from '../../src/doctor/codex-runtime.ts';
import { codexScenario, jsonIn, NOBODY, shimLogRecords, TEST_TIMEOUT_MS, type Scenario } from '../helpers/codex.ts';

const scenarios: Scenario[] = [];
afterAll(() => scenarios.forEach((s) => s.g.cleanup()));

const READ = 'openclaw sessions --json';
const WRITE = 'openclaw sessions cleanup --enforce --json';
/** login omitted (Codex's default: a login shell), true and false, then a state-writing call. */
const ALL_LOGINS: ScriptedCommand[] = [
  { cmd: READ },
  { cmd: READ, login: true },
  { cmd: READ, login: false },
  { cmd: WRITE },
];
/** Lean: the default (login shell) read, then the write. */
const DEFAULT_LOGIN: ScriptedCommand[] = [{ cmd: READ }, { cmd: WRITE }];

/** What PATH the shell snapshot (if any) recorded. */
const SNAPSHOT_PATH: ScriptedCommand = {
  cmd: 'grep -h "^declare -x PATH=" "$CODEX_HOME"/shell_snapshots/*.sh 2>/dev/null || echo NO-SNAPSHOT',
  login: false,
};

const CASES = [
  { name: 'exec, snapshot on, root', mode: 'exec', snapshot: true, commands: ALL_LOGINS },
  { name: 'exec, snapshot off, root', mode: 'exec', snapshot: false, commands: ALL_LOGINS },
  { name: 'app-server, snapshot on, root', mode: 'app-server', snapshot: true, commands: ALL_LOGINS },
  { name: 'app-server, snapshot off, root', mode: 'app-server', snapshot: false, commands: DEFAULT_LOGIN },
  {
    name: 'exec, snapshot off, non-root gateway',
    mode: 'exec',
    snapshot: false,
    commands: DEFAULT_LOGIN,
    user: NOBODY,
  },
  {
    name: 'app-server, snapshot on, non-root gateway',
    mode: 'app-server',
    snapshot: true,
    commands: DEFAULT_LOGIN,
    user: NOBODY,
  },
] as const;

/** Two Codex runs at a time: each runs several real CLI calls, and two cores are shared. */
const PAIRS = [CASES.slice(0, 2), CASES.slice(2, 4), CASES.slice(4, 6)];

describe.each(PAIRS.map((p) => [p.map((c) => c.name).join(' | '), p] as const))(
  'through openclaw-codex-launch (Node 24 and openclaw only on the gateway PATH, /usr/bin/node is v20): %s',
  (_names, pair) => {
    describe.concurrent('in parallel', () => {
      it.each(pair)(
        '$name: every call reaches the canonical store, no shadow, a redirect record each',
        async (c) => {
          const s = await codexScenario([...c.commands, SNAPSHOT_PATH], {
            mode: c.mode,
            launcher: true,
            snapshot: c.snapshot,
            ...('user' in c ? { user: c.user } : {}),
          });
          scenarios.push(s);
          const { g } = s;
          expect(s.run.exitCode, s.run.stderr.slice(-2000)).toBe(0);
          expect(s.outputs).toHaveLength(c.commands.length + 1);
          const store = path.join(g.stateDir, 'agents', 'main', 'sessions', 'sessions.json');
          const printed = s.outputs.slice(0, -1).map((o) => jsonIn(o.output));
          const reads = printed.slice(0, -1).map((p) => p?.path);
          expect(reads, s.outputs.map((o) => o.output).join('\n')).toEqual(reads.map(() => store));
          expect(printed.at(-1)?.storePath, s.outputs.at(-2)?.output).toBe(store);
          expect(printed.at(-1)?.applied).toBe(true);
          expect(fs.existsSync(path.join(g.isolatedHome, '.openclaw'))).toBe(false);
          const records = shimLogRecords(g).filter((r) => r.decision === 'redirected');
          expect(records.map((r) => (r.argv as string[]).join(' '))).toEqual(
            c.commands.map((x) => x.cmd.replace(/^openclaw /, '')),
          );
          // Codex deletes its snapshot when the session ends: the tool call read it while it lived.
          const snapshotText = s.outputs.at(-1)!.output;
          if (c.snapshot)
            expect(snapshotText).toContain(`declare -x PATH="${path.join(g.codexHome, 'openclaw-shim', 'bin')}:`);
          // ...and doctor reads such a snapshot as healthy.
          if (c.snapshot)
            expect(
              snapshotFinding(
                { stateDir: g.stateDir, configPath: g.configPath },
                g.codexHome,
                'snapshot',
                snapshotPath(snapshotText),
              ),
            ).toBeUndefined();
          else expect(snapshotText).toContain('NO-SNAPSHOT');
        },
        TEST_TIMEOUT_MS,
      );
    });
  },
);
