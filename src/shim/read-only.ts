// Fails a state-writing command fast where the state dir is read-only (Codex's workspace-write sandbox).
import fs from 'node:fs';
import type { Env } from '../canonical/types.ts';
import { writableRootsFix } from '../lib/writable-roots-fix.ts';
import { readRegularFile } from '../lib/read-regular.ts';

/** Why `dir` cannot be written (EROFS, EACCES, EPERM), or undefined when it can or does not exist yet. */
export function unwritable(dir: string): string | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EROFS' || code === 'EACCES' || code === 'EPERM' ? code : undefined;
  }
}

/** Codex 0.169 marks a sandboxed tool call only with CODEX_SANDBOX_NETWORK_DISABLED=1 (no mode name). */
function sandboxName(env: Env): string {
  const profile = env.CODEX_PERMISSION_PROFILE?.trim() || env.CODEX_SANDBOX?.trim();
  if (profile) return `the Codex sandbox (${profile})`;
  return env.CODEX_SANDBOX_NETWORK_DISABLED === '1' || env.CODEX_THREAD_ID ? 'the Codex sandbox' : 'this environment';
}

/** The one stderr line (pure): the command, the sandbox, the state dir, the fix for config.toml as it reads now. */
export function readOnlyMessage(command: string, stateDir: string, why: string, env: Env, configText?: string): string {
  const configToml = env.CODEX_HOME ? `${env.CODEX_HOME.replace(/\/+$/, '')}/config.toml` : '$CODEX_HOME/config.toml';
  return (
    `openclaw-shim: \`openclaw ${command}\` writes OpenClaw state, but the state dir ${stateDir} is read-only in ${sandboxName(env)} (${why}); ` +
    `not started. Fix (sandbox workspace-write): ${writableRootsFix(configToml, configText, stateDir)}\n`
  );
}

/** The codex home's config.toml text, read only on the refusal path; undefined when absent or unreadable. */
export function codexConfigText(env: Env): string | undefined {
  if (!env.CODEX_HOME) return undefined;
  try {
    return readRegularFile(`${env.CODEX_HOME.replace(/\/+$/, '')}/config.toml`);
  } catch {
    return undefined;
  }
}
