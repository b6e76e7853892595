// Special files (FIFOs, sockets, devices) by type: recorded in the manifest, never opened (they carry no data; a FIFO would block).
import type fs from 'node:fs';

export type SpecialType = 'fifo' | 'socket' | 'char-device' | 'block-device' | 'unknown';

export interface SpecialFile {
  path: string;
  type: SpecialType;
}

/** Undefined for what a backup copies (dirs, regular files, symlinks). */
export function specialType(stat: fs.Stats): SpecialType | undefined {
  if (stat.isDirectory() || stat.isFile() || stat.isSymbolicLink()) return undefined;
  if (stat.isFIFO()) return 'fifo';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'char-device';
  return stat.isBlockDevice() ? 'block-device' : 'unknown';
}

/** `2 special file(s) (fifo, socket)`, or '' (pure). */
export function describeSpecials(specials: readonly SpecialFile[] | undefined): string {
  if (!specials?.length) return '';
  return `${specials.length} special file(s) (${[...new Set(specials.map((s) => s.type))].join(', ')})`;
}
