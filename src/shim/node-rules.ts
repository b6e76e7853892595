// Which Node runs the real CLI and how the shim hands over to it: versions, engines ranges, the choice (pure).

/** The oldest Node the shim, the launcher and OpenClaw itself run on. */
export const NODE_FLOOR = '22.12.0';

type Triple = [number, number, number];

/** `v24.1.0`, `24.1`, `24` → [24, 1, 0]; undefined when it is not a version. */
export function parseVersion(text: string): Triple | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

const compare = (a: Triple, b: Triple): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** One comparator of a range (`>=24.16.0`, `<25`, `^22.12`, `22.x`), or undefined if not understood. */
function comparatorHolds(token: string, v: Triple): boolean | undefined {
  const m = /^(>=|<=|>|<|=|\^|~)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/.exec(token);
  if (!m) return undefined;
  const op = m[1] ?? '';
  const parts = [m[2], m[3], m[4]];
  const wild = parts.findIndex((p) => p === undefined || /[xX*]/.test(p));
  const base = parts.map((p) => (p === undefined || /[xX*]/.test(p) ? 0 : Number(p))) as Triple;
  const c = compare(v, base);
  if (op === '>=') return c >= 0;
  if (op === '>') return wild === -1 ? c > 0 : v[0] > base[0] || (wild === 2 && v[0] === base[0] && v[1] > base[1]);
  if (op === '<') return c < 0;
  if (op === '<=')
    return wild === -1 ? c <= 0 : v[0] < base[0] || (v[0] === base[0] && (wild === 1 || v[1] <= base[1]));
  if (op === '^') return c >= 0 && (base[0] > 0 ? v[0] === base[0] : v[1] === base[1]);
  if (op === '~') return c >= 0 && v[0] === base[0] && (wild === 1 || v[1] === base[1]);
  // `22`, `22.x`, `=22.12.0`: the given parts must match.
  const fixed = wild === -1 ? 3 : wild;
  return parts.slice(0, fixed).every((p, i) => Number(p) === v[i]);
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
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(alt);
    const tokens = hyphen
      ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`]
      : alt
          .trim()
          .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
          .split(/\s+/)
          .filter(Boolean);
    if (tokens.length === 0) return true;
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
