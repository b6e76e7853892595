#!/usr/bin/env node
// Thin entry: checks the Node floor, then loads the management CLI from dist/cli.mjs (`npm run build`).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`openclaw-shim: needs Node >= 22.12 (OpenClaw's own floor); this is ${process.version}\n`);
  process.exit(71);
}
await import('../dist/cli.mjs');
