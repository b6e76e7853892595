// The real Codex ACP adapter behind `openclaw-shim launch`, driven over stdio by our ACP client: the tool call's `openclaw` reaches the canonical state.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureCodexAcp } from '../../src/lib/codex-cache.ts';
import { mockProviderToml, startMockModel } from '../../src/mock-model/server.ts';
import { runAcpPrompt } from '../helpers/acp-client.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { makeGateway } from '../helpers/sandbox.ts';

const g = makeGateway('sqlite');
afterAll(() => g.cleanup());
// acpx's Codex home; HOME isolated inside it as the nix-openclaw wrapper does, so a bare `openclaw` would write a shadow tree.
const acpxHome = path.join(g.stateDir, 'acpx', 'codex-home');
const isolatedHome = path.join(acpxHome, 'home');
fs.mkdirSync(isolatedHome, { recursive: true });
// Codex's defaults (login shells on): `openclaw-shim launch` restores the gateway's PATH in login shells.
const LOGIN = '';

describe('ACP: codex-acp behind openclaw-shim launch', () => {
  it('the command the model asks for runs the shim and lands on the canonical store; no shadow tree', async () => {
    const acp = await ensureCodexAcp();
    const mock = await startMockModel(
      [{ cmd: 'command -v openclaw; openclaw sessions --agent main --json' }],
      'all done',
    );
    try {
      fs.writeFileSync(
        path.join(acpxHome, 'config.toml'),
        mockProviderToml(mock.baseUrl, `sandbox_mode = "danger-full-access"\n${LOGIN}`),
      );
      // `sh` plays the gateway (its HOME is the real one, as /proc/<ppid>/environ shows); the adapter gets the isolated HOME.
      const env = {
        PATH: `${g.realBinDir}${path.delimiter}${BASE_PATH}`,
        HOME: g.home,
        ISOLATED_HOME: isolatedHome,
        LANG: 'C.UTF-8',
      };
      const session = await runAcpPrompt(
        'sh',
        [
          '-c',
          'HOME="$ISOLATED_HOME" "$@"; exit $?',
          'sh',
          NODE,
          CLI_JS,
          'launch',
          '--codex-home',
          acpxHome,
          '--',
          acp.bin,
        ],
        {
          env,
          cwd: g.dir,
          prompt: 'list the sessions',
          timeoutMs: 240_000,
        },
      );
      const why = `${session.stderr.slice(-3000)}\n${JSON.stringify(session.updates).slice(0, 3000)}`;
      expect(session.stopReason, why).toBe('end_turn');
      expect(
        session.updates.some((u) => u.sessionUpdate === 'tool_call' && u.kind === 'execute'),
        why,
      ).toBe(true);
      // A command slower than Codex's 30 s wait comes back in several polls: read them all.
      const output = mock
        .outputs()
        .map((o) => o.output)
        .join('\n');
      expect(output, why).toMatch(/Process exited with code 0/);
      expect(output, why).toContain(path.join(acpxHome, 'openclaw-shim', 'bin', 'openclaw'));
      expect(output, why).toContain(path.join(g.stateDir, 'agents', 'main', 'agent', 'openclaw-agent.sqlite'));
      const log = fs
        .readFileSync(path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const call = log.find((r) => Array.isArray(r.argv) && r.argv.includes('sessions'));
      expect(call, why).toMatchObject({ decision: 'redirected' });
      expect(fs.existsSync(path.join(isolatedHome, '.openclaw'))).toBe(false);
    } finally {
      await mock.close();
    }
  }, 300_000);
});
