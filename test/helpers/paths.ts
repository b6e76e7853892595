// Where the built programs are, and the Node the tests run them with.
import path from 'node:path';
import { packageRoot } from '../../src/lib/package-files.ts';

export const ROOT = packageRoot();
export const DIST = path.join(ROOT, 'dist');
export const SHIM_JS = path.join(DIST, 'shim.mjs');
export const LAUNCH_JS = path.join(DIST, 'launch.mjs');
export const CLI_JS = path.join(DIST, 'cli.mjs');
/** The Node running the tests (Node 24 from the `node` devDependency under npm test). */
export const NODE = process.execPath;
export const NODE_DIR = path.dirname(NODE);
/** A PATH with only this Node and the basic system tools, so nothing else named openclaw leaks in. */
export const BASE_PATH = [NODE_DIR, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter);
