// The first lines of a generated shim or launcher: valid sh and valid JS, so they run on whichever Node still exists.
import { EXIT } from '../lib/exit.ts';
import { NODE_FLOOR } from '../shim/node-rules.ts';

const EXIT_NO_NODE = EXIT.NODE_TOO_OLD;

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Line 2 of the file, after `#!/bin/sh`. For sh it tries each recorded Node (that still exists),
 * then `node` on PATH, and execs the first with this file; with none it prints one line and exits
 * 71. For JS it is a string and a comment. `#!/bin/sh` always exists, so callers that search PATH
 * with execvp (Node's spawn, timeout, Python) can never skip this file for the next `openclaw` on
 * PATH, as they do when a `#!` names a Node that has gone (ENOENT). A path holding a newline
 * would end the JS comment: such a Node is left out.
 */
export function shLauncherLine(label: string, nodes: readonly string[], fix: string): string {
  const tried = [...new Set(nodes.filter((n) => n.startsWith('/') && !/[\n\r]/.test(n)))];
  const loop = tried.length
    ? `for n in ${tried.map(shQuote).join(' ')}; do [ -f "$n" ] && [ -x "$n" ] && exec "$n" "$0" "$@"; done; `
    : '';
  const dq = (s: string): string => s.replace(/["`$\\]/g, '\\$&');
  const why = `${dq(`${label}: no Node.js to run `)}$0${dq(` (tried ${[...tried, 'node on PATH'].join(', ')}); fix: ${fix}`)}`;
  return `':' //; ${loop}command -v node >/dev/null 2>&1 && exec node "$0" "$@"; printf '%s\\n' "${why}" >&2; exit ${EXIT_NO_NODE}`;
}

/**
 * The JS side's own check, first statement after the directives: a Node found on PATH may be too
 * old for the bundle (which needs process.getBuiltinModule). One line, exit 71, before anything loads.
 */
export function jsVersionGuard(label: string, fix: string): string {
  const [major, minor] = NODE_FLOOR.split('.').map(Number);
  const head = JSON.stringify(`${label}: Node `);
  const tail = JSON.stringify(` is older than ${major}.${minor}; fix: ${fix}\n`);
  return `{const v=process.versions.node.split(".").map(Number);if(v[0]<${major}||v[0]===${major}&&v[1]<${minor}){process.stderr.write(${head}+process.version+" ("+process.execPath+")"+${tail});process.exit(${EXIT_NO_NODE})}}`;
}
