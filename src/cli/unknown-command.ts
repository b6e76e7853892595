// Tells an unknown command apart before yargs, which would suggest any command within three edits ("foo" → "log").

/** Edits between two words, a swap of neighbours counting as one (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The one command `word` surely meant: the only one it begins, or a typo (one edit, two for long names); else undefined. */
export function closeCommand(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const prefixed = w.length >= 2 ? names.filter((n) => n.startsWith(w)) : [];
  if (prefixed.length === 1) return prefixed[0];
  const near = names.filter((n) => editDistance(w, n) <= (n.length >= 6 ? 2 : 1));
  return near.length === 1 ? near[0] : undefined;
}

/** The usage message for a first word that names no command, or undefined when it does (or is an option). */
export function unknownCommandMessage(argv: readonly string[], names: readonly string[]): string | undefined {
  const word = argv[0];
  if (word === undefined || word.startsWith('-') || names.includes(word)) return undefined;
  const meant = closeCommand(word, names);
  return `unknown command '${word}'.${meant ? ` Did you mean '${meant}'?` : ''}\nCommands: ${names.join(', ')}. Run 'openclaw-shim --help' for usage.`;
}
