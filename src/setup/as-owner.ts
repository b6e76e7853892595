// setup and uninstall run as the state dir's owner: root becomes them, anyone else is refused.
import fs from 'node:fs';
import { EXIT, ExitError } from '../lib/exit.ts';
import { actAsOwner, becameOwner, ownerLabel, type Owner } from '../lib/owner.ts';
import { loadExeca } from '../lib/lazy-execa.ts';
import type { Field } from '../canonical/types.ts';
import { ownerCliEnv } from './openclaw-cli.ts';
import type { Context } from './context.ts';

/** A home setup took from the operator's own HOME: the owner's passwd home is the better guess once root became them. */
const fromShellHome = (f: Field): boolean => f.source === 'derived' && /^HOME\b|this shell's/.test(f.detail);

function ownersHome(ctx: Context, owner: Owner): Context {
  if (!owner.home || !fromShellHome(ctx.fields.home) || ctx.fields.home.value === owner.home) return ctx;
  const home: Field = {
    value: owner.home,
    source: 'derived',
    detail: `passwd home of the state dir's owner ${owner.name ?? owner.uid}`,
  };
  return { ...ctx, canon: { ...ctx.canon, home: home.value }, fields: { ...ctx.fields, home } };
}

/** The real CLI would block for good reading a FIFO config (and fail on a directory): say so before it runs. */
function requireRegularConfig(configPath: string): void {
  const st = fs.statSync(configPath, { throwIfNoEntry: false });
  if (!st || st.isFile()) return;
  const what = st.isDirectory() ? 'a directory' : 'not a regular file (a FIFO, socket or device)';
  throw new ExitError(
    EXIT.DATA,
    `the config ${configPath} is ${what}: OpenClaw cannot read it; put the config file back and re-run`,
  );
}

/** The real CLI runs as the owner from here on: one line naming them and the fix when they cannot run it. */
function ownerCanRun(bin: string, owner: Owner): void {
  try {
    fs.accessSync(bin, fs.constants.X_OK);
    // A script (openclaw.mjs) is read by Node as the owner too, through every link.
    fs.accessSync(fs.realpathSync(bin), fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ExitError(
      EXIT.NOT_EXECUTABLE,
      `${bin} cannot be run by ${ownerLabel(owner)}, the state dir's owner, as whom setup runs OpenClaw (${code}): install OpenClaw where ${owner.name ?? `uid ${owner.uid}`} can run it (e.g. npm install -g openclaw as that user) and pass it with --real-openclaw PATH`,
      { cause: error },
    );
  }
}

/**
 * Before anything reads through or writes into the state (the real CLI's `config get` may write there
 * too): root becomes the state dir's owner for the rest of the run, so every file, dir and the real
 * CLI's own writes are the owner's. execa is loaded first: the package may live where the owner cannot read.
 */
export async function asStateOwner(ctx: Context): Promise<Context> {
  await loadExeca();
  actAsOwner(ctx.canon.stateDir, `The state dir ${ctx.canon.stateDir}`);
  requireRegularConfig(ctx.canon.configPath);
  const owner = becameOwner();
  if (!owner) return ctx;
  // Root's cwd (/root after sudo -i) is no place the owner may enter: every child would fail with EACCES.
  process.chdir(ctx.canon.stateDir);
  if (ctx.realOpenclaw) ownerCanRun(ctx.realOpenclaw, owner);
  const next = ownersHome(ctx, owner);
  return { ...next, cli: { ...next.cli, env: ownerCliEnv(next.env, next.canon, owner) } };
}
