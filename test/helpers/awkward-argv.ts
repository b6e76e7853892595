// Arguments a handover must pass byte for byte: spaces, quotes, Unicode, empties, `--`, globs, newlines, tabs.
export const AWKWARD_ARGV: readonly string[] = [
  'sessions',
  'a b',
  `it's "quoted"`,
  'ünïcødé ✓ 日本',
  '',
  '--',
  '--token=x',
  '$HOME',
  '*',
  'line1\nline2',
  '\t',
];
