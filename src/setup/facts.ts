// Everything setup and uninstall decide from, read once: config via the real CLI, agents, files on disk.
import fs from 'node:fs';
import path from 'node:path';
import { parseCapture } from '../canonical/capture.ts';
import {
  bashEnvFileOf,
  capturePathOf,
  isolatedHomeOf,
  isShimWrittenName,
  loginPathFileOf,
  shimDirOf,
  shimRootOf,
} from '../layout/codex-home.ts';
import { profileNotRegular, profilesWithBlock } from '../login/profiles.ts';
import { profileFiles } from '../login/profile-text.ts';
import { readTopLevel, type TomlValue } from './codex-toml.ts';
import { isGeneratedShim, shimFileText } from '../install/shim-file.ts';
import { readAuthoredPlugins, type AuthoredPlugins } from './authored-config.ts';
import { agentsList, configGet } from './openclaw-cli.ts';
import { acpxOnDisk, agentsOnDisk, mergeAgentHomes, parseAgentsList, type AgentHome } from './agents.ts';
import { lookupCodexCommand, type ConfigValue } from './config-key.ts';
import type { Context } from './context.ts';
import { readSetupRecord, type SetupRecord } from './record.ts';
import { readRegularFile } from '../lib/read-regular.ts';

export interface HomeFacts extends AgentHome {
  exists: boolean;
  shimPath: string;
  capturePath: string;
  /** Against the shim this setup would write. */
  shim: 'missing' | 'same' | 'different';
  /** `same`: an openclaw-shim capture naming the canonical state and real openclaw. */
  capture: 'missing' | 'same' | 'different';
  /** Files openclaw-shim wrote (generated shim, valid capture), for uninstall. */
  shimOurs: boolean;
  captureOurs: boolean;
  /** Our login-shell files present (login-path.sh, bash-env.sh), for uninstall. */
  loginFiles: string[];
  /** Regular files the shim itself wrote in its dir (its V8 code cache and leftover temp files), for uninstall. */
  shimWritten?: string[];
  /** Profiles in the isolated home holding our block, for uninstall. */
  profileBlocks: string[];
  /** What install writes for login shells here (login-path.sh and the isolated home's profiles), and whether all of it is in place. */
  loginWrites: string[];
  loginDone: boolean;
  /** Profiles there that are links, FIFOs or other non-files: never written, each with why. */
  loginSkipped: Array<{ path: string; why: string }>;
  /** `<codexHome>/config.toml` and its `allow_login_shell` (absent file: unset). */
  codexConfig: { path: string; allowLoginShell: TomlValue | { error: string } };
}

export interface Facts {
  ctx: Context;
  /** OpenClaw's view of `plugins` (undefined when absent): runtime defaults included once anything is set. */
  plugins: unknown;
  /** `plugins` as the config file holds it; undefined when the file cannot tell. */
  authored?: AuthoredPlugins;
  current: ConfigValue;
  record?: SetupRecord;
  homes: HomeFacts[];
}

const readText = (p: string): string | undefined => {
  try {
    return readRegularFile(p);
  } catch {
    return undefined;
  }
};

function loginFacts(
  codexHome: string,
): Pick<HomeFacts, 'loginFiles' | 'profileBlocks' | 'loginWrites' | 'loginDone' | 'loginSkipped'> {
  const home = isolatedHomeOf(codexHome);
  const loginPath = loginPathFileOf(codexHome);
  const all = fs.statSync(home, { throwIfNoEntry: false })?.isDirectory()
    ? profileFiles((n) => fs.existsSync(path.join(home, n))).map((n) => path.join(home, n))
    : [];
  const loginSkipped = all.flatMap((p) => profileNotRegular(p) ?? []);
  const profiles = all.filter((p) => !loginSkipped.some((k) => k.path === p));
  const profileBlocks = profilesWithBlock(home);
  return {
    loginFiles: [loginPath, bashEnvFileOf(codexHome)].filter((f) => fs.existsSync(f)),
    profileBlocks,
    loginWrites: [loginPath, ...profiles],
    loginDone: fs.existsSync(loginPath) && profiles.every((p) => profileBlocks.includes(p)),
    loginSkipped,
  };
}

