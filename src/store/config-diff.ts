// Where a shadow's OpenClaw config differs from the canonical one: leaf paths, values shown only where no secret can.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../canonical/layout.ts';
import { parseJson5 } from '../lib/json5.ts';
import { readRegularFile } from '../lib/read-regular.ts';
import { isSecretName, REDACTED } from '../shim/redact.ts';
import { shq } from '../lib/shell-words.ts';

export interface ConfigLeafDiff {
  /** `openclaw config set` path syntax: `agents.defaults.timeoutSeconds`, `agents.list[0].id`. */
  path: string;
  /** The value for display: JSON, `unset`, `{…}`/`[…]` for a container, or `[redacted]` under a secret-looking key. */
  shadow: string;
  canonical: string;
  /** The shadow's value when it is a scalar that may be shown: what `openclaw config set` would take. */
  settable?: string;
}

type Obj = Record<string, unknown>;
const kindOf = (v: unknown): 'object' | 'array' | 'none' | 'leaf' =>
  v === undefined ? 'none' : Array.isArray(v) ? 'array' : typeof v === 'object' && v !== null ? 'object' : 'leaf';

function sameJson(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka !== 'object' && ka !== 'array') return Object.is(a, b);
  const oa = a as Obj;
  const ob = b as Obj;
  const keys = Object.keys(oa);
  return keys.length === Object.keys(ob).length && keys.every((k) => Object.hasOwn(ob, k) && sameJson(oa[k], ob[k]));
}

const segment = (parent: string, key: string | number): string =>
  typeof key === 'number'
    ? `${parent}[${key}]`
    : /^[A-Za-z_$][\w$-]*$/.test(key)
      ? parent
        ? `${parent}.${key}`
        : key
      : `${parent}[${JSON.stringify(key)}]`;

function shown(v: unknown, secret: boolean): string {
  const k = kindOf(v);
  if (k === 'none') return 'unset';
  if (secret) return REDACTED;
  if (k === 'object') return '{…}';
  if (k === 'array') return '[…]';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Every leaf path where two parsed configs differ, in document order; containers are walked, not printed (pure). */
export function configLeafDiffs(shadow: unknown, canonical: unknown, at = '', secret = false): ConfigLeafDiff[] {
  const ks = kindOf(shadow);
  const kc = kindOf(canonical);
  const container = (k: string): boolean => k === 'object' || k === 'array';
  if ((container(ks) || container(kc)) && (ks === kc || ks === 'none' || kc === 'none')) {
    const keys = [...new Set([...Object.keys((shadow ?? {}) as Obj), ...Object.keys((canonical ?? {}) as Obj)])];
    const array = ks === 'array' || kc === 'array';
    return keys.flatMap((k) =>
      configLeafDiffs(
        (shadow as Obj | undefined)?.[k],
        (canonical as Obj | undefined)?.[k],
        segment(at, array ? Number(k) : k),
        secret || (!array && isSecretName(k)),
      ),
    );
  }
  if (sameJson(shadow, canonical)) return [];
  const diff: ConfigLeafDiff = { path: at, shadow: shown(shadow, secret), canonical: shown(canonical, secret) };
  if (ks === 'leaf' && !secret) diff.settable = typeof shadow === 'string' ? shadow : JSON.stringify(shadow);
  return [diff];
}

/** The config OpenClaw would read in a shadow tree: its first existing `openclaw.json` (or legacy name), if any. */
export function shadowConfigPath(shadowTree: string): string | undefined {
  return CONFIG_FILE_NAMES.map((n) => path.join(shadowTree, n)).find(
    (p) => fs.lstatSync(p, { throwIfNoEntry: false })?.isFile() === true,
  );
}

const readConfig = (file: string): unknown => {
  try {
    return parseJson5(readRegularFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
};

export type ConfigComparison =
  | { kind: 'same' }
  | { kind: 'differs'; shadowConfig: string; diffs: ConfigLeafDiff[] }
  | { kind: 'unreadable'; shadowConfig: string; error: string };

/** Compares a shadow tree's config with the canonical one, both parsed as OpenClaw does (JSON5); never throws. */
export function compareShadowConfig(shadowTree: string, canonicalConfig: string): ConfigComparison {
  const shadowConfig = shadowConfigPath(shadowTree);
  if (!shadowConfig) return { kind: 'same' };
  try {
    // `meta` is OpenClaw's own touch stamp; the paths the shadow sets come first, those only the canonical one sets last.
    const diffs = configLeafDiffs(readConfig(shadowConfig), readConfig(canonicalConfig))
      .filter((d) => d.path !== 'meta' && !d.path.startsWith('meta.') && !d.path.startsWith('meta['))
      .sort((a, b) => Number(a.shadow === 'unset') - Number(b.shadow === 'unset'));
    return diffs.length ? { kind: 'differs', shadowConfig, diffs } : { kind: 'same' };
  } catch (error) {
    return { kind: 'unreadable', shadowConfig, error: (error as Error).message };
  }
}

/** `path (shadow → canonical)` for each diff, at most `max` of them (one line, no secret values). */
export function describeDiffs(diffs: ConfigLeafDiff[], max = 8): string {
  const listed = diffs.slice(0, max).map((d) => `${d.path} (${d.shadow} here, ${d.canonical} in the canonical config)`);
  return `${listed.join(', ')}${diffs.length > max ? `, and ${diffs.length - max} more` : ''}`;
}

/** `openclaw config set P V` for each diff the shadow sets to a shown scalar, joined with `&&` (or undefined). */
export function configSetCommands(diffs: ConfigLeafDiff[], configPath: string): string | undefined {
  const sets = diffs.filter((d) => d.settable !== undefined);
  if (!sets.length) return undefined;
  const env = `OPENCLAW_CONFIG_PATH=${shq(configPath)}`;
  return sets.map((d) => `${env} openclaw config set ${shq(d.path)} ${shq(d.settable!)}`).join(' && ');
}
