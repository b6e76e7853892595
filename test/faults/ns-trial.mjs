// One full-disk or read-only-remount trial, run as root inside `unshare -m --propagation private`: a small tmpfs holds the
// state; the fault hits at a repair step; then the cause is removed and repair re-run. Prints one JSON line of results.
// argv: <mount dir> <fill|ro> <step> <node> <cli.mjs> <fault module file> <PATH>
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AGENTS, baseline, buildState, cliEnv, problems } from './fault-state.mjs';

const [mnt, action, step, node, cli, faultModule, PATH] = process.argv.slice(2);
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'tmpfs', mnt]);
const s = buildState(mnt);
const base = baseline(s);
const run = (extra) => {
  const r = spawnSync(node, [cli, 'repair', '--state-dir', s.stateDir, '--apply', '--json'], {
    cwd: '/',
    env: cliEnv(s, { PATH, ...extra }),
    encoding: 'utf8',
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
};
const faulted = run({
  NODE_OPTIONS: `--import=${pathToFileURL(faultModule).href}`,
  OCSHIM_TEST_FAULT: `${action}@${step}`,
  OCSHIM_TEST_FAULT_DIR: mnt,
});
const afterFault = problems(s, base);
// The store as OpenClaw would read it now: it must parse (a cut store reads as empty and loses every session).
const parseable = AGENTS.every((a) => {
  try {
    JSON.parse(fs.readFileSync(path.join(s.stateDir, 'agents', a, 'sessions', 'sessions.json'), 'utf8'));
    return true;
  } catch {
    return false;
  }
});
if (action === 'fill') fs.rmSync(path.join(mnt, '.filler'), { force: true });
else execFileSync('mount', ['-o', 'remount,rw', mnt]);
const reruns = [];
for (let i = 0; i < 3; i += 1) {
  // Locks a failed write left by a dead process would be taken over by OpenClaw's protocol after 30 s: age them.
  for (const a of AGENTS) {
    const lock = path.join(s.stateDir, 'agents', a, 'sessions', 'sessions.json.lock');
    if (fs.existsSync(lock)) fs.writeFileSync(lock, JSON.stringify({ pid: 999999, startedAt: Date.now() - 60_000 }));
  }
  const r = run({});
  reruns.push({ code: r.code, stderr: r.stderr.trim().split('\n').slice(-2).join(' | ') });
  if (r.code === 0 && JSON.parse(r.stdout).nothingToDo) break;
}
const afterResume = problems(s, base, { complete: true });
process.stdout.write(
  `${JSON.stringify({ faulted: { code: faulted.code, signal: faulted.signal, stderr: faulted.stderr }, parseable, afterFault, afterResume, reruns })}\n`,
);
