// Whether a state dir holds nothing setup or install wrote: then uninstall needs no real openclaw.
import fs from 'node:fs';
import { shimDirOf } from '../layout/codex-home.ts';
import { discoverCodexHomes } from '../store/discover.ts';
import { launcherDirOf } from './launcher-copy.ts';
import { setupRecordPath } from './record.ts';

/** No setup record, no launcher dir, no shim dir in any codex home (custom agentDirs aside: the record would name them). */
export function nothingInstalled(stateDir: string): boolean {
  if (fs.existsSync(setupRecordPath(stateDir)) || fs.existsSync(launcherDirOf(stateDir))) return false;
  return !discoverCodexHomes(stateDir, []).some((h) => fs.existsSync(shimDirOf(h.path)));
}
