// Quotes words for a POSIX shell, so every fix command printed can be pasted as it is.

/** One word, quoted only when it needs it. */
export function shq(word: string): string {
  return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export const cmd = (...words: string[]): string => words.map(shq).join(' ');

/** Turns a symlink into a real copy of what it points at (the command, for the operator to run). */
export function replaceLinkWithCopy(link: string, linkTarget: string, isDir: boolean): string {
  const copy = `${link}.openclaw-shim-copy`;
  return isDir
    ? `${cmd('cp', '-a', linkTarget, copy)} && ${cmd('rm', link)} && ${cmd('mv', '-T', copy, link)}`
    : `${cmd('cp', '-a', linkTarget, copy)} && ${cmd('mv', '-fT', copy, link)}`;
}
