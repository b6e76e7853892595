// The environment that preloads test/helpers/repair-faults.mjs into a CLI run and names the fault it injects at a repair step.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const FAULT_MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'repair-faults.mjs');

/** `kill@backup`, `int@survey`, `kill@#12`, `fill@merge:record:main` … (see repair-faults.mjs). */
export function faultAt(spec: string, extra: Record<string, string> = {}): Record<string, string> {
  return { NODE_OPTIONS: `--import=${pathToFileURL(FAULT_MODULE).href}`, OCSHIM_TEST_FAULT: spec, ...extra };
}
