// stat/lstat that answer undefined for what cannot be seen, or hand the error code to the caller to report.
import fs from 'node:fs';

export type Seen = { stat: fs.Stats } | { stat: undefined; error?: string };

/** lstat: `{stat}`; missing: `{stat: undefined}`; unreadable (EACCES, ELOOP, ENOTDIR…): `{stat: undefined, error: code}`. */
export function lstatSeen(p: string): Seen {
  try {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    return { stat };
  } catch (error) {
    return { stat: undefined, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

export const lstatOrNone = (p: string): fs.Stats | undefined => lstatSeen(p).stat;

/** stat, or undefined for anything this process cannot see (EACCES, ELOOP, ENOTDIR as well as ENOENT). */
export const statOrNone = (p: string): fs.Stats | undefined => {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};
