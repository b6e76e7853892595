// Defence in depth with the real Codex, one layer at a time: login profiles, BASH_ENV, the canonical-variable safety net, the sandbox.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  codexEnv,
  codexScenario,
  gatewayPath,
  jsonIn,
  shimLogRecords,
  TEST_TIMEOUT_MS,
  type Scenario,
} from '../helpers/codex.ts';
import { CLI_JS, NODE } from '../helpers/paths.ts';
import { makeGateway, runIn, type Gateway } from '../helpers/sandbox.ts';

const scenarios: Scenario[] = [];
const gateways: Gateway[] = [];
afterAll(() => [...scenarios.map((s) => s.g), ...gateways].forEach((g) => g.cleanup()));

const storeOf = (g: Gateway, stateDir = g.stateDir): string =>
  path.join(stateDir, 'agents', 'main', 'sessions', 'sessions.json');
const shimBin = (g: Gateway): string => path.join(g.codexHome, 'openclaw-shim', 'bin', 'openclaw');

describe.concurrent('each layer alone', () => {
  it(
    'login profiles written by `install` (no launcher, no BASH_ENV, no state variables): the login shell reaches the shim',
    async () => {
      const s = await codexScenario(
        [
          {
            cmd: 'command -v openclaw; echo "BASH_ENV=${BASH_ENV-}" "STATE=${OPENCLAW_STATE_DIR-}"; openclaw sessions --json',
          },
        ],
        {
          mode: 'exec',
          launcher: false,
          snapshot: false,
          before: async (g) => {
            // The operator's own .bash_profile (mode 0600) stays in charge and intact; our block is appended.
            fs.writeFileSync(path.join(g.isolatedHome, '.bash_profile'), 'export OPERATOR_WAS_HERE=1\n', {
              mode: 0o600,
            });
            const r = await runIn(
              g.dir,
              NODE,
              [CLI_JS, 'install', '--codex-home', g.codexHome, '--state-dir', g.stateDir, '--real-openclaw', g.realBin],
              { PATH: gatewayPath(g), HOME: g.home },
            );
            expect(r.exitCode, String(r.stderr)).toBe(0);
          },
        },
      );
      scenarios.push(s);
      const out = s.outputs[0]!.output;
      expect(out).toContain(shimBin(s.g));
      expect(out).toContain('BASH_ENV= STATE=');
      expect(jsonIn(out)?.path).toBe(storeOf(s.g));
      const bashProfile = path.join(s.g.isolatedHome, '.bash_profile');
      expect(fs.readFileSync(bashProfile, 'utf8')).toMatch(/^export OPERATOR_WAS_HERE=1\n# >>> openclaw-shim >>>\n/);
      expect(fs.statSync(bashProfile).mode & 0o777).toBe(0o600);
      expect(shimLogRecords(s.g).map((r) => r.decision)).toEqual(['redirected']);
      expect(fs.existsSync(path.join(s.g.isolatedHome, '.openclaw'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'BASH_ENV alone (profiles removed mid-session): a login shell still reaches the shim; a plain shell that set its own PATH is left alone',
    async () => {
      const s = await codexScenario(
        [
          { cmd: 'rm -f "$HOME/.profile" "$HOME/.zprofile" "$HOME/.bash_profile"; ls -A "$HOME"', login: false },
          { cmd: 'command -v openclaw; openclaw sessions --json' },
          { cmd: 'PATH=/usr/bin:/bin bash -c "echo INNER=\\$PATH"', login: false },
        ],
        { mode: 'exec', launcher: true, snapshot: false },
      );
      scenarios.push(s);
      const [, login, inner] = s.outputs.map((o) => o.output);
      expect(login).toContain(shimBin(s.g));
      expect(jsonIn(login!)?.path).toBe(storeOf(s.g));
      expect(inner).toContain('INNER=/usr/bin:/bin\n');
      expect(shimLogRecords(s.g).map((r) => r.decision)).toEqual(['redirected']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the safety net: the real CLI by absolute path lands on the canonical state; --profile through the shim still means the profile',
    async () => {
      let realBin = '';
      const s = await codexScenario(
        [{ cmd: 'REAL sessions cleanup --enforce --json' }, { cmd: 'openclaw --profile work sessions --json' }],
        {
          mode: 'exec',
          launcher: true,
          before: async (g) => void (realBin = g.realBin),
          rewrite: (cmd) => cmd.replace('REAL', realBin),
        },
      );
      scenarios.push(s);
      const [bare, profiled] = s.outputs.map((o) => jsonIn(o.output));
      expect(bare?.storePath).toBe(storeOf(s.g));
      expect(fs.existsSync(path.join(s.g.isolatedHome, '.openclaw'))).toBe(false);
      expect(profiled?.path).toBe(storeOf(s.g, path.join(s.g.home, '.openclaw-work')));
      // Only the shimmed call is in the redirect log, and it says the launcher's variables were dropped for --profile.
      const records = shimLogRecords(s.g);
      expect(records.map((r) => (r.argv as string[]).join(' '))).toEqual(['--profile work sessions --json']);
      const unset = (records[0]!.redirects as Array<{ name: string; to: string }>)
        .filter((r) => r.to === '(unset)')
        .map((r) => r.name);
      expect(unset.sort()).toEqual(['OPENCLAW_CONFIG_PATH', 'OPENCLAW_STATE_DIR']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'workspace-write sandbox, state dir read-only: a read works, a write fails fast with one line and exit 80',
    async () => {
      const s = await codexScenario(
        [{ cmd: 'openclaw sessions --json' }, { cmd: 'openclaw sessions cleanup --enforce --json; echo "EXIT=$?"' }],
        {
          mode: 'exec',
          launcher: true,
          sandbox: 'workspace-write',
          // Everything here lives under /tmp, which workspace-write leaves writable: take /tmp out, give TMPDIR a place in the workspace.
          configExtra: '[sandbox_workspace_write]\nexclude_slash_tmp = true\n',
          tmpInWorkspace: true,
        },
      );
      scenarios.push(s);
      const [read, write] = s.outputs.map((o) => o.output);
      expect(jsonIn(read!)?.path).toBe(storeOf(s.g));
      // The state dir's log and the codex home's are read-only here: the record goes to the private temp log,
      // with no line for the model to read, and `openclaw-shim log` finds it there.
      expect(read).not.toContain('openclaw-shim: redirect log not written');
      const tmpdir = path.join(s.g.dir, 'workspace', 'tmp');
      const tmpLog = path.join(tmpdir, `openclaw-shim-${process.getuid!()}`, 'openclaw-shim.jsonl');
      expect(fs.statSync(path.dirname(tmpLog)).mode & 0o777).toBe(0o700);
      expect(fs.statSync(tmpLog).mode & 0o777).toBe(0o600);
      const shown = await runIn(s.g.dir, NODE, [CLI_JS, 'log', '--state-dir', s.g.stateDir, '--json'], {
        PATH: gatewayPath(s.g),
        HOME: s.g.home,
        TMPDIR: tmpdir,
      });
      expect(shown.exitCode, String(shown.stderr)).toBe(0);
      const logged = JSON.parse(String(shown.stdout)) as {
        files: string[];
        records: Array<{ argv: string[]; decision: string }>;
      };
      expect(logged.files).toContain(tmpLog);
      expect(logged.records.map((r) => `${r.decision} ${r.argv.join(' ')}`)).toEqual([
        'redirected sessions --json',
        'refused sessions cleanup --enforce --json',
      ]);
      expect(write).toContain('EXIT=80');
      const lines = write!.split('\n').filter((l) => l.startsWith('openclaw-shim:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`state dir ${s.g.stateDir} is read-only`);
      // The config already has the table (exclude_slash_tmp): the key goes under it, not a second header.
      expect(lines[0]).toContain(
        `add the line writable_roots = ["${s.g.stateDir}"] under [sandbox_workspace_write] in `,
      );
      expect(write).not.toMatch(/\n\s+at |Error:/); // no trace from the real CLI: it never started
      expect(fs.existsSync(path.join(s.g.isolatedHome, '.openclaw'))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("an unshimmed --profile with the launcher's OPENCLAW_STATE_DIR set (what docs/operators-guide.md says)", () => {
  it.each([
    ['json', 'the state dir wins: the profile is ignored'],
    ['sqlite', 'the profile wins'],
  ] as const)(
    '%s: %s',
    async (flavor, _what) => {
      const g = makeGateway(flavor);
      gateways.push(g);
      const env = codexEnv(g, { OPENCLAW_STATE_DIR: g.stateDir, OPENCLAW_CONFIG_PATH: g.configPath, HOME: g.home });
      const r = await runIn(g.dir, g.realBin, ['--profile', 'work', 'sessions', '--json'], env);
      const printed = jsonIn(String(r.stdout))?.path as string;
      if (flavor === 'json') expect(printed).toBe(storeOf(g));
      else expect(printed.startsWith(path.join(g.home, '.openclaw-work'))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
