#!/usr/bin/env node
// Thin entry: the management CLI lives in dist/cli.mjs (built by `npm run build`).
import '../dist/cli.mjs';
