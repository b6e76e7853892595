import { readJsonText } from './json-text.ts';
import type { Disagreement, Field } from './types.ts';
import { capturePathOf } from '../layout/codex-home.ts';

export const CAPTURE_SCHEMA = 'openclaw-shim/capture';
export const CAPTURE_VERSION = 1;

export interface Capture {
  schema: typeof CAPTURE_SCHEMA;
  version: number;
  createdAt: string;
  /** What wrote it: `install`, `launch` or `setup`, and the openclaw-shim version. */
  writer: { command: string; version: string };
  stateDir: Field;
  configPath: Field;
  home: Field;
  /** The gateway's OS HOME where it differs from `home` (OPENCLAW_HOME in use). Optional within v1. */
  osHome?: Field;
  /** The real `openclaw` the shim hands over to, if known. */
  realOpenclaw?: Field;
  /** The codex home this capture belongs to. */
  codexHome?: string;
  /** The PATH the gateway launched Codex with (without the shim dir); login shells get it back. Optional within v1. */
  path?: Field;
  /** The gateway's Node (the launcher's parent, else the Node that wrote this): the shim's fallback for the real CLI. */
  node?: CapturedNode;
  /** The real CLI's package.json engines and that file's identity, so a call checks one stat instead of reading it. */
  realPackage?: CapturedPackage;
  disagreements: Disagreement[];
}

/**
 * What install read of the real CLI's package (`src/shim/real-script.ts`): valid for the script at
 * `script` (after links) while no package.json appeared in the `levels` dirs below `file` and `file`
 * still has this identity (ctime changes with any write, chmod or replacement, even when npm resets mtime).
 */
export interface CapturedPackage {
  script: string;
  file: string;
  levels: number;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** Its `engines.node`; absent when it has none. */
  engines?: string;
}

/** Where the capture lives: `$OPENCLAW_SHIM_CAPTURE`, else `$CODEX_HOME/openclaw-shim/capture.json`. */
export function capturePathFor(env: Record<string, string | undefined>): string | undefined {
  if (env.OPENCLAW_SHIM_CAPTURE) return env.OPENCLAW_SHIM_CAPTURE;
  return env.CODEX_HOME ? capturePathOf(env.CODEX_HOME) : undefined;
}

export interface CapturedNode {
  path: string;
  version: string;
}

const isNode = (v: unknown): v is CapturedNode =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as CapturedNode).path === 'string' &&
  typeof (v as CapturedNode).version === 'string';

const NUMBERS = ['levels', 'dev', 'ino', 'size', 'mtimeMs', 'ctimeMs'] as const;
const isPackage = (v: unknown): v is CapturedPackage => {
  const p = v as CapturedPackage;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.script === 'string' &&
    typeof p.file === 'string' &&
    NUMBERS.every((k) => typeof p[k] === 'number') &&
    (p.engines === undefined || typeof p.engines === 'string')
  );
};

export type CaptureRead = { ok: true; capture: Capture } | { ok: false; reason: string };

const isField = (v: unknown): v is Field =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Field).value === 'string' &&
  typeof (v as Field).source === 'string';

/** Validates parsed JSON as a capture; never throws. */
export function parseCapture(text: string): CaptureRead {
  const json = readJsonText(text);
  if (!json.ok) return json;
  const data = json.data;
  const c = data as Partial<Capture>;
  if (c?.schema !== CAPTURE_SCHEMA) return { ok: false, reason: 'not an openclaw-shim capture' };
  if (typeof c.version !== 'number' || c.version > CAPTURE_VERSION) {
    return {
      ok: false,
      reason: `capture version ${String(c.version)} is newer than this shim understands (${CAPTURE_VERSION})`,
    };
  }
  if (!isField(c.stateDir) || !isField(c.configPath) || !isField(c.home)) {
    return { ok: false, reason: 'capture lacks stateDir, configPath or home' };
  }
  if (c.osHome !== undefined && !isField(c.osHome)) return { ok: false, reason: 'capture osHome is malformed' };
  if (c.realOpenclaw !== undefined && !isField(c.realOpenclaw))
    return { ok: false, reason: 'capture realOpenclaw is malformed' };
  if (c.path !== undefined && !isField(c.path)) return { ok: false, reason: 'capture path is malformed' };
  // An unreadable `node` only loses a fallback: drop it rather than the whole capture.
  if (c.node !== undefined && !isNode(c.node)) delete c.node;
  // Likewise a malformed package record: the shim reads the package.json instead.
  if (c.realPackage !== undefined && !isPackage(c.realPackage)) delete c.realPackage;
  return {
    ok: true,
    capture: { ...c, disagreements: Array.isArray(c.disagreements) ? c.disagreements : [] } as Capture,
  };
}
