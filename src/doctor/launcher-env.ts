// Where else the launcher can be wired: OPENCLAW_CODEX_APP_SERVER_BIN in doctor's own and in a live gateway's environment.
import fs from 'node:fs';
import path from 'node:path';
import { envFileValue, stateEnvFileOf } from '../setup/env-file.ts';
import type { GatewayLockInfo } from '../canonical/sources.ts';
import type { Env } from '../canonical/types.ts';
import { readProcessEnv } from '../launch/parent-env.ts';

const CODEX_BIN_VAR = 'OPENCLAW_CODEX_APP_SERVER_BIN';

/** One place the variable was found set, in words, with its value. */
export interface EnvCodexBin {
  where: string;
  value: string;
}

/** A process's environment where the OS shows it (Linux /proc), else undefined. */
export type ReadEnv = (pid: number) => Env | undefined;

const readProcEnv: ReadEnv = (pid) => {
  const r = readProcessEnv(pid);
  return r.ok ? r.env : undefined;
};

/** Whether a gateway lock belongs to this state dir: the config it names sits directly in it. */
export const lockIsFor = (lock: GatewayLockInfo, stateDir: string): boolean =>
  path.resolve(path.dirname(lock.configPath)) === path.resolve(stateDir);

/** Live gateways of this state dir (their lock names its config) whose environment is readable. */
function gatewayBins(stateDir: string, locks: GatewayLockInfo[], readEnv: ReadEnv): EnvCodexBin[] {
  const out: EnvCodexBin[] = [];
  for (const l of locks) {
    if (!l.alive || !lockIsFor(l, stateDir)) continue;
    const value = readEnv(l.pid)?.[CODEX_BIN_VAR]?.trim();
    if (value) out.push({ where: `${CODEX_BIN_VAR} of the running gateway (pid ${l.pid})`, value });
  }
  return out;
}

/** `<state>/.env`, OpenClaw's own fallback (setup's env-file route writes it). */
function stateEnvBin(stateDir: string): EnvCodexBin[] {
  const file = stateEnvFileOf(stateDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const value = envFileValue(text)?.trim();
  return value ? [{ where: `${CODEX_BIN_VAR} in ${file}`, value }] : [];
}

export function envCodexBins(
  env: NodeJS.ProcessEnv,
  stateDir: string,
  locks: GatewayLockInfo[],
  readEnv: ReadEnv = readProcEnv,
): EnvCodexBin[] {
  const own = env[CODEX_BIN_VAR]?.trim();
  return [
    ...(own ? [{ where: `${CODEX_BIN_VAR} in this shell`, value: own }] : []),
    ...gatewayBins(stateDir, locks, readEnv),
    ...stateEnvBin(stateDir),
  ];
}
