// Runs the built CLI on a fault state (own env, no inherited variables) and collects exit code, signal and output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { BASE_PATH, CLI_JS, NODE } from '../helpers/paths.ts';
import { cliEnv } from './fault-state.mjs';

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  s: { root: string; home: string },
  args: string[],
  extra: Record<string, string> = {},
  killAfterMs?: number,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [CLI_JS, ...args], {
      cwd: s.root,
      env: cliEnv(s, { PATH: BASE_PATH, ...extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A killed repair leaves its store locks behind; OpenClaw's protocol takes a dead holder's lock over once it is 30 s old: age them. */
export function ageDeadLocks(files: string[]): void {
  for (const lock of files) {
    try {
      const data = JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number; startedAt: number };
      try {
        process.kill(data.pid, 0);
        continue;
      } catch {
        // dead holder
      }
      fs.writeFileSync(lock, JSON.stringify({ ...data, startedAt: Date.now() - 60_000 }));
      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(lock, old, old);
    } catch {
      // no lock
    }
  }
}
