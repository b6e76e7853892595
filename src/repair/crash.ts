// Test hooks: OPENCLAW_SHIM_REPAIR_CRASH_AFTER=backup|copied:<agent>|merge:<agent>|remove kills repair right after that step; OPENCLAW_SHIM_REPAIR_SIGINT_AFTER=survey interrupts it.
export function crashPoint(step: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.OPENCLAW_SHIM_REPAIR_CRASH_AFTER !== step) return;
  // SIGKILL: no finally blocks, no exit handlers; exactly what a power cut or OOM kill leaves.
  process.kill(process.pid, 'SIGKILL');
}

/** Test hook: OPENCLAW_SHIM_REPAIR_SIGINT_AFTER=survey sends this process a SIGINT there, as a Ctrl-C at that moment would. */
export function signalPoint(step: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.OPENCLAW_SHIM_REPAIR_SIGINT_AFTER === step) process.kill(process.pid, 'SIGINT');
}
