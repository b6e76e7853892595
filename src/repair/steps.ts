// Publishes each step of repair and undo on the `openclaw-shim:repair` diagnostics channel: progress for anyone who listens (fault-injection tests do).
import diagnostics_channel from 'node:diagnostics_channel';

export const STEP_CHANNEL = 'openclaw-shim:repair';

const channel = diagnostics_channel.channel(STEP_CHANNEL);

/**
 * `step` just finished and what it wrote is durable: `survey`, `backup`, `backup:file`,
 * `copied:<agent>`, `merge:record:<agent>`, `merge:store:<agent>`, `merge:<agent>`, `remove:tree`, `remove`,
 * `link`, `undo:unmerge`, `undo:restore`; on 2026.8+ states `import:record:<agent>`, `import:transcript`,
 * `import:staged:<agent>`, `import:started:<agent>` (OpenClaw's importer spawned), `import:run:<agent>`, `import:<agent>`,
 * `import:outside:<agent>` (a resume found its staged store imported by OpenClaw itself). Costs nothing when no one
 * subscribes.
 */
export function stepDone(step: string): void {
  if (channel.hasSubscribers) channel.publish({ step });
}

/** Copies publish each 1 MiB chunk written here (not a step: no durable state), for tests that slow a copy down. */
export const COPY_CHANNEL = 'openclaw-shim:copy';

const copyChannel = diagnostics_channel.channel(COPY_CHANNEL);

export function copyChunk(): void {
  if (copyChannel.hasSubscribers) copyChannel.publish({});
}
