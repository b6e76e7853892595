// `openclaw-shim log`: the redirect history, newest last; --follow streams new records.
import fs from 'node:fs';
import { resolveHere } from '../../canonical/gather.ts';
import { EXIT, ExitError } from '../../lib/exit.ts';
import { followRecords, formatRecord, readRecords } from '../../log/read-log.ts';
import { logTargets } from '../../shim/log.ts';
import { createOutput } from '../output.ts';
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
    if (!Number.isInteger(a.limit) || a.limit < 1) throw new ExitError(EXIT.USAGE, '--limit takes a whole number above 0');
    const out = createOutput({ json: a.json });
    const file = a.file ?? pickLogFile(a);
    if (!fs.existsSync(file)) throw new ExitError(EXIT.NO_INPUT, `no redirect log at ${file} yet`);
    const records = readRecords(file, a.limit);
    if (a.json && !a.follow) out.json({ file, records });
    else for (const r of records) out.line(a.json ? JSON.stringify(r) : formatRecord(r));
    if (!a.follow) return;
    await new Promise<void>((resolve) => {
      const stop = followRecords(file, (r) => out.line(a.json ? JSON.stringify(r) : formatRecord(r)));
      out.onReaderGone(() => (stop(), resolve()));
      process.once('SIGINT', () => (stop(), resolve()));
      process.once('SIGTERM', () => (stop(), resolve()));
    });
  },
});

function pickLogFile(a: Args): string {
  const { resolution } = resolveHere({ env: process.env, flags: toExplicit(a) });
  const targets = logTargets(process.env, resolution.canonical?.stateDir.value);
  const existing = targets.find((t) => fs.existsSync(t));
  if (existing) return existing;
  if (!targets[0]) throw new ExitError(EXIT.NO_INPUT, 'cannot tell where the redirect log is; pass --state-dir or --file');
  return targets[0];
}
