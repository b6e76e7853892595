// `openclaw-shim log`: the redirect history, newest last; --follow streams new records.
import fs from 'node:fs';
import path from 'node:path';
import { readAsOwnerOf } from '../../lib/read-as-owner.ts';
import { resolveHere } from '../../canonical/gather.ts';
import { shellPaths } from '../../store/target.ts';
import type { Resolution } from '../../canonical/types.ts';
import { refuseUnreachable } from '../../lib/unreachable.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { followRecords, formatRecord, privateLogDirOk, readRecords } from '../../log/read-log.ts';
import { logTargets, tmpLogFile } from '../../shim/log.ts';
import { createOutput } from '../../lib/output.ts';
import { readConfigFacts } from '../../store/config.ts';
import { discoverCodexHomes } from '../../store/discover.ts';
import { faultExit } from '../../lib/fault.ts';
import { openRegular } from '../../lib/read-regular.ts';
import { jsonOption, pathFlagOptions, toExplicit, defineCommand, type PathFlags } from './types.ts';

interface Args extends PathFlags {
  file?: string;
  limit: number;
  follow: boolean;
  json: boolean;
}

export const logCommand = defineCommand<Args>({
  command: 'log',
  describe: 'Show the redirect log (one record per shim invocation)',
  builder: (y) =>
    y
      .option('file', { type: 'string', describe: 'Log file (default: <state>/logs/openclaw-shim.jsonl)' })
      .options(pathFlagOptions)
      .option('limit', { type: 'number', default: 20, describe: 'How many of the newest records' })
      .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'Keep printing new records' })
      .options(jsonOption),
  handler: async (a: Args) => {
    if (!Number.isInteger(a.limit) || a.limit < 1)
      throw new ExitError(EXIT.USAGE, '--limit takes a whole number above 0');
    const out = createOutput({ json: a.json });
    // Root reads another user's log as them: the log (or a rotation) may be a link an agent planted.
    const named = [
      a.file && path.dirname(path.resolve(a.file)),
      a['state-dir'],
      a['config-path'] && path.dirname(path.resolve(a['config-path'])),
      a.home,
    ];
    if (!readAsOwnerOf(named) && !a.file) readAsOwnerOf([logState(a).state?.stateDir]);
    if (a.file) assertLogFile(a.file);
    const shimFiles = a.file ? [a.file] : shimLogFiles(a);
    // Tool calls in Codex's sandbox could write only the private temp log: their records count too.
    const tmp = a.file ? undefined : tmpLogsOf(a);
    // Another user may have made the temp dir first and forged records there: only the owner's own count.
    const tmpFiles = tmp ? tmp.files.filter((f) => privateLogDirOk(f, tmp.uid)) : [];
    const files = [...shimFiles, ...tmpFiles].filter((f, i, all) => fs.existsSync(f) && all.indexOf(f) === i);
    if (files.length === 0) throw noLogError(shimFiles, tmp?.files ?? []);
    const file = shimFiles[0] ?? files[0]!;
    const ownerOfFile = (f: string): number | undefined =>
      tmp && tmpFiles.includes(f) && !shimFiles.includes(f) ? tmp.uid : undefined;
    const records = files
      .flatMap((f) => readRecords(f, a.limit, ownerOfFile(f)))
      .sort((x, y) => x.time.localeCompare(y.time))
      .slice(-a.limit);
    if (a.file && records.length === 0) assertHoldsNoForeignLines(a.file);
    if (a.json && !a.follow) out.json({ file, files, records });
    else {
      if (files.length > 1 && !a.json) out.line(`records from ${files.join(' and ')}`);
      for (const r of records) out.line(a.json ? JSON.stringify(r) : formatRecord(r));
    }
    if (!a.follow) return;
    await new Promise<void>((resolve) => {
      const stops = files.map((f) => followRecords(f, (r) => out.line(a.json ? JSON.stringify(r) : formatRecord(r))));
      const stop = (): void => stops.forEach((s) => s());
      out.onReaderGone(() => (stop(), resolve()));
      process.once('SIGINT', () => (stop(), resolve()));
      process.once('SIGTERM', () => (stop(), resolve()));
    });
  },
});

/**
 * `--file` names a log that is a regular file (or none yet): a directory, FIFO or device holds no records and
 * would read as an empty log; one this user cannot read is said, not shown as empty.
 */
