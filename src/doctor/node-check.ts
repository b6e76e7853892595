// Doctor: the Node each shim and the setup-made launcher copy will run on: missing or too old, with the fix.
import fs from 'node:fs';
import path from 'node:path';
import { nodeVersion } from '../install/node-path.ts';
import { shimPathOf } from '../layout/codex-home.ts';
import { cmd } from '../lib/shell-words.ts';
import { launcherBinOf, launcherDirOf } from '../setup/launcher-copy.ts';
import { NODE_FLOOR, satisfies } from '../shim/node-rules.ts';
import type { CodexHomeRef } from '../store/discover.ts';
import type { Ctx, Finding } from './findings.ts';
import type { StoreReads } from './store-cache.ts';
import { readRegularHead } from '../lib/read-regular.ts';

/** What the first lines of a generated file say about its interpreter. */
export type Interpreter = { kind: 'shebang'; node: string } | { kind: 'prelude'; nodes: string[] } | { kind: 'other' };

/** `#!/abs/node` (before the sh prelude) or the prelude's `for n in '…' '…'` list. */
export function interpreterOf(head: string): Interpreter {
  const [first = '', second = ''] = head.split('\n', 2);
  if (first === '#!/bin/sh' && second.startsWith("':' //;")) {
    const list = /for n in (.*?); do/.exec(second)?.[1] ?? '';
    const nodes = [...list.matchAll(/'((?:[^']|'\\'')*)'/g)].map((m) => m[1]!.replace(/'\\''/g, "'"));
    return { kind: 'prelude', nodes };
  }
  const shebang = /^#!\s*(\/\S+)\s*$/.exec(first);
  if (shebang && /\/node(js)?[^/]*$/.test(shebang[1]!)) return { kind: 'shebang', node: shebang[1]! };
  return { kind: 'other' };
}

export interface NodeProbe {
  /** The version of an executable Node file, or undefined when missing / not runnable. */
  version(file: string): string | undefined;
  /** Whether the file is there and executable (what the prelude tests before it execs it); absent: never. */
  executable?(file: string): boolean;
  /** `node` on doctor's own PATH (the tool call's may differ). */
  onPath(): string | undefined;
}

const tooOld = (v: string): boolean => !satisfies(v, `>=${NODE_FLOOR}`);

/**
 * Why this file will not start, or will start only on a Node the operator did not choose (pure over
 * the probe). A prelude tries its recorded Nodes in order, then `node` on PATH: the first that
 * exists runs the bundle and must be >= 22.12.
 */
export function interpreterProblem(
  interp: Interpreter,
  probe: NodeProbe,
): { severity: 'error' | 'warn'; why: string } | undefined {
  if (interp.kind === 'other') return undefined;
  if (interp.kind === 'shebang') {
    const v = probe.version(interp.node);
    if (v === undefined)
      return {
        severity: 'error',
        why: `its #! names ${interp.node}, which is missing: bash gets 127, and callers that search PATH (Node's spawn, timeout, Python) skip it and run the real CLI unguarded`,
      };
    return tooOld(v)
      ? { severity: 'error', why: `its #! names ${interp.node}, Node v${v}, older than ${NODE_FLOOR}` }
      : undefined;
  }
  for (const n of interp.nodes) {
    const v = probe.version(n);
    // The prelude execs the first recorded Node that is a file and executable, whether or not it runs.
    if (v === undefined && probe.executable?.(n))
      return { severity: 'error', why: `its first existing Node ${n} does not run as a Node: every call fails` };
    if (v === undefined) continue;
    return tooOld(v)
      ? { severity: 'error', why: `its first existing Node ${n} is v${v}, older than ${NODE_FLOOR}: it exits 71` }
      : undefined;
  }
  const recorded = interp.nodes.length
    ? `none of its recorded Nodes exists (${interp.nodes.join(', ')})`
    : 'it records no Node';
  const onPath = probe.onPath();
  const v = onPath ? probe.version(onPath) : undefined;
  if (!onPath || v === undefined)
    return { severity: 'error', why: `${recorded} and there is no node on PATH: it exits 71` };
  if (tooOld(v))
    return {
      severity: 'error',
      why: `${recorded}; node on PATH (${onPath}) is v${v}, older than ${NODE_FLOOR}: it exits 71`,
    };
  return {
    severity: 'warn',
    why: `${recorded}; it falls back to node on PATH (${onPath} here, v${v}), which depends on the caller's PATH`,
  };
}

function readHead(file: string): string | undefined {
  try {
    return readRegularHead(file, 4096);
  } catch {
    return undefined;
  }
}

/**
 * Versions by path, each Node asked once per doctor run; with doctor's cache (`reads`), once per change of the
 * Node file (its identity: dev, inode, size, mtime, ctime), so doctor every minute spawns no Node.
 */
export function systemNodeProbe(env: NodeJS.ProcessEnv = process.env, reads?: StoreReads): NodeProbe {
  const seen = new Map<string, string | undefined>();
  const ask = (file: string): string | undefined =>
    reads ? reads.byFile('node-version', file, () => nodeVersion(file)) : nodeVersion(file);
  return {
    version: (file) => {
      if (!seen.has(file)) seen.set(file, fs.existsSync(file) ? ask(file) : undefined);
      return seen.get(file);
    },
    executable: (file) => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
    onPath: () =>
      (env.PATH ?? '')
        .split(path.delimiter)
        .filter((d) => path.isAbsolute(d))
        .map((d) => path.join(d, 'node'))
        .find((p) => {
          try {
            fs.accessSync(p, fs.constants.X_OK);
            return true;
          } catch {
            return false;
          }
        }),
  };
}

/** NODE_UNUSABLE findings for each codex home's shim and for the launcher copy in the state dir. */
export function checkInterpreters(ctx: Ctx, homes: CodexHomeRef[], probe: NodeProbe = systemNodeProbe()): Finding[] {
  const out: Finding[] = [];
  const fixNode = '<a Node >= 22.12, e.g. $(command -v node)>';
  for (const home of homes) {
    const file = shimPathOf(home.path);
    const head = readHead(file);
    const problem = head === undefined ? undefined : interpreterProblem(interpreterOf(head), probe);
    if (!problem) continue;
    out.push({
      code: 'NODE_UNUSABLE',
      severity: problem.severity,
      message: `the shim ${file}: ${problem.why}`,
      fix: `${cmd('openclaw-shim', 'install', '--codex-home', home.path, '--state-dir', ctx.stateDir)} --node ${fixNode}`,
      path: file,
    });
  }
  const launcher = launcherBinOf(launcherDirOf(ctx.stateDir));
  const head = readHead(launcher);
  const problem = head === undefined ? undefined : interpreterProblem(interpreterOf(head), probe);
  if (problem) {
    out.push({
      code: 'NODE_UNUSABLE',
      severity: problem.severity,
      message: `the launcher ${launcher}: ${problem.why}`,
      fix: `${cmd('openclaw-shim', 'setup', '--state-dir', ctx.stateDir, '--apply')} --node ${fixNode}`,
      path: launcher,
    });
  }
  return out;
}
