// The real OpenClaw 2026.5.12 and 2026.9.6 behind the shim, in process and by exec, with an old Node first on PATH.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installShim } from '../../src/install/install.ts';
import { makeGateway, type Flavor, type Gateway } from '../helpers/sandbox.ts';
import { NODE } from '../helpers/paths.ts';
import { ensureNode22 } from '../shim/node22.ts';
import { readLog, run } from '../shim/support.ts';
import { hermetic } from '../helpers/hermetic.ts';

vi.setConfig({ testTimeout: 300_000 }); // each real CLI call takes 1 s on a quiet machine, 30 s when 2 cores are shared by many
const OLD_NODE_FIRST = ['/usr/bin', '/bin']; // /usr/bin/node is v20 on this machine: what `#!/usr/bin/env node` would get
const gateways: Gateway[] = [];
afterAll(() => gateways.forEach((g) => g.cleanup()));

const MODES = [
  { mode: 'in-process', handover: 'in-process', extra: {} as Record<string, string> },
  { mode: 'exec', handover: 'exec', extra: { OPENCLAW_SHIM_FORCE_EXEC: '1' } as Record<string, string> },
];

/** The children of `pid` (a respawned OpenClaw shows up here). */
const childrenOf = (pid: number): number[] => {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

/** Whether `pid` has a handler for SIGTERM (SigCgt bit 15): OpenClaw's respawn wrapper installs one right after spawning. */
const catchesTerm = (pid: number): boolean => {
  try {
    const mask = /SigCgt:\s*([0-9a-f]+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0';
    return (BigInt(`0x${mask}`) & (1n << 14n)) !== 0n;
  } catch {
    return false;
  }
};

/** Starts `file`, sends SIGTERM to its pid once it has respawned and listens for SIGTERM, and reports how it ended. */
/** Sends one SIGTERM to `file`'s process once OpenClaw has respawned itself and catches SIGTERM. */
function termOnceRespawned(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; sent: boolean }> {
  return new Promise((resolve) => {
    const c = spawn(file, args, { env: hermetic(env), stdio: 'ignore' });
    let sent = false;
    const poll = setInterval(() => {
      if (!sent && childrenOf(c.pid!).length > 0 && catchesTerm(c.pid!)) {
        sent = true;
        c.kill('SIGTERM');
      }
    }, 5);
    c.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, sent });
    });
  });
}

/** How OpenClaw's respawning launcher ends on SIGTERM: its handler forwards it and exits 1, or (a race in OpenClaw itself, seen run directly too) it dies by the signal. */
const TERM_ENDINGS = [
  { code: 1, signal: null },
  { code: null, signal: 'SIGTERM' },
];

