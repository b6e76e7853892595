// On a gateway host (the passwd home holds an OpenClaw state, a live gateway lock in /tmp/openclaw-<uid>)
// the refusal tests still pass: every source the machine provides is replaced by the helpers' stand-ins.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canFakeHost, hostEnv, inFakeHost, PASSWD_HOME } from '../helpers/fake-host.ts';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';

const REFUSAL_FILES = [
  'test/e2e/shim-guard-log.test.ts',
  'test/e2e/shim-real-cli.test.ts',
  'test/e2e/launch.test.ts',
  'test/e2e/setup.test.ts',
  'test/install/install.test.ts',
];

/**
 * The host's state and a live JSON gateway lock (a process titled openclaw-gateway) on the covered dirs; first what the
 * CLI resolves with no stand-in at all, then the refusal tests, then what the host's state holds.
 */
const SCRIPT = `
mkdir -p "$HOST_HOME/.openclaw/agents/main/sessions" /tmp/openclaw-$(id -u)
echo '{ agents: { list: [ { id: "main", default: true } ] } }' > "$HOST_HOME/.openclaw/openclaw.json"
bash -c 'exec -a openclaw-gateway sleep 600' & GW=$!
trap 'kill $GW' EXIT
printf '{"pid":%s,"configPath":"%s"}' $GW "$HOST_HOME/.openclaw/openclaw.json" > /tmp/openclaw-$(id -u)/gateway.0123abcd.lock
mkdir -p /tmp/elsewhere/codex-home/home
echo "EXPLAIN $(env -i PATH="$PATH" HOME=/tmp/elsewhere/codex-home/home CODEX_HOME=/tmp/elsewhere/codex-home "$NODE" "$CLI_JS" explain --json | tr -d '\\n')"
set +e
"$NODE" "$ROOT/node_modules/vitest/vitest.mjs" run "$@" -t 'refus|without canonical state' --reporter ./test/helpers/summary-reporter.ts
echo "VITEST_EXIT $?"
echo "HOST_STATE $(ls "$HOST_HOME/.openclaw" | tr '\\n' ' ')"
`;

describe('a gateway host', () => {
  it.skipIf(!canFakeHost)(
    'the refusal tests pass although the passwd home holds a state and a gateway is live',
    async () => {
      const r = await inFakeHost(SCRIPT, REFUSAL_FILES, hostEnv({ NODE, CLI_JS, ROOT }));
      const out = r.all ?? '';
      // The host is real-looking: with nothing replaced, an isolated tool call resolves to its state.
      const explain = JSON.parse(/^EXPLAIN (.*)$/m.exec(out)?.[1] ?? 'null') as {
        canonical?: { stateDir?: { value?: string; source?: string } };
      } | null;
      expect(explain?.canonical?.stateDir, out).toEqual(
        expect.objectContaining({ value: path.join(PASSWD_HOME, '.openclaw'), source: 'gateway-lock' }),
      );
      // Yet every refusal test passes, and none of them wrote into the host's state.
      const summary = /Tests: (\d+) passed, (\d+) failed/.exec(out);
      expect(summary, out).not.toBeNull();
      expect(Number(summary![2]), out).toBe(0);
      expect(Number(summary![1]), out).toBeGreaterThanOrEqual(5);
      expect(out).toMatch(/^VITEST_EXIT 0$/m);
      expect(/^HOST_STATE (.*)$/m.exec(out)?.[1]?.trim()).toBe('agents openclaw.json');
    },
    240_000,
  );
});
