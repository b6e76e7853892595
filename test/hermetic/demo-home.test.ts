// The demo leaves the home alone: run with a scratch HOME on a host whose /tmp and passwd home start
// empty, it writes nothing outside its sandbox (removed at the end) and the cache.
import { describe, expect, it } from 'vitest';
import { canFakeHost, hostEnv, inFakeHost } from '../helpers/fake-host.ts';
import { NODE_DIR, ROOT } from '../helpers/paths.ts';

const SCRIPT = `
mkdir /tmp/scratch-home
set +e
env -i PATH="$NODE_DIR:/usr/bin:/bin" HOME=/tmp/scratch-home OPENCLAW_SHIM_CACHE="$CACHE" "$NODE_DIR/node" "$ROOT/bin/openclaw-shim.mjs" demo > /tmp/demo.out 2>&1
code=$?
echo "DEMO_EXIT $code"
# On failure, what the demo said (its passing checks left out).
[ "$code" = 0 ] || grep -v '^  ✓' /tmp/demo.out | tail -40
rm /tmp/demo.out
echo "TMP $(find /tmp -mindepth 1 | sort | tr '\\n' ' ')"
echo "HOME $(find "$HOST_HOME" -mindepth 1 | sort | tr '\\n' ' ')"
`;

describe('npm run demo with a scratch HOME', () => {
  it.skipIf(!canFakeHost)(
    'writes nothing into HOME, the passwd home or /tmp once its sandbox is gone',
    async () => {
      const cache = process.env.OPENCLAW_SHIM_CACHE ?? `${ROOT}/.cache`;
      const r = await inFakeHost(SCRIPT, [], hostEnv({ NODE_DIR, ROOT, CACHE: cache }));
      const out = r.all ?? '';
      expect(out).toMatch(/^DEMO_EXIT 0$/m);
      // The real OpenClaw CLI creates its log dir /tmp/openclaw (0700, hard-coded, whatever TMPDIR says)
      // on every start, as it does on any host that runs it; nothing is written in it.
      expect(/^TMP (.*)$/m.exec(out)?.[1]?.trim(), out).toBe('/tmp/openclaw /tmp/scratch-home');
      expect(/^HOME (.*)$/m.exec(out)?.[1]?.trim(), out).toBe('');
    },
    420_000,
  );
});
