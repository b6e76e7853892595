// Shared fixtures for doctor/repair e2e tests: diverging stores, hashes, and the built CLI.
import fs from 'node:fs';
import path from 'node:path';
import { makeGateway, runIn, listFiles, type Gateway } from '../helpers/sandbox.ts';
import { hermetic } from '../helpers/hermetic.ts';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { sha256File } from '../../src/repair/hash.ts';

export const NOW = Date.now();
const uuid = (n: number): string => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;

export const entry = (n: number, extra: object = {}) => ({ sessionId: uuid(n), updatedAt: NOW - n * 1000, ...extra });

/** Canonical target: same, diff, canonOnly. Shadow target: same, diff (other status), new1, new2 (with transcripts). */
export const CANONICAL_TARGET = {
  'agent:target:same': entry(1, { status: 'done' }),
  'agent:target:diff': entry(2, { status: 'done' }),
  'agent:target:canonOnly': entry(3),
};
export const SHADOW_TARGET = {
  'agent:target:same': entry(1, { status: 'done' }),
  'agent:target:diff': entry(2, { status: 'running' }),
  'agent:target:telegram:direct:new1': entry(4, { status: 'done' }),
  'agent:target:telegram:direct:new2': entry(5),
};

export const shadowOf = (gw: Gateway): string => path.join(gw.isolatedHome, '.openclaw');

export function writeStore(file: string, store: object): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(store, null, 2), { mode: 0o600 });
}

/** A gateway with a canonical target store and a hand-made diverging shadow store for target. */
export function divergingGateway(): Gateway {
  const gw = makeGateway('json', { agents: ['main', 'target'] });
  writeStore(path.join(gw.stateDir, 'agents/target/sessions/sessions.json'), CANONICAL_TARGET);
  const sdir = path.join(shadowOf(gw), 'agents/target/sessions');
  writeStore(path.join(sdir, 'sessions.json'), SHADOW_TARGET);
  fs.writeFileSync(path.join(sdir, `${uuid(4)}.jsonl`), '{"type":"session","id":"4"}\n{"role":"user","text":"hi"}\n', {
    mode: 0o600,
  });
  fs.writeFileSync(path.join(sdir, `${uuid(5)}.jsonl`), '{"type":"session","id":"5"}\n', { mode: 0o600 });
  return gw;
}

/** What a healthy gateway has: the shim in its codex home and the launcher configured. */
export async function makeHealthy(gw: Gateway): Promise<void> {
  const r = await cli(gw, [
    'install',
    '--codex-home',
    gw.codexHome,
    '--state-dir',
    gw.stateDir,
    '--real-openclaw',
    gw.realBin,
  ]);
  if (r.exitCode !== 0) throw new Error(`install failed: ${r.stderr}`);
  const config = fs
    .readFileSync(gw.configPath, 'utf8')
    .trimEnd()
    .replace(
      /\}$/,
      ', plugins: { entries: { codex: { config: { appServer: { command: "/usr/local/bin/openclaw-codex-launch" } } } } } }\n',
    );
  fs.writeFileSync(gw.configPath, config);
}

export function cliEnv(gw: Gateway, extra: Record<string, string> = {}): Record<string, string> {
  return hermetic({ PATH: BASE_PATH, HOME: gw.home, NO_COLOR: '1', ...extra });
}

export const cli = (gw: Gateway, args: string[], extra: Record<string, string> = {}) =>
  runIn(gw.dir, NODE, [CLI_JS, ...args], cliEnv(gw, extra));

export { sha256File };

/** rel path → sha256 of every file in a tree. */
export function hashes(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, sha256File(path.join(dir, f))]));
}

export const readJson = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(file, 'utf8'));

export { runIn, listFiles };

/** The tester's S: a state dir with `agents/main/sessions/{sessions.json,s1.jsonl}` and main's codex home. */
export function mainOnlyGateway(): Gateway {
  const gw = makeGateway('json', { agents: ['main'] });
  const dir = path.join(gw.stateDir, 'agents/main/sessions');
  writeStore(path.join(dir, 'sessions.json'), {
    'agent:main:main': entry(1, { status: 'done', sessionFile: path.join(dir, 's1.jsonl') }),
  });
  fs.writeFileSync(path.join(dir, 's1.jsonl'), '{"type":"session","id":"1"}\n', { mode: 0o600 });
  return gw;
}

/** Another gateway's (or profile's) state dir next to the gateway, with one session of agent main and its transcript. */
export function otherStateDir(gw: Gateway): string {
  const other = path.join(gw.dir, 'other', '.openclaw');
  const dir = path.join(other, 'agents/main/sessions');
  writeStore(path.join(dir, 'sessions.json'), { 'agent:main:other': entry(9, { status: 'done' }) });
  fs.writeFileSync(path.join(dir, `${entry(9).sessionId}.jsonl`), '{"type":"session","id":"9"}\n', { mode: 0o600 });
  return other;
}

export const MAIN_KEYS = ['agent:main:main', 'agent:main:telegram:direct:kept'];

/**
 * The tester's inverted "fix": the real 2026.5.12 CLI made main's shadow; its main sessions (with a
 * transcript) are the operator's data, and `<state>/agents/main/sessions` is a symlink INTO that shadow.
 * A second, ordinary shadow (target's codex home) holds a target-only session.
 */
export async function canonicalLinkedGateway(): Promise<Gateway> {
  const gw = makeGateway('json', { agents: ['main', 'target'] });
  const made = await runIn(gw.dir, gw.realBin, ['sessions', 'cleanup', '--enforce', '--json'], gw.isolatedEnv());
  if (made.exitCode !== 0) throw new Error(`real CLI failed: ${made.stderr}`);
  const shadowSessions = path.join(shadowOf(gw), 'agents/main/sessions');
  writeStore(path.join(shadowSessions, 'sessions.json'), {
    [MAIN_KEYS[0]!]: entry(21, { status: 'done' }),
    [MAIN_KEYS[1]!]: entry(22, { status: 'done' }),
  });
  fs.writeFileSync(path.join(shadowSessions, `${entry(21).sessionId}.jsonl`), '{"type":"session","id":"21"}\n', {
    mode: 0o600,
  });
  const canonical = path.join(gw.stateDir, 'agents/main/sessions');
  fs.rmSync(canonical, { recursive: true, force: true });
  fs.symlinkSync(shadowSessions, canonical);
  writeStore(
    path.join(gw.stateDir, 'agents/target/agent/codex-home/home/.openclaw/agents/target/sessions/sessions.json'),
    { 'agent:target:from-second': entry(23, { status: 'done' }) },
  );
  return gw;
}

/** `repair --apply --json` with the real CLI the import runs with named (the 2026.8+ repair's usual call). */
export const importApplyArgs = (gw: Gateway): string[] => [
  'repair',
  '--state-dir',
  gw.stateDir,
  '--real-openclaw',
  gw.realBin,
  '--apply',
  '--json',
];

/** A fixed time the SQLite repair tests date their sessions from (ms). */
export const T0 = 1_796_400_000_000;
/** Session id number `n`, in the shape OpenClaw gives them. */
export const sid = (n: number): string => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
/** A transcript of session `n` with one user message: its session header and the message, as JSONL. */
export const transcript = (n: number, text: string): string =>
  `${JSON.stringify({ type: 'session', version: 3, id: sid(n), timestamp: '2026-12-05T08:00:00.000Z', cwd: '/tmp' })}\n${JSON.stringify({ type: 'message', id: `m${n}`, parentId: null, timestamp: '2026-12-05T08:00:01.000Z', message: { role: 'user', content: [{ type: 'text', text }] } })}\n`;
