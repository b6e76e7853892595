// Collects the demo's claims: each one printed with a mark, failures counted for the exit code.
import type { Output } from '../lib/output.ts';

export class Claims {
  failed = 0;

  constructor(private readonly out: Output) {}

  /** Prints `✓ text` when `ok`, else `✗ text` and what was seen instead. */
  check(ok: boolean, text: string, seen?: unknown): boolean {
    if (ok) this.out.line(`  ${this.out.style.green('✓')} ${text}`);
    else {
      this.failed += 1;
      this.out.line(
        `  ${this.out.style.red('✗')} ${text}${seen === undefined ? '' : ` (saw: ${typeof seen === 'string' ? seen : JSON.stringify(seen)})`}`,
      );
    }
    return ok;
  }
}

/** Parses the first JSON object in a command's stdout (OpenClaw may print notices around it). */
export function firstJson<T = Record<string, unknown>>(text: string): T | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1)) as T;
  } catch {
    return undefined;
  }
}
