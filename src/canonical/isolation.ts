// Detects whether the environment points the CLI into an isolated Codex home (pure).
import path from 'node:path';
import { homeVar, pathVar } from './env-value.ts';
import { expandTilde, isWithin, parseCodexHomePath, resolvedPath } from './layout.ts';
import type { Env, Isolation } from './types.ts';

/** Codex homes known from the environment or the capture, resolved. */
export function knownCodexHomes(env: Env, extra: Array<string | undefined> = []): string[] {
  return [env.CODEX_HOME, ...extra].filter((h): h is string => !!h?.trim()).map(resolvedPath);
}

function insideAny(p: string, homes: string[]): string | undefined {
  const shape = parseCodexHomePath(p);
  if (shape) return shape.codexHome;
  return homes.find((h) => isWithin(p, h));
}

/**
 * Which variable (if any) makes the CLI's home or state fall inside a codex home. OPENCLAW_HOME
 * outranks HOME in OpenClaw, so HOME only counts when OPENCLAW_HOME is unset.
 */
export function detectIsolation(env: Env, cwd: string, codexHomes: string[]): Isolation {
  const osHome = homeVar(env.HOME);
  const checks: Array<[Isolation['via'] & string, string | undefined]> = [
    ['OPENCLAW_STATE_DIR', pathVar(env.OPENCLAW_STATE_DIR)],
    ['OPENCLAW_CONFIG_PATH', pathVar(env.OPENCLAW_CONFIG_PATH)],
    homeVar(env.OPENCLAW_HOME) ? ['OPENCLAW_HOME', homeVar(env.OPENCLAW_HOME)] : ['HOME', osHome],
  ];
  const base = describeCodexHome(codexHomes[0]);
  for (const [via, raw] of checks) {
    if (!raw?.trim()) continue;
    const value = path.resolve(cwd, expandTilde(raw.trim(), osHome));
    const codexHome = insideAny(value, codexHomes);
    if (codexHome) return { ...base, ...describeCodexHome(codexHome), isolatedHome: value, via };
  }
  return base;
}

function describeCodexHome(codexHome: string | undefined): Isolation {
  if (!codexHome) return {};
  const shape = parseCodexHomePath(codexHome);
  const out: Isolation = { codexHome: shape?.codexHome ?? codexHome, kind: shape?.kind ?? 'custom' };
  if (shape?.agentId) out.agentId = shape.agentId;
  if (shape?.stateRoot) out.stateRoot = shape.stateRoot;
  return out;
}