describe.each(['json', 'sqlite'] as Flavor[])('real OpenClaw (%s flavor)', (flavor) => {
  let g: Gateway;
  let shimDir: string;
  let direct: Record<string, string>; // the real CLI run directly with the redirected environment, on a suitable Node
  const once = new Map<string, Promise<unknown>>();
  /** A direct run's result, computed once per flavor and shared by both modes. */
  const directly = <T>(key: string, f: () => Promise<T>): Promise<T> => {
    if (!once.has(key)) once.set(key, f());
    return once.get(key) as Promise<T>;
  };
  const logFile = () => path.join(g.stateDir, 'logs', 'openclaw-shim.jsonl');
  beforeAll(() => {
    g = makeGateway(flavor, { agents: ['main', 'target'] });
    gateways.push(g);
    shimDir = installShim({
      codexHome: g.codexHome,
      env: { PATH: `${g.realBinDir}:${process.env.PATH}`, HOME: g.home },
      flags: { stateDir: g.stateDir },
      command: 'install',
      nodePath: NODE,
    }).shimDir;
    direct = {
      PATH: [path.dirname(NODE), g.realBinDir, ...OLD_NODE_FIRST].join(':'),
      HOME: g.home,
      OPENCLAW_STATE_DIR: g.stateDir,
      OPENCLAW_CONFIG_PATH: g.configPath,
      CODEX_HOME: g.codexHome,
    };
  });
  /** A tool call after a login shell: shim first, then /usr/bin (node v20); the gateway's Node is not on PATH. */
  const toolEnv = (extra: Record<string, string> = {}) => ({
    PATH: [shimDir, ...OLD_NODE_FIRST, g.realBinDir].join(':'),
    HOME: g.isolatedHome,
    CODEX_HOME: g.codexHome,
    OPENCLAW_SHIM_QUIET: '1',
    ...extra,
  });

  it('the problem: on the old Node that PATH offers, the real CLI refuses to start', async () => {
    const r = await run(g.realBin, {
      args: ['--version'],
      env: { ...toolEnv(), PATH: [...OLD_NODE_FIRST, g.realBinDir].join(':') },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Node\.js .*(required|unsupported)|requires Node|node:sqlite|v2[0-9]/i);
  });

  describe.each(MODES)('hand-over $mode', ({ handover, extra }) => {
    it('sessions on the canonical store, argv through, stdout only the CLI’s; 1 MB of binary stdin does not disturb it; the log names the Node and why', async () => {
      const r = await run('openclaw', {
        args: ['sessions', '--agent', 'target', '--json'],
        env: toolEnv(extra),
        input: crypto.randomBytes(1024 * 1024),
        cwd: g.dir,
      });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.toString()) as { path?: string; store?: string; sessions: unknown[] };
      expect(JSON.stringify(out)).toContain(path.join(g.stateDir, 'agents', 'target'));
      expect(fs.existsSync(path.join(g.isolatedHome, '.openclaw'))).toBe(false);
      const last = readLog(logFile()).at(-1)!;
      expect(last).toMatchObject({
        decision: 'redirected',
        handover,
        node: { path: NODE, version: process.versions.node },
      });
      expect(String((last.node as { why: string }).why)).toContain('engines');
    });

    it('exit code as direct: an unknown command', async () => {
      const viaShim = await run('openclaw', { args: ['no-such-command'], env: toolEnv(extra), cwd: g.dir });
      const plain = await directly('unknown', () =>
        run(g.realBin, { args: ['no-such-command'], env: direct, cwd: g.dir }),
      );
      expect(viaShim.code).toBe(plain.code);
      expect(viaShim.code).not.toBe(0);
    });

    it('`| head -1` on 2 MB of output ends as the real CLI run directly does', async () => {
      const script = (cmd: string) => `${cmd} config schema | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
      const viaShim = await run('/bin/bash', { args: ['-c', script('openclaw')], env: toolEnv(extra), cwd: g.dir });
      const plain = await directly('head', () =>
        run('/bin/bash', { args: ['-c', script(g.realBin)], env: direct, cwd: g.dir }),
      );
      expect(viaShim.stdout.toString()).toBe(plain.stdout.toString());
      expect(viaShim.stderr.match(/status=\d+/)?.[0]).toBe(plain.stderr.match(/status=\d+/)?.[0]);
      expect(/EPIPE|Broken pipe/i.test(viaShim.stderr)).toBe(/EPIPE|Broken pipe/i.test(plain.stderr));
    });

    it('OpenClaw’s compile-cache respawn works, and SIGTERM to the shim pid reaches its forwarding handler', async () => {
      const cache = fs.mkdtempSync(path.join(g.dir, 'ccache-'));
      const r = await run('openclaw', {
        args: ['sessions', '--agent', 'target', '--json'],
        env: toolEnv({ ...extra, NODE_COMPILE_CACHE: cache }),
        cwd: g.dir,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.stringify(JSON.parse(r.stdout.toString()))).toContain(path.join(g.stateDir, 'agents', 'target'));
      expect(fs.readdirSync(path.join(cache, 'openclaw'))).toHaveLength(1); // the respawned child used <cache>/openclaw/<version>/…
      const viaShim = await termOnceRespawned(
        path.join(shimDir, 'openclaw'),
        ['sessions', '--json'],
        toolEnv({ ...extra, NODE_COMPILE_CACHE: cache }),
      );
      const plain = await directly('term', () =>
        termOnceRespawned(g.realBin, ['sessions', '--json'], { ...direct, NODE_COMPILE_CACHE: cache }),
      );
      expect(viaShim.sent && plain.sent).toBe(true);
      expect(TERM_ENDINGS).toContainEqual({ code: plain.code, signal: plain.signal });
      expect(TERM_ENDINGS).toContainEqual({ code: viaShim.code, signal: viaShim.signal });
    });
  });

  it('a shim on Node 22.12 runs the real CLI on the gateway’s Node from the capture (its engines need more)', async () => {
    const node22 = await ensureNode22();
    const g2 = makeGateway(flavor, { agents: ['main', 'target'] });
    gateways.push(g2);
    const s = installShim({
      codexHome: g2.codexHome,
      env: { PATH: `${g2.realBinDir}:${process.env.PATH}`, HOME: g2.home },
      flags: { stateDir: g2.stateDir },
      command: 'launch',
      nodePath: node22,
      gatewayNode: { path: NODE, version: process.versions.node },
    });
    const env = {
      PATH: [s.shimDir, ...OLD_NODE_FIRST, g2.realBinDir].join(':'),
      HOME: g2.isolatedHome,
      CODEX_HOME: g2.codexHome,
      OPENCLAW_SHIM_QUIET: '1',
    };
    const r = await run('openclaw', { args: ['sessions', '--agent', 'target', '--json'], env, cwd: g2.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain(path.join(g2.stateDir, 'agents', 'target'));
    const last = readLog(path.join(g2.stateDir, 'logs', 'openclaw-shim.jsonl')).at(-1)!;
    expect(last).toMatchObject({ handover: 'exec', node: { path: NODE, version: process.versions.node } });
    expect(String((last.node as { why: string }).why)).toMatch(
      /does not suit engines .*; the gateway's Node v\S+ does/,
    );
  }, 300_000);
});
