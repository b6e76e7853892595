// The shim skips gateway locks, passwd and the weaker sources' probes when a stronger one decides, with the same answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsProbe, resolveHere } from '../../src/canonical/gather.ts';
import { NOT_CHECKED, resolveCanonical } from '../../src/canonical/resolve.ts';
import type { Field } from '../../src/canonical/types.ts';
import { resolveForShim } from '../../src/shim/resolve-lazy.ts';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-lazy-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const stateDir = path.join(dir, 'root', '.openclaw');
const codexHome = path.join(stateDir, 'agents', 'main', 'agent', 'codex-home');
fs.mkdirSync(path.join(codexHome, 'home'), { recursive: true });
fs.writeFileSync(path.join(stateDir, 'openclaw.json'), '{}\n');

describe('resolveForShim', () => {
  it.each([
    ['an agent codex home (structure decides)', { CODEX_HOME: codexHome, HOME: path.join(codexHome, 'home') }, false],
    ['OPENCLAW_STATE_DIR', { OPENCLAW_STATE_DIR: stateDir, HOME: dir }, false],
    [
      'OPENCLAW_HOME: the OS home comes from HOME, not passwd',
      { OPENCLAW_HOME: path.join(dir, 'root'), HOME: dir },
      false,
    ],
    ['nothing but HOME (passwd may decide)', { HOME: path.join(dir, 'nowhere') }, true],
  ])('%s: same canonical answer as reading every source', (_name, env, weak) => {
    const lazy = resolveForShim(env, dir);
    const full = resolveHere({ env, cwd: dir });
    expect(lazy.resolution.canonical).toEqual(full.resolution.canonical);
    expect(lazy.resolution.isolation).toEqual(full.resolution.isolation);
    expect(lazy.resolution.candidates.some((c) => c.source === 'passwd-home')).toBe(weak);
  });
});

describe('resolveCanonical with winnerOnly (the shim)', () => {
  const other = path.join(dir, 'other', '.openclaw');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(other, 'openclaw.json'), '{}\n');
  const field = (value: string): Field => ({ value, source: 'derived', detail: 'test' });
  const capture = {
    path: path.join(codexHome, 'openclaw-shim', 'capture.json'),
    read: {
      ok: true as const,
      capture: {
        schema: 'openclaw-shim/capture' as const,
        version: 1,
        createdAt: '2026-12-05T00:00:00.000Z',
        writer: { command: 'install', version: 'test' },
        stateDir: field(other),
        configPath: field(path.join(other, 'openclaw.json')),
        home: field(path.dirname(other)),
        disagreements: [],
      },
    },
  };
  const env = { CODEX_HOME: codexHome, HOME: path.join(codexHome, 'home') };
  const counting = () => {
    const asked: string[] = [];
    const probe = {
      isDir: (p: string) => (asked.push(p), fsProbe.isDir(p)),
      isFile: (p: string) => (asked.push(p), fsProbe.isFile(p)),
      list: (p: string) => (asked.push(p), fsProbe.list?.(p) ?? []),
    };
    return { asked, probe };
  };

  it('when the capture wins, probes nothing of the weaker sources and gives the same answer', () => {
    const full = counting();
    const lazy = counting();
    const input = { env, cwd: dir, capture, gatewayLocks: [] };
    const all = resolveCanonical({ ...input, probe: full.probe });
    const first = resolveCanonical({ ...input, probe: lazy.probe, winnerOnly: true });
    expect(first.canonical).toEqual(all.canonical);
    expect(first.isolation).toEqual(all.isolation);
    // The structure (the codex home's own state dir) disagrees with the capture: only the full resolution says so.
    expect(all.disagreements.map((d) => d.source)).toEqual(['structure']);
    expect(first.disagreements).toEqual([]);
    expect(first.candidates.find((c) => c.source === 'structure')).toMatchObject({ ok: false, reason: NOT_CHECKED });
    expect(full.asked.some((p) => p.startsWith(stateDir))).toBe(true);
    expect(lazy.asked.filter((p) => p.startsWith(stateDir))).toEqual([]);
  });

  it('with no valid source, checks every one (the refusal names each reason)', () => {
    const gone = {
      ...capture,
      read: { ...capture.read, capture: { ...capture.read.capture, stateDir: field('/nonexistent/.openclaw') } },
    };
    const input = {
      env: { CODEX_HOME: '/nonexistent/agents/a/agent/codex-home' },
      cwd: dir,
      capture: gone,
      gatewayLocks: [],
    };
    const first = resolveCanonical({ ...input, probe: fsProbe, winnerOnly: true });
    const all = resolveCanonical({ ...input, probe: fsProbe });
    expect(first).toEqual(all);
    expect(first.candidates.every((c) => c.reason && c.reason !== NOT_CHECKED)).toBe(true);
  });
});
