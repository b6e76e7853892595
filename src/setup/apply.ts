// Carries out a setup or uninstall plan, step by step, saying what each step did.
import fs from 'node:fs';
import { openclawVersionOf } from '../canonical/openclaw-version.ts';
import { installShim } from '../install/install.ts';
import { removeBlock } from '../login/profiles.ts';
import { setCodexConfigKey } from './codex-config-file.ts';
import { writeFileAtomic } from '../lib/atomic-write.ts';
import { EXIT, ExitError } from '../lib/exit.ts';
import type { Context } from './context.ts';
import { configSet, configUnset } from './openclaw-cli.ts';
import { addOurLine, removeOurLine } from './env-file.ts';
import type { SetupPlan, SetupStep } from './plan.ts';
import { writeSetupRecord } from './record.ts';
import { proveLauncher } from './launcher-probe.ts';
import type { UninstallPlan, UninstallStep } from './uninstall-plan.ts';

/** Every line of the "Done" list in the past tense: created, updated, ran, removed, kept. */
const pastTense = (action: 'create' | 'update'): string => (action === 'create' ? 'created' : 'updated');

export interface Done {
  what: string;
  result: 'done' | 'kept';
  why?: string;
}

const cantWrite = (where: string, error: unknown): ExitError =>
  error instanceof ExitError
    ? error
    : new ExitError(EXIT.CANT_WRITE, `cannot write ${where}: ${(error as Error).message}`, { cause: error });

async function applySetupStep(step: SetupStep, ctx: Context): Promise<Done> {
  switch (step.kind) {
    case 'write-file':
      try {
        writeFileAtomic(step.path, step.content, { mode: step.mode });
      } catch (error) {
        throw cantWrite(step.path, error);
      }
      return { what: `${pastTense(step.action)} ${step.path}`, result: 'done' };
    case 'install-shim': {
      const r = installShim({
        codexHome: step.codexHome,
        flags: ctx.canon,
        known: ctx.fields,
        env: ctx.env,
        command: 'setup',
        realOpenclaw: ctx.realOpenclaw,
        nodePath: ctx.nodePath,
      });
      return {
        what: [...r.actions, ...r.login]
          .map((a) => `${a.action === 'unchanged' ? 'left unchanged' : a.action} ${a.path}`)
          .join('; '),
        result: 'done',
      };
    }
    case 'write-record':
      try {
        writeSetupRecord(step.record);
      } catch (error) {
        throw cantWrite(step.path, error);
      }
      return { what: `${pastTense(step.action)} ${step.path}`, result: 'done' };
    case 'config-set':
      await configSet(ctx.cli, step.key, step.value);
      return { what: `ran openclaw config set ${step.key} ${JSON.stringify(step.value)}`, result: 'done' };
    case 'codex-config':
      setCodexConfigKey(step.path, step.key, { set: true, value: step.value });
      return { what: `set ${step.key} = ${JSON.stringify(step.value)} in ${step.path}`, result: 'done' };
    case 'remove-file':
      fs.rmSync(step.path, { force: true });
      return { what: `removed ${step.path}`, result: 'done', why: step.why };
    case 'env-file-add':
      try {
        const r = addOurLine(step.path, step.value);
        return {
          what: `${r === 'unchanged' ? 'left unchanged' : r} ${step.path}: ${step.name}=${step.value}`,
          result: 'done',
        };
      } catch (error) {
        throw cantWrite(step.path, error);
      }
  }
}

/** The steps that point the gateway at the launcher: the launcher must prove itself before either. */
const wires = (step: SetupStep): boolean => step.kind === 'config-set' || step.kind === 'env-file-add';

/**
 * Files first, the record before the config: the launcher exists before OpenClaw is told to run it,
 * and it must prove it finds a real Codex before the config changes (or at the end, when it already points there).
 */
export async function applySetup(plan: SetupPlan, ctx: Context, done: Done[] = []): Promise<Done[]> {
  let proven = false;
  const prove = async (): Promise<void> => {
    done.push({
      what: await proveLauncher(plan.launcherBin, ctx.cli.env, openclawVersionOf(ctx.cli.bin)),
      result: 'done',
    });
    proven = true;
  };
  for (const step of plan.steps) {
    if (wires(step) && !proven) await prove();
    done.push(await applySetupStep(step, ctx));
  }
  if (!proven) await prove();
  return done;
}

function removeDirIfEmpty(dir: string): Done {
  try {
    fs.rmdirSync(dir);
    return { what: `removed ${dir}`, result: 'done' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { what: `removed ${dir}`, result: 'done', why: 'already gone' };
    return { what: dir, result: 'kept', why: code === 'ENOTEMPTY' || code === 'EEXIST' ? 'not empty' : String(code) };
  }
}

async function applyUninstallStep(step: UninstallStep, ctx: Context): Promise<Done> {
  switch (step.kind) {
    case 'config-set':
      await configSet(ctx.cli, step.key, step.value);
      return {
        what: `ran openclaw config set ${step.key} ${JSON.stringify(step.value)}`,
        result: 'done',
        why: step.why,
      };
    case 'config-unset':
      await configUnset(ctx.cli, step.key);
      return { what: `ran openclaw config unset ${step.key}`, result: 'done', why: step.why };
    case 'remove-file':
      try {
        fs.rmSync(step.path, { force: true });
      } catch (error) {
        throw new ExitError(EXIT.CANT_WRITE, `cannot remove ${step.path}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return { what: `removed ${step.path}`, result: 'done' };
    case 'remove-dir':
      return removeDirIfEmpty(step.path);
    case 'env-file-remove':
      try {
        const r = removeOurLine(step.path, step.value, step.createdFile);
        const what =
          r === 'removed-file'
            ? `removed ${step.path} (setup created it; nothing else was in it)`
            : `took ${step.name}=${step.value} out of ${step.path}`;
        return { what, result: 'done', ...(r === 'absent' ? { why: "setup's line was no longer there" } : {}) };
      } catch (error) {
        throw new ExitError(EXIT.CANT_WRITE, `cannot edit ${step.path}: ${(error as Error).message}`, { cause: error });
      }
    case 'keep-launcher':
      try {
        writeFileAtomic(step.marker, `${JSON.stringify(step.content, null, 2)}\n`, { mode: 0o644 });
      } catch (error) {
        throw cantWrite(step.marker, error);
      }
      return {
        what: `kept ${step.dir} for the running gateway (marked for removal: ${step.marker})`,
        result: 'kept',
        why: step.why,
      };
    case 'codex-config-restore':
      setCodexConfigKey(step.path, step.key, step.previous);
      return {
        what: step.previous.set
          ? `restored ${step.key} = ${JSON.stringify(step.previous.value)} in ${step.path}`
          : `removed ${step.key} from ${step.path}`,
        result: 'done',
        why: 'the value recorded before setup',
      };
    case 'remove-profile-block':
      try {
        const r = removeBlock(step.path);
        return {
          what: `${r.action === 'removed' ? 'removed' : 'took the openclaw-shim block out of'} ${step.path}`,
          result: 'done',
          ...(r.why ? { why: r.why } : {}),
        };
      } catch (error) {
        throw new ExitError(EXIT.CANT_WRITE, `cannot edit ${step.path}: ${(error as Error).message}`, { cause: error });
      }
  }
}

/** The config first, so the gateway stops starting the launcher before its files go. */
export async function applyUninstall(plan: UninstallPlan, ctx: Context): Promise<Done[]> {
  const done: Done[] = [];
  for (const step of plan.steps) done.push(await applyUninstallStep(step, ctx));
  return done;
}
