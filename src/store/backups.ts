// Reads the backups repair leaves in a state dir: newest first, their manifests, an unfinished run.
import fs from 'node:fs';
import path from 'node:path';
import { FILES, backupsRoot, parseManifest, parseRun, type Manifest, type RunFile } from './backup-manifest.ts';
import { readRegularFile } from '../lib/read-regular.ts';

export interface OpenRun {
  dir: string;
  run: RunFile;
  manifest?: Manifest;
}

export function readManifestIn(dir: string): Manifest | undefined {
  try {
    const read = parseManifest(readRegularFile(path.join(dir, FILES.manifest)));
    return read.ok ? read.manifest : undefined;
  } catch {
    return undefined;
  }
}

/** This state dir's backup dirs, newest first (lock files left out); empty when there are none. */
export function backupDirsNewestFirst(stateDir: string): string[] {
  const root = backupsRoot(stateDir);
  try {
    return fs
      .readdirSync(root)
      .filter((n) => !n.endsWith('.lock'))
      .sort()
      .reverse()
      .map((n) => path.join(root, n));
  } catch {
    return [];
  }
}

/** The newest run with a run.json and no done.json: a repair that was killed. */
export function findOpenRun(stateDir: string): OpenRun | undefined {
  for (const dir of backupDirsNewestFirst(stateDir)) {
    if (fs.existsSync(path.join(dir, FILES.done))) continue;
    let run: RunFile | undefined;
    try {
      run = parseRun(readRegularFile(path.join(dir, FILES.run)));
    } catch {
      continue;
    }
    // A run record for another state dir is not this state's unfinished run (planted, or copied here): never resumed.
    if (!run || path.resolve(run.stateDir) !== path.resolve(stateDir)) continue;
    const manifest = readManifestIn(dir);
    return manifest ? { dir, run, manifest } : { dir, run };
  }
  return undefined;
}
