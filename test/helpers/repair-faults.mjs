// Preloaded into openclaw-shim by fault tests (NODE_OPTIONS=--import): acts on repair's step events (node:diagnostics_channel).
// OCSHIM_TEST_FAULT=<action>@<where>: where is a step name (`backup`, `merge:main`, …) or `#N` (the Nth step event of any kind);
// action is kill (SIGKILL), int (SIGINT), term (SIGTERM), int2 (SIGINT twice), fill (fill OCSHIM_TEST_FAULT_DIR until ENOSPC),
// ro (remount OCSHIM_TEST_FAULT_DIR read-only: root in a private mount namespace).
// `chunk:N` is the Nth 1 MiB chunk any copy wrote (the `openclaw-shim:copy` channel); int2 there sends both signals
// while the copy is under way (its handlers run at the copy's next yield: the second finds the first one noted).
// OCSHIM_TEST_SLOW_COPY_MS=<ms>: every copied chunk takes that much longer (a fake-slow disk, blocking like one).
// OCSHIM_TEST_TRACE=<file>: appends every step's name to that file (how many events a run has, for random points).
// Read only here: the product knows nothing of these variables.
import diagnostics_channel from 'node:diagnostics_channel';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const spec = process.env.OCSHIM_TEST_FAULT ?? '';
const trace = process.env.OCSHIM_TEST_TRACE;
const dir = process.env.OCSHIM_TEST_FAULT_DIR;
const [action, where] = spec.split('@');
const slowMs = Number(process.env.OCSHIM_TEST_SLOW_COPY_MS ?? 0);
let seen = 0;
let chunks = 0;
let fired = false;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function fill(target) {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const fd = fs.openSync(path.join(target, '.filler'), 'a');
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch {
    // ENOSPC: full; small writes may still fit in a partial block, so fill those too.
    try {
      for (;;) fs.writeSync(fd, chunk.subarray(0, 512));
    } catch {
      /* full */
    }
  } finally {
    fs.closeSync(fd);
  }
}

function act() {
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  else if (action === 'int') process.kill(process.pid, 'SIGINT');
  else if (action === 'term') process.kill(process.pid, 'SIGTERM');
  else if (action === 'int2' && (where.startsWith('chunk:') || where.startsWith('import:started:'))) {
    // Both delivered now, 20 ms apart: neither handler has run yet when the second comes (at import:started,
    // OpenClaw's importer is still running when the second comes).
    process.kill(process.pid, 'SIGINT');
    sleep(20);
    process.kill(process.pid, 'SIGINT');
    sleep(20);
  } else if (action === 'int2') {
    process.kill(process.pid, 'SIGINT');
    setTimeout(() => process.kill(process.pid, 'SIGINT'), 50).unref();
  } else if (action === 'fill') fill(dir);
  else if (action === 'ro') execFileSync('mount', ['-o', 'remount,ro', dir]);
}

diagnostics_channel.subscribe('openclaw-shim:repair', (message) => {
  const step = message.step;
  seen += 1;
  if (trace) fs.appendFileSync(trace, `${step}\n`);
  if (fired || !action) return;
  if (where === step || where === `#${seen}`) {
    fired = true;
    act();
  }
});

diagnostics_channel.subscribe('openclaw-shim:copy', () => {
  chunks += 1;
  if (slowMs > 0) sleep(slowMs);
  if (fired || !action || where !== `chunk:${chunks}`) return;
  fired = true;
  act();
});