function assertLogFile(file: string): void {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isFile()) {
    const what = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device';
    throw new ExitError(EXIT.DATA, `--file ${file} is ${what}, not a redirect log; name the .jsonl file itself`);
  }
  try {
    fs.closeSync(openRegular(file));
  } catch (error) {
    throw faultExit(error) ?? new ExitError(EXIT.CANT_READ, `could not read ${file}`, { cause: error });
  }
}

/**
 * A `--file` with no record in it: empty is a log with nothing yet, but text that is not one record (a JSON
 * file, /etc/hostname) is the wrong file, said as such instead of printing nothing with exit 0.
 */
function assertHoldsNoForeignLines(file: string): void {
  let text = '';
  try {
    const fd = openRegular(file);
    try {
      const head = Buffer.alloc(64 * 1024);
      text = head.toString('utf8', 0, fs.readSync(fd, head, 0, head.length, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return; // unreadable is assertLogFile's to say; gone since is an empty log
  }
  if (text.trim())
    throw new ExitError(
      EXIT.DATA,
      `--file ${file} holds no openclaw-shim redirect record: is it the shim's .jsonl log?`,
    );
}

/**
 * The state whose log this is: with no path flag, the one doctor, repair and setup act on from this shell
 * (`$HOME/.openclaw` when it holds state, even where $HOME is not the passwd home), else the named one.
 */
function logState(a: Args): { resolution: Resolution; state?: { stateDir: string; configPath: string; home: string } } {
  const flags = toExplicit(a);
  const { resolution } = resolveHere({ env: process.env, flags });
  const named = flags.stateDir ?? flags.configPath ?? flags.home;
  const c = resolution.canonical;
  const state = named
    ? c && { stateDir: c.stateDir.value, configPath: c.configPath.value, home: c.home.value }
    : shellPaths(process.env, process.cwd());
  return state ? { resolution, state } : { resolution };
}

/** The private temp logs of the state dir's owner, under $TMPDIR and /tmp (tool calls may have had either). */
function tmpLogsOf(a: Args): { uid: number; files: string[] } {
  const stateDir = logState(a).state?.stateDir;
  const owner = stateDir === undefined ? undefined : fs.statSync(stateDir, { throwIfNoEntry: false })?.uid;
  const uid = owner ?? process.getuid?.() ?? 0;
  return { uid, files: [tmpLogFile(process.env, uid), tmpLogFile({}, uid)] };
}

/**
 * Where the shim writes its log for the state found from here, as it writes it (`logTargets`): the override
 * or `<state>/logs/`, then the fallback in this codex home and in every codex home of the state (a tool call
 * whose state dir was read-only left its records there). Empty when neither a state nor a codex home is known.
 */
function shimLogFiles(a: Args): string[] {
  const { resolution, state } = logState(a);
  const named = resolution.candidates.find((c) => c.source === 'explicit-flag');
  if (named && !named.ok && named.stateDir) refuseUnreachable(named.stateDir, 'The state dir');
  if (named && !named.ok)
    throw new ExitError(
      EXIT.NO_INPUT,
      `the state dir you named cannot be used: ${named.reason}; pass --file for a log elsewhere`,
    );
  const stateDir = state?.stateDir;
  const agents = state ? readConfigFacts(state.configPath, state.home, state.stateDir).agents : [];
  const codexHomes = stateDir ? discoverCodexHomes(stateDir, agents).map((h) => h.path) : [];
  const own = logTargets(process.env, stateDir, resolution.isolation.codexHome);
  // The shim's fallback file in each codex home (logTargets' second place when CODEX_HOME is that home).
  const fallbacks = codexHomes.map((h) => logTargets({ CODEX_HOME: h }, undefined)[0]!);
  const tmp = tmpLogFile(process.env);
  return [...new Set([...own, ...fallbacks])].filter((f) => f !== tmp);
}

/** Nothing found: one line saying every place looked at, and what would make it look elsewhere. */
function noLogError(shimFiles: string[], tmpFiles: string[]): ExitError {
  const looked = [...new Set([...shimFiles, ...tmpFiles])].join(', ');
  if (shimFiles.length === 0)
    return new ExitError(
      EXIT.NO_INPUT,
      'cannot tell where the redirect log is: no OpenClaw state or codex home found from here ' +
        `(\`openclaw-shim explain\` shows every source tried), and no private temp log at ${looked}; ` +
        'pass --state-dir or --file',
    );
  return new ExitError(EXIT.NO_INPUT, `no redirect log yet: looked at ${looked}; pass --file for a log elsewhere`);
}
