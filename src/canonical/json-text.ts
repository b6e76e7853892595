// JSON.parse that answers with a reason instead of throwing, for files that validate what they read.

export type JsonRead = { ok: true; data: unknown } | { ok: false; reason: string };

export function readJsonText(text: string): JsonRead {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not JSON (${jsonSyntaxProblem(error)})` };
  }
}

/**
 * Where JSON.parse failed, without the excerpt of the text V8 puts in its message: a file an agent linked to
 * (/etc/shadow) must not reach a report through a parse error.
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Maximum call stack|too deep/i.test(message)) return 'nested too deep';
  if (/end of JSON input/.test(message)) return 'it ends early';
  const at = /at position (\d+)(?: \(line (\d+) column (\d+)\))?/.exec(message);
  const where = at ? (at[2] ? ` at line ${at[2]} column ${at[3]}` : ` at position ${at[1]}`) : '';
  return `a syntax error${where}`;
}