/** The shim's own files in `<codexHome>/openclaw-shim`, by name, regular files only (a link there is not ours). */
export function shimWrittenFiles(codexHome: string): string[] {
  const dir = shimRootOf(codexHome);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter(isShimWrittenName)
    .map((n) => path.join(dir, n))
    .filter((f) => fs.lstatSync(f, { throwIfNoEntry: false })?.isFile());
}

function homeFacts(home: AgentHome, ctx: Context, shimText: string): HomeFacts {
  const shimPath = path.join(shimDirOf(home.codexHome), 'openclaw');
  const capturePath = capturePathOf(home.codexHome);
  const shim = readText(shimPath);
  const captureText = readText(capturePath);
  const capture = captureText === undefined ? undefined : parseCapture(captureText);
  const c = capture?.ok ? capture.capture : undefined;
  const { canon } = ctx;
  const sameCapture =
    !!c &&
    c.stateDir.value === canon.stateDir &&
    c.configPath.value === canon.configPath &&
    c.home.value === canon.home &&
    c.realOpenclaw?.value === ctx.realOpenclaw;
  const shimMode = fs.statSync(shimPath, { throwIfNoEntry: false })?.mode ?? 0;
  return {
    ...home,
    exists: fs.statSync(home.codexHome, { throwIfNoEntry: false })?.isDirectory() ?? false,
    shimPath,
    capturePath,
    shim: shim === undefined ? 'missing' : shim === shimText && (shimMode & 0o777) === 0o755 ? 'same' : 'different',
    capture: captureText === undefined ? 'missing' : sameCapture ? 'same' : 'different',
    shimOurs: shim !== undefined && isGeneratedShim(shim),
    captureOurs: !!c,
    shimWritten: shimWrittenFiles(home.codexHome),
    ...loginFacts(home.codexHome),
    codexConfig: {
      path: path.join(home.codexHome, 'config.toml'),
      allowLoginShell: readTopLevel(readText(path.join(home.codexHome, 'config.toml')) ?? '', 'allow_login_shell'),
    },
  };
}

/** Two real-CLI reads, run side by side: the `plugins` subtree and the agent list. */
/**
 * The key as the operator wrote it: OpenClaw's view adds defaults (an entry's `config: {}`), so where
 * the key is absent is judged on the file when it can be read; uninstall then removes only what setup
 * added (from `plugins.entries.codex = {"enabled":true}` back to exactly that). Pure.
 */
export function currentByMeaning(view: unknown, authored: AuthoredPlugins | undefined): ConfigValue {
  const viewed = lookupCodexCommand(view);
  const inFile = authored ? lookupCodexCommand(authored.present ? authored.value : undefined) : undefined;
  return inFile && !inFile.set ? inFile : viewed;
}

export async function gatherFacts(ctx: Context): Promise<Facts> {
  const { stateDir } = ctx.canon;
  const [plugins, agents] = await Promise.all([configGet(ctx.cli, 'plugins'), agentsList(ctx.cli)]);
  const record = readSetupRecord(stateDir);
  const authored = readAuthoredPlugins(ctx.canon.configPath);
  const merged = mergeAgentHomes([
    { from: 'config', agents: parseAgentsList(agents, stateDir) },
    { from: 'disk', agents: [...agentsOnDisk(stateDir), ...acpxOnDisk(stateDir)] },
    { from: 'record', agents: (record?.codexHomes ?? []).map((h) => ({ id: h.agentId, codexHome: h.codexHome })) },
  ]);
  const shimText = shimFileText(ctx.nodePath);
  return {
    ctx,
    plugins: plugins.found ? plugins.value : undefined,
    current: currentByMeaning(plugins.found ? plugins.value : undefined, authored),
    ...(record ? { record } : {}),
    ...(authored ? { authored } : {}),
    homes: merged.map((h) => homeFacts(h, ctx, shimText)),
  };
}
