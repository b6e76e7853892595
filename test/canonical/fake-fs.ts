// An in-memory FsProbe for pure resolution tests: files listed, directories implied by their paths.
import path from 'node:path';
import { CAPTURE_SCHEMA, CAPTURE_VERSION, parseCapture, type Capture } from '../../src/canonical/capture.ts';
import type { FsProbe } from '../../src/canonical/types.ts';

export function fakeFs(entries: { files?: string[]; dirs?: string[] }): FsProbe {
  const files = new Set((entries.files ?? []).map((f) => path.resolve(f)));
  const all = [...files, ...(entries.dirs ?? []).map((d) => path.resolve(d))];
  const dirs = new Set<string>();
  for (const p of all) for (let d = files.has(p) ? path.dirname(p) : p; d !== '/'; d = path.dirname(d)) dirs.add(d);
  const list = (p: string): string[] => {
    const dir = path.resolve(p);
    return [...new Set([...dirs, ...files].filter((x) => path.dirname(x) === dir).map((x) => path.basename(x)))];
  };
  return { isDir: (p) => dirs.has(path.resolve(p)), isFile: (p) => files.has(path.resolve(p)), list };
}

/** A parsed capture as the gather step would hand it to resolution. */
export function captureInput(
  file: string,
  fields: { stateDir: string; configPath?: string; home?: string; codexHome?: string },
) {
  const capture: Capture = {
    schema: CAPTURE_SCHEMA,
    version: CAPTURE_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    writer: { command: 'install', version: 'test' },
    stateDir: { value: fields.stateDir, source: 'explicit-flag', detail: '--state-dir' },
    configPath: {
      value: fields.configPath ?? path.join(fields.stateDir, 'openclaw.json'),
      source: 'derived',
      detail: 'test',
    },
    home: { value: fields.home ?? path.dirname(fields.stateDir), source: 'derived', detail: 'test' },
    ...(fields.codexHome ? { codexHome: fields.codexHome } : {}),
    disagreements: [],
  };
  return { path: file, read: parseCapture(JSON.stringify(capture)) };
}
