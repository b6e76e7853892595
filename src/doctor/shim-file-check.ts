// Doctor: is a codex home's shim file what `install` writes now, an older build's, or broken (fails every call)?
import vm from 'node:vm';
import { isGeneratedShim, shimFileText } from '../install/shim-file.ts';
import { thisBuildsKey } from './code-cache-check.ts';
import { interpreterOf } from './node-check.ts';

export type ShimFileVerdict = { state: 'ok' } | { state: 'foreign' } | { state: 'outdated' | 'damaged'; why: string };

/** The start of every shim install has written since the sh prelude (line 2 begins so): ours even if the marker went. */
const PRELUDE_START = "#!/bin/sh\n':' //;";

/** What V8 says of a script that is valid only as an ES module. */
const MODULE_ONLY = /outside a module|Unexpected token 'export'/;

/** The Nodes the file records: the prelude's list, an old shim's `#!` Node, or none. */
function recordedNodes(text: string): string[] {
  const interp = interpreterOf(text);
  return interp.kind === 'prelude' ? interp.nodes : interp.kind === 'shebang' ? [interp.node] : [];
}

/**
 * Judges a shim file's text against `expected(nodes)`, what install writes now for the Nodes it records
 * (pure). Equal: ok. A prefix of it, or not ending as every build's file ends (a newline), or not parsing
 * as JavaScript: damaged, every call fails (a SyntaxError, or sh running nothing). Empty: damaged (sh runs
 * it as an empty script: every call does nothing and exits 0). Otherwise ours but different: an older or
 * other build, which still runs, unless it carries `key` (this build's, which install wrote into it): then it
 * was changed since install (lines added, bytes edited), which a build cannot tell from damage. A file
 * without our marker or prelude is another program's.
 */
export function judgeShimText(
  text: string,
  expected: (nodes: readonly string[]) => string,
  key?: string,
): ShimFileVerdict {
  if (text.length === 0)
    return { state: 'damaged', why: 'is empty: sh runs it as an empty script, every call does nothing' };
  if (!isGeneratedShim(text) && !text.startsWith(PRELUDE_START)) return { state: 'foreign' };
  const want = expected(recordedNodes(text));
  if (text === want) return { state: 'ok' };
  if (want.startsWith(text))
    return { state: 'damaged', why: `is cut short (${text.length} of the ${want.length} bytes install writes)` };
  if (text.startsWith(want))
    return {
      state: 'damaged',
      why: `has ${text.length - want.length} byte(s) after what install writes: every call runs them`,
    };
  if (!text.endsWith('\n')) return { state: 'damaged', why: 'is cut short (it does not end as a built shim does)' };
  try {
    new vm.Script(text, { filename: 'openclaw-shim' });
  } catch (error) {
    // Builds before the CommonJS-format bundle wrote ESM, which Node runs (it detects module syntax): not damage.
    if (!MODULE_ONLY.test((error as Error).message))
      return { state: 'damaged', why: `does not parse as JavaScript (${(error as Error).message}): every call fails` };
  }
  if (key && text.includes(key))
    return { state: 'damaged', why: "carries this build's key but differs from what install wrote: changed since" };
  return { state: 'outdated', why: 'differs from what this openclaw-shim installs: an older or other build' };
}

/** The verdict on a shim file's text against this build's dist/shim.mjs. */
export const judgeShimFile = (text: string): ShimFileVerdict =>
  judgeShimText(text, (nodes) => shimFileText(nodes), thisBuildsKey());
