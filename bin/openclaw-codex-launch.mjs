#!/usr/bin/env node
// Thin entry: the Codex launcher lives in dist/launch.mjs, one dependency-free file.
import '../dist/launch.mjs';
