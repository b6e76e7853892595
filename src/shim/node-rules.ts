// Which Node runs the real CLI and how the shim hands over to it: versions, engines ranges, the choice (pure).

/** The oldest Node the shim, the launcher and OpenClaw itself run on. */
export const NODE_FLOOR = '22.12.0';

type Triple = [number, number, number];

// Scanned by hand, not with regular expressions: V8 compiles each regex on its first use in a process
// (the code cache does not keep them), which cost a tool call about 0.4 ms here (docs/benchmarks.md).
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** The end of the digits starting at `i` (`i` itself when there are none). */
function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j += 1;
  return j;
}
/** ASCII whitespace, as `\s` matches it in an engines range. */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
/** Whitespace-separated words. */
function wordsOf(s: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i += 1) {
    const space = i === s.length || isSpace(s.charCodeAt(i));
    if (space && start >= 0) {
      words.push(s.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return words;
}

/** `v24.1.0`, `24.1`, `24` (anything may follow) → [24, 1, 0]; undefined when it is not a version. */
export function parseVersion(text: string): Triple | undefined {
  const s = text.trimStart();
  const from = s.startsWith('v') ? 1 : 0;
  let end = digitsEnd(s, from);
  if (end === from) return undefined;
  const out: Triple = [Number(s.slice(from, end)), 0, 0];
  for (const k of [1, 2] as const) {
    const next = digitsEnd(s, end + 1);
    if (s[end] !== '.' || next === end + 1) break;
    out[k] = Number(s.slice(end + 1, next));
    end = next;
  }
  return out;
}

const compare = (a: Triple, b: Triple): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const OPERATORS = ['>=', '<=', '>', '<', '=', '^', '~'] as const;
const isWild = (part: string | undefined): boolean =>
  part === undefined || part === 'x' || part === 'X' || part === '*';

/** `>=24.16.0`, `^22.12`, `22.x` → its operator and up to three parts (digits or x/X/*); undefined if not that. */
function comparatorOf(token: string): { op: string; parts: Array<string | undefined> } | undefined {
  const op = OPERATORS.find((o) => token.startsWith(o)) ?? '';
  let rest = token.slice(op.length);
  if (rest.startsWith('v')) rest = rest.slice(1);
  const parts = rest.split('.');
  if (parts.length > 3) return undefined;
  for (const part of parts) {
    if (part === '' || !(isWild(part) || digitsEnd(part, 0) === part.length)) return undefined;
  }
  return { op, parts: [parts[0], parts[1], parts[2]] };
}

/** One comparator of a range (`>=24.16.0`, `<25`, `^22.12`, `22.x`), or undefined if not understood. */
function comparatorHolds(token: string, v: Triple): boolean | undefined {
  const comparator = comparatorOf(token);
  if (!comparator) return undefined;
  const { op, parts } = comparator;
  const wild = parts.findIndex(isWild);
  const base = parts.map((p) => (isWild(p) ? 0 : Number(p))) as Triple;
  const c = compare(v, base);
  if (op === '>=') return c >= 0;
  if (op === '>') return wild === -1 ? c > 0 : v[0] > base[0] || (wild === 2 && v[0] === base[0] && v[1] > base[1]);
  if (op === '<') return c < 0;
  if (op === '<=') {
    if (wild === 0) return true; // `<=*`: any version
    return wild === -1 ? c <= 0 : v[0] < base[0] || (v[0] === base[0] && (wild === 1 || v[1] <= base[1]));
  }
  if (op === '^') return c >= 0 && (base[0] > 0 ? v[0] === base[0] : v[1] === base[1]);
  if (op === '~') return c >= 0 && v[0] === base[0] && (wild === 1 || v[1] === base[1]);
  // `22`, `22.x`, `=22.12.0`: the given parts must match.
  const fixed = wild === -1 ? 3 : wild;
  return parts.slice(0, fixed).every((p, i) => Number(p) === v[i]);
}

/**
 * One `||` alternative's comparators: `a - b` as `>=a <=b`; an operator apart from its version (`>= 22`)
 * joined. Undefined when it cannot be read (a `-` anywhere else: `1 - 2 - 3`, `- 24`, `22 -`).
 */
function tokensOf(alt: string): string[] | undefined {
  const words = wordsOf(alt);
  if (words.length === 3 && words[1] === '-') return [`>=${words[0]}`, `<=${words[2]}`];
  if (words.includes('-')) return undefined;
  const tokens: string[] = [];
  for (const word of words) {
    const last = tokens[tokens.length - 1];
    if (last !== undefined && '><=^~'.includes(last[last.length - 1]!)) tokens[tokens.length - 1] = last + word;
    else tokens.push(word);
  }
  return tokens;
}

/**
 * Whether `version` satisfies a package.json `engines.node` range (`||` of space-separated
 * comparators; `a - b` hyphen ranges too). A range it cannot read counts as satisfied: the real
 * CLI checks its own engines and says so better than a guess here would.
 */
export function satisfies(version: string, range: string | undefined): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  if (!range?.trim()) return true;
  return range.split('||').some((alt) => {
    const tokens = tokensOf(alt);
    if (tokens === undefined || tokens.length === 0) return true;
    return tokens.every((t) => comparatorHolds(t, v) ?? true);
  });
}

/** At least the floor and inside the real CLI's engines. */
export const suitable = (version: string, engines: string | undefined): boolean =>
  satisfies(version, `>=${NODE_FLOOR}`) && satisfies(version, engines);

export interface NodeInfo {
  path: string;
  version: string;
}

/** What the shim knows about the real CLI: a Node script (by its `#!`) with its engines, or anything else. */
export type ScriptKind = { kind: 'node'; engines?: string } | { kind: 'other'; why: string };

export interface RunnerInput {
  script: ScriptKind;
  /** The Node running the shim. */
  own: NodeInfo;
  /** The gateway's Node from the capture, if recorded. */
  gateway?: NodeInfo;
  /** Whether the gateway's recorded Node still exists. */
  gatewayExists?: boolean;
  /** `OPENCLAW_SHIM_FORCE_EXEC=1`: never run in process. */
  forceExec: boolean;
  /** Whether this Node can load a module as the main entry (`module.runMain`). */
  canRunMain: boolean;
}

/** How to start the real CLI, which Node (if any) and why, for the redirect log. */
export type Runner =
  | { how: 'in-process'; node: NodeInfo; why: string }
  | { how: 'exec-node'; node: NodeInfo; why: string }
  | { how: 'exec'; why: string }
  | { how: 'no-node'; why: string };

/**
 * A Node script runs on the shim's own Node when that Node suits its engines: in this process
 * unless forced (or impossible), else by exec of that Node with the script, so the `node` its
 * `#!/usr/bin/env node` would find on the child PATH (maybe an old /usr/bin/node) never matters.
 * When the own Node does not suit, the gateway's recorded Node is next; `no-node` lets the caller
 * try the Node on PATH before giving up. Anything else is exec'd as it is.
 */
export function chooseRunner(input: RunnerInput): Runner {
  const { script, own, gateway } = input;
  if (script.kind === 'other') return { how: 'exec', why: script.why };
  const wants = script.engines ? `engines "${script.engines}"` : `Node >= ${NODE_FLOOR}`;
  if (suitable(own.version, script.engines)) {
    if (input.forceExec)
      return {
        how: 'exec-node',
        node: own,
        why: `the shim's Node v${own.version} suits ${wants}; OPENCLAW_SHIM_FORCE_EXEC=1`,
      };
    if (!input.canRunMain)
      return {
        how: 'exec-node',
        node: own,
        why: `the shim's Node v${own.version} suits ${wants} but cannot load a main module in process`,
      };
    return { how: 'in-process', node: own, why: `the shim's Node v${own.version} suits ${wants}` };
  }
  if (gateway && input.gatewayExists && suitable(gateway.version, script.engines)) {
    return {
      how: 'exec-node',
      node: gateway,
      why: `the shim's Node v${own.version} does not suit ${wants}; the gateway's Node v${gateway.version} does`,
    };
  }
  const gw = gateway
    ? `, nor the gateway's ${gateway.path} (v${gateway.version}${input.gatewayExists ? '' : ', missing'})`
    : '';
  return { how: 'no-node', why: `neither the shim's Node v${own.version}${gw} suits ${wants}` };
}
