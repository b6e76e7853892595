// The gateway's own Node, for the capture: the launcher's parent when it is a Node, else the Node running us.
import fs from 'node:fs';
import path from 'node:path';
import type { CapturedNode } from '../canonical/capture.ts';
import { nodeVersion } from './node-path.ts';

const realOr = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
};

/** `file`'s version: free when it is the running Node, else one `node -p` (install and launch only). */
export function nodeInfo(file: string): CapturedNode | undefined {
  if (realOr(file) === realOr(process.execPath)) return { path: file, version: process.versions.node };
  const version = nodeVersion(file);
  return version ? { path: file, version } : undefined;
}

/**
 * The parent's executable from /proc when it is a Node (the gateway starts `codex app-server`, so
 * the launcher's parent is the gateway itself), else the running Node. The shim falls back to it
 * when its own Node does not suit the real CLI.
 */
export function gatewayNode(ppid: number): CapturedNode {
  const own = { path: process.execPath, version: process.versions.node };
  let exe: string;
  try {
    exe = fs.readlinkSync(`/proc/${ppid}/exe`);
  } catch {
    return own;
  }
  if (!/^node(js)?(\d+)?$/.test(path.basename(exe)) || !fs.existsSync(exe)) return own;
  return nodeInfo(exe) ?? own;
}
