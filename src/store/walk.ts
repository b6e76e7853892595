// Walks a directory tree without following symlinks, one entry at a time (no list of the whole tree).
import fs from 'node:fs';
import path from 'node:path';

export interface WalkEntry {
  /** Absolute path. */
  abs: string;
  /** Relative to the root, `/`-separated. */
  rel: string;
  stat: fs.Stats;
}

/** Depth-first; directories are yielded before their contents. Unreadable dirs are reported via onError. */
export function* walkTree(root: string, onError: (abs: string, error: Error) => void = () => {}): Generator<WalkEntry> {
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    const abs = rel ? path.join(root, rel) : root;
    let names: string[];
    try {
      names = fs.readdirSync(abs).sort();
    } catch (error) {
      onError(abs, error as Error);
      continue;
    }
    for (const name of names.reverse()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const childAbs = path.join(root, childRel);
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(childAbs);
      } catch (error) {
        onError(childAbs, error as Error);
        continue;
      }
      yield { abs: childAbs, rel: childRel, stat };
      if (stat.isDirectory()) stack.push(childRel);
    }
  }
}
