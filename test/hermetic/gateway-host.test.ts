// On a gateway host (the passwd home holds an OpenClaw state, a live gateway lock in /tmp/openclaw-<uid>)
// the refusal tests still pass: every source the machine provides is replaced by the helpers' stand-ins.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_JS, NODE, ROOT } from '../helpers/paths.ts';

const passwdHome = os.userInfo().homedir;
const uid = process.getuid?.() ?? 0;
/** Private mounts need root and unshare; the host's home and /tmp are covered, so the repo must be elsewhere. */
const canFakeHost =
  uid === 0 &&
  spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0 &&
  !ROOT.startsWith(`${passwdHome}/`) && !ROOT.startsWith('/tmp/') && !(process.env.OPENCLAW_SHIM_CACHE ?? '').startsWith('/tmp/');

const REFUSAL_FILES = ['test/e2e/shim-guard-log.test.ts', 'test/e2e/shim-real-cli.test.ts', 'test/e2e/launch.test.ts', 'test/e2e/setup.test.ts', 'test/install/install.test.ts'];

/**
 * In a private mount namespace, empty tmpfs over the passwd home and /tmp (nothing real is touched),
 * then the host's state and a live JSON gateway lock (this shell's pid) are written there. First what
 * the CLI resolves with no override at all, then the refusal tests.
 */
const SCRIPT = `
set -e
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs "$HOST_HOME"
mkdir -p "$HOST_HOME/.openclaw/agents/main/sessions" /tmp/openclaw-$(id -u)
echo '{ agents: { list: [ { id: "main", default: true } ] } }' > "$HOST_HOME/.openclaw/openclaw.json"
printf '{"pid":%s,"configPath":"%s"}' $$ "$HOST_HOME/.openclaw/openclaw.json" > /tmp/openclaw-$(id -u)/gateway.0123abcd.lock
mkdir -p /tmp/elsewhere/codex-home/home
echo "EXPLAIN $(env -i PATH="$PATH" HOME=/tmp/elsewhere/codex-home/home CODEX_HOME=/tmp/elsewhere/codex-home "$NODE" "$CLI_JS" explain --json | tr -d '\\n')"
set +e
"$NODE" "$ROOT/node_modules/vitest/vitest.mjs" run "$@" -t 'refus|without canonical state' --reporter ./test/helpers/summary-reporter.ts
echo "VITEST_EXIT $?"
echo "HOST_STATE $(ls "$HOST_HOME/.openclaw" | tr '\\n' ' ')"
`;

/** The parent environment without the stand-ins and vitest's worker variables: the nested run starts as on a host. */
function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k.startsWith('OPENCLAW_SHIM_PASSWD') || k.startsWith('OPENCLAW_SHIM_GATEWAY') || ['NODE_OPTIONS', 'TEST', 'TMPDIR'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, HOST_HOME: passwdHome, NODE, CLI_JS, ROOT };
}

describe('a gateway host', () => {
  it.skipIf(!canFakeHost)('the refusal tests pass although the passwd home holds a state and a gateway is live', async () => {
    const r = await execa('unshare', ['-m', '--propagation', 'private', 'sh', '-c', SCRIPT, 'sh', ...REFUSAL_FILES], {
      cwd: ROOT, env: hostEnv(), extendEnv: false, reject: false, all: true,
    });
    const out = r.all ?? '';
    // The host is real-looking: with nothing replaced, an isolated tool call resolves to its state.
    const explain = JSON.parse(/^EXPLAIN (.*)$/m.exec(out)?.[1] ?? 'null') as { canonical?: { stateDir?: { value?: string; source?: string } } } | null;
    expect(explain?.canonical?.stateDir, out).toEqual(expect.objectContaining({ value: path.join(passwdHome, '.openclaw'), source: 'gateway-lock' }));
    // Yet every refusal test passes, and none of them wrote into the host's state.
    const summary = /Tests: (\d+) passed, (\d+) failed/.exec(out);
    expect(summary, out).not.toBeNull();
    expect(Number(summary![2]), out).toBe(0);
    expect(Number(summary![1]), out).toBeGreaterThanOrEqual(5);
    expect(out).toMatch(/^VITEST_EXIT 0$/m);
    expect(/^HOST_STATE (.*)$/m.exec(out)?.[1]?.trim()).toBe('agents openclaw.json');
  }, 240_000);
});
