// Temp files a killed openclaw-shim left in canonical sessions dirs (ours by name, their writer gone): safe to delete; the next merge does.
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from '../lib/process-identity.ts';
import { ourTempPid } from '../lib/atomic-write.ts';
import { cmd } from '../lib/shell-words.ts';
import { agentIdsOnDisk } from '../store/discover.ts';
import type { Ctx, Finding } from './findings.ts';

export function checkStaleTemps(ctx: Ctx): Finding[] {
  const found: string[] = [];
  for (const agent of agentIdsOnDisk(ctx.stateDir)) {
    const dir = path.join(ctx.stateDir, 'agents', agent, 'sessions');
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const pid = ourTempPid(n);
      if (pid !== undefined && !isAlive(pid)) found.push(path.join(dir, n));
    }
  }
  if (found.length === 0) return [];
  return [
    {
      code: 'STALE_TEMP_FILES',
      severity: 'info',
      message: `${found.length} temp file(s) an interrupted openclaw-shim write left in canonical sessions dirs (${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}); they hold no committed data (the store was renamed into place only when whole). The next repair --apply removes them under the store lock.`,
      fix: cmd('rm', '-f', '--', ...found),
      path: path.dirname(found[0]!),
    },
  ];
}
