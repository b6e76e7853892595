// A gateway wired to a launcher that is gone (its next Codex start fails with spawn ENOENT), and a launcher kept for a gateway's restart (pure over fs).
import fs from 'node:fs';
import { looksLikeLauncher } from '../launch/launcher-record.ts';
import { cmd } from '../lib/shell-words.ts';
import { launcherDirOf } from '../setup/launcher-copy.ts';
import { readRetired, stillAlive } from '../setup/launcher-users.ts';
import type { Ctx, Finding } from './findings.ts';
import type { EnvCodexBin } from './launcher-env.ts';

const exists = (p: string): boolean => fs.existsSync(p);

/**
 * Every place that names a launcher (the config key, OPENCLAW_CODEX_APP_SERVER_BIN in a running gateway's
 * environment, in `<state>/.env`, in this shell) whose file is not there: an error, since OpenClaw then
 * fails every new Codex start. A running gateway's environment counts even when the config was fixed since:
 * the gateway keeps what it started with.
 */
export function checkLauncherGone(
  ctx: Ctx,
  codexCommand: string | undefined,
  envBins: EnvCodexBin[],
  isThere: (p: string) => boolean = exists,
): Finding[] {
  // Only where a gateway runs now: its next Codex start is what fails. A config alone naming a missing launcher
  // (no gateway running) is left to LAUNCHER_NOT_CONFIGURED's wording and setup.
  const running = envBins.filter((b) => /running gateway/.test(b.where));
  if (running.length === 0) return [];
  const named = [
    ...(codexCommand ? [{ where: 'plugins.entries.codex.config.appServer.command', value: codexCommand }] : []),
    ...envBins.filter((b) => !/in this shell/.test(b.where)),
  ];
  return named
    .filter((n) => n.value.startsWith('/') && looksLikeLauncher(n.value) && !isThere(n.value))
    .map((n) => ({
      code: 'LAUNCHER_GONE' as const,
      severity: 'error' as const,
      message: `${n.where} names the launcher ${n.value}, which is gone: the gateway's next Codex start fails (spawn … ENOENT). Put it back with setup, or remove that wiring and restart the gateway.`,
      fix: cmd('openclaw-shim', 'setup', '--state-dir', ctx.stateDir, '--apply'),
      path: n.value,
    }));
}

/** A launcher copy uninstall kept for a running gateway: info while that gateway lives, then a reminder to remove it. */
export function checkRetiredLauncher(ctx: Ctx, alive = stillAlive): Finding[] {
  const dir = launcherDirOf(ctx.stateDir);
  const retired = readRetired(dir);
  if (!retired) return [];
  const users = alive(retired.users);
  const fix = cmd('openclaw-shim', 'uninstall', '--state-dir', ctx.stateDir, '--apply');
  return [
    users.length
      ? {
          code: 'LAUNCHER_RETIRED',
          severity: 'info',
          message: `uninstall kept the launcher in ${dir} for the gateway that still uses it (pid ${users.map((u) => u.pid).join(', ')}); restart that gateway, then uninstall removes it.`,
          fix,
          path: dir,
        }
      : {
          code: 'LAUNCHER_RETIRED',
          severity: 'warn',
          message: `uninstall kept the launcher in ${dir} for a gateway that has since stopped; nothing uses it now: remove it.`,
          fix,
          path: dir,
        },
  ];
}
