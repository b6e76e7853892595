// PATH arithmetic for the launcher: put one directory first, exactly once (pure).
import path from 'node:path';

const norm = (dir: string): string => (dir && path.isAbsolute(dir) ? path.resolve(dir) : dir);

/**
 * `dir` first, then every other entry in its original order. Existing occurrences of `dir`
 * (however spelled: trailing slash, `.` segments) are removed, so a relaunch never grows PATH.
 */
export function prependOnce(pathValue: string | undefined, dir: string): string {
  const target = norm(dir);
  const rest = pathValue === undefined || pathValue === '' ? [] : pathValue.split(path.delimiter);
  return [dir, ...rest.filter((entry) => norm(entry) !== target)].join(path.delimiter);
}
