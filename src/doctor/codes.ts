// Every doctor finding code in one table: severity, meaning and fix (docs/doctor-json.md is generated from it).
import type { FindingCode, Severity } from './findings.ts';

export interface CodeInfo {
  /** Every severity a finding of this code can have, the usual one first. */
  severities: readonly Severity[];
  /** When it is which severity, for the docs; absent when there is one. */
  severityNote?: string;
  meaning: string;
  fix: string;
}

/** A Record, so that a code added to FindingCode without a row here fails the typecheck. */
export const FINDING_CODES: Record<FindingCode, CodeInfo> = {
  SHADOW_DIVERGED: {
    severities: ['error'],
    meaning: 'a shadow state tree holds sessions the canonical store lacks or that differ from it',
    fix: '`openclaw-shim repair --state-dir S` (then `--apply`)',
  },
  SHADOW_TREE: {
    severities: ['warn'],
    meaning: 'a shadow state tree with files, but no session the canonical store lacks',
    fix: 'same',
  },
  PROFILE_SHADOW_DIVERGED: {
    severities: ['error'],
    meaning:
      'a profile shadow tree (`.openclaw-<profile>` in an isolated home, written by `openclaw --profile <profile>` or `--dev` run there) holds sessions that the canonical profile state `<home>/.openclaw-<profile>` (where the shim sends those runs) lacks or that differ from it; when that dir does not exist, every session in the tree is only there. The message names the profile, the canonical profile state and the config paths that differ. repair does not merge it (its plan says `profile shadow … not merged`, exit 1)',
    fix: 'by hand: the `OPENCLAW_CONFIG_PATH=<profile config> openclaw config set …` doctor prints for the config changes, what else you need copied into the canonical profile state, then `mv T T.checked`',
  },
  PROFILE_SHADOW_TREE: {
    severities: ['warn'],
    meaning:
      'a profile shadow tree with files (a config, identity), but no session its canonical profile state lacks; the message names the config paths that differ from the canonical profile config',
    fix: 'same',
  },
  SHADOW_STORE_UNREADABLE: {
    severities: ['warn'],
    meaning:
      'a shadow store could not be read or compared (a `sessions.json` that is not JSON, not an object, or empty: repair keeps its tree)',
    fix: 'for a `sessions.json`: `mv <store> <store>.unreadable && openclaw-shim repair --state-dir S` after checking the file; for SQLite: the repair command',
  },
  SHADOW_CONFIG_DIFFERS: {
    severities: ['warn'],
    meaning:
      "a shadow tree's `openclaw.json` (written by `openclaw config set` run from the isolated HOME) differs from the canonical config; the message names the differing leaf paths (values of secret-looking keys never shown). The gateway never reads it and repair only keeps it in its backup",
    fix: '`OPENCLAW_CONFIG_PATH=P openclaw config set <path> <value>` for each change you want (doctor prints them); repair never writes the canonical config',
  },
  SHADOW_SESSION_PATH_OUTSIDE: {
    severities: ['warn'],
    meaning:
      'a shadow session entry records a `sessionFile` outside the sessions dir it would be merged into (OpenClaw refuses such a path): repair does not merge that entry and keeps it in its backup',
    fix: '`openclaw-shim repair --state-dir S` (then `--apply`); look at the entry in the backup by hand if you need it',
  },
  CANONICAL_LINKED_INTO_SHADOW: {
    severities: ['error'],
    meaning:
      "a canonical path (or its first symlinked parent below the state dir, `L`) resolves into a shadow tree (`T`): the gateway's data lives there, so it is not compared and repair keeps that tree. The message names the canonical path, `L` and `T`",
    fix: 'with the gateway stopped, replace `L` by a real copy of `T`: a dir `cp -a T L.openclaw-shim-copy && rm L && mv -T L.openclaw-shim-copy L`, a file `cp -a T L.openclaw-shim-copy && mv -fT L.openclaw-shim-copy L`; then `openclaw-shim repair --state-dir S` (the tree is then an ordinary shadow)',
  },
  CANONICAL_LINK_DANGLING: {
    severities: ['error'],
    meaning: 'a canonical path is a symlink to nothing: OpenClaw finds nothing there',
    fix: "`openclaw-shim repair --undo <backupDir>` when a repair backup of this state dir holds the link's target (then fix the link as doctor says); else `rm <path>` after finding where its data went",
  },
  SHADOW_LINKED_ELSEWHERE: {
    severities: ['warn'],
    meaning:
      "a `.openclaw` in a codex home resolves to another state (another gateway's or profile's): OpenClaw run there writes into it",
    fix: '`unlink <link>` after checking nothing there should use `realPath` (its contents stay where they are)',
  },
  CODEX_HOME_LINKED_TO_STATE: {
    severities: ['info'],
    meaning:
      'the isolated HOME or its `.openclaw` resolves to, around or into the state dir through a parent symlink (a `.openclaw` that is itself a symlink into the state dir is the fix and gets no finding)',
    fix: '`# nothing to do`',
  },
  STUCK_SESSION: {
    severities: ['error'],
    meaning: 'a canonical session has been status `running` with no update for longer than `--stuck-minutes`',
    fix: '`OPENCLAW_STATE_DIR=S OPENCLAW_CONFIG_PATH=P openclaw gateway call sessions.reset --params \'{"key":"…"}\'`',
  },
  CODEX_HOME_NO_SHIM: {
    severities: ['warn', 'info'],
    severityNote:
      '`info` for the acpx codex home when nothing there uses it (no shim file, no capture, no shadow tree under it: acpx keeps HOME, and setup does not wire acpx, see `docs/acpx.md`)',
    meaning:
      'a codex home has no openclaw shim (or a file in its place that openclaw-shim did not write), so `openclaw` run there writes a shadow tree',
    fix: '`openclaw-shim install --codex-home C --state-dir S` (for the info: `# nothing to do unless you wire acpx by hand …`)',
  },
  SHIM_OUTDATED: {
    severities: ['warn'],
    meaning:
      "a codex home's shim differs from what this openclaw-shim's `install` writes for the Nodes the shim records (this build's `dist/shim.mjs` after the prelude), yet is whole and parses: an older or other build, which still runs",
    fix: '`openclaw-shim setup --state-dir S --apply` where setup wired the launcher (it refreshes the launcher copy that rewrites shims at each Codex start), else `openclaw-shim install --codex-home C --state-dir S`',
  },
  SHIM_DAMAGED: {
    severities: ['error'],
    meaning:
      "a codex home's shim fails on every call: empty, cut short (a prefix of what install writes, or not ending as a built shim does), with bytes after what install writes, not JavaScript (a SyntaxError), changed since install (it carries this build's key but differs from what install writes), or unreadable (an I/O error)",
    fix: 'same',
  },
  CODE_CACHE_DAMAGED: {
    severities: ['warn'],
    meaning:
      "a shim's V8 code cache (`<codex home>/openclaw-shim/shim-code-cache`) carries this build's key but its payload does not match its checksum: damaged bytes that V8 itself does not check (loaded, they crashed every call, exit 133). This build's shim refuses such a cache and writes a fresh one on its next call, so it is a warning (damaged bytes on disk). A cache of another build, one the shim does not trust, or one over 8 MiB is no finding: the shim replaces or ignores it (`codexHomes[].codeCache`)",
    fix: '`rm -f <that file>` (the shim writes a fresh one on its next call); doctor never removes it',
  },
  CAPTURE_MISSING: {
    severities: ['warn'],
    meaning: 'a shimmed codex home has no capture, so the shim must guess the canonical state',
    fix: 'same',
  },
  CAPTURE_INVALID: {
    severities: ['error'],
    meaning: 'a capture cannot be read',
    fix: 'same',
  },
  CAPTURE_STALE: {
    severities: ['error'],
    meaning: 'a capture names another state dir, or a real `openclaw` that no longer exists',
    fix: 'same',
  },
  LAUNCHER_NOT_CONFIGURED: {
    severities: ['warn'],
    meaning:
      "an agent codex home exists and OpenClaw's Codex command is not `openclaw-codex-launch`: it counts as configured when `plugins.entries.codex.config.appServer.command` names it, or, while that key is unset (OpenClaw takes the key first), when `OPENCLAW_CODEX_APP_SERVER_BIN` names it in doctor's own environment or in that of a live gateway of this state dir (a gateway lock whose `configPath` is in the state dir; its `/proc/<pid>/environ`, where readable)",
    fix: '`openclaw-shim setup --state-dir S --apply`',
  },
  CONFIG_UNREADABLE: {
    severities: ['warn'],
    meaning: 'the config could not be read: custom agentDirs and the launcher were not checked',
    fix: '`openclaw config validate`',
  },
  GATEWAY_STATE_MISMATCH: {
    severities: ['error'],
    meaning:
      "a running gateway tied to the examined state (that state is the default `~/.openclaw` of the gateway's user, the gateway's Codex command lies in it, or a capture of either side's codex homes names the other) uses another state dir, and no running gateway uses the examined one; other gateways on the host are not reported. The fix names the state the gateway really uses",
    fix: "`export OPENCLAW_STATE_DIR=… OPENCLAW_CONFIG_PATH=…` for a gateway of this user; for another user's gateway `sudo -u <user> openclaw-shim doctor --state-dir <its state>` (never an `export` in this shell)",
  },
  GATEWAY_OTHER_USER: {
    severities: ['info'],
    meaning:
      'a live gateway runs as another user than doctor on the examined state dir (or on a state dir doctor could not learn)',
    fix: '`sudo -u <user> openclaw-shim doctor [--state-dir S]`',
  },
  CODEX_SNAPSHOT_BYPASSES_SHIM: {
    severities: ['warn'],
    meaning: 'a Codex shell snapshot whose PATH lacks the shim dir',
    fix: '`openclaw-shim install --codex-home C --state-dir S`, then restart the gateway',
  },
  CODEX_SANDBOX_STATE_READ_ONLY: {
    severities: ['warn'],
    meaning: '`sandbox_mode = "workspace-write"` in a codex home\'s `config.toml` without the state dir writable',
    fix: 'the exact edit of `C/config.toml` that puts `S` into `[sandbox_workspace_write]` `writable_roots`: a pasteable `printf … >> C/config.toml` when the table is missing, else where to add the key or the path',
  },
  CODEX_CONFIG_UNREADABLE: {
    severities: ['warn'],
    meaning: "a codex home's `config.toml` is not valid TOML",
    fix: 'edit `C/config.toml`',
  },
  NODE_UNUSABLE: {
    severities: ['error', 'warn'],
    severityNote: 'warn when only `node` on PATH is left',
    meaning:
      "the Node a shim or the launcher copy would run on is missing, older than 22.12, or does not run as a Node (an old `#!/abs/node`, every Node its sh prelude records gone, or the first that exists and is executable, which the prelude execs, too old or broken); a shim's `codexHomes[].shim` is then `node-unusable`",
    fix: '`openclaw-shim install --codex-home … --state-dir … --node <Node >= 22.12>` (shim) or `openclaw-shim setup --state-dir … --apply --node …` (launcher copy)',
  },
  STATE_UNREADABLE: {
    severities: ['error'],
    meaning:
      "the state dir, `agents/`, an agent's dir or sessions dir cannot be listed by this user (the message names the path and the error: `cannot list: EACCES`, `ENOTDIR`, `ELOOP`…); nothing below it was checked",
    fix: '`ls -ld <path>`, then run doctor as its owner (uid named)',
  },
  CANONICAL_STORE_UNREADABLE: {
    severities: ['error'],
    meaning:
      "an agent's canonical store is not a readable JSON store (corrupt, empty, a directory, a FIFO, EACCES; the message says which); shadow stores of that agent are not compared with it, repair merges nothing into it",
    fix: 'check the file, restore it from a backup or move it aside',
  },
  SHADOW_UNREADABLE: {
    severities: ['warn'],
    meaning:
      'a shadow tree, or a codex home (or its HOME) where one could be, could not be read: what it holds is unknown, repair keeps it',
    fix: 'run as the owner or fix the permissions',
  },
  REPAIR_UNFINISHED: {
    severities: ['warn'],
    meaning:
      'a `repair --apply` run of this state dir has no `done.json` (interrupted, killed, or a tree of its backup kept)',
    fix: '`openclaw-shim repair --state-dir S --apply` continues it from its backup',
  },
  STORE_LOCK_HELD: {
    severities: ['warn', 'info'],
    severityNote: 'info when the holder is gone and the lock older than 30 s (the next writer takes it over)',
    meaning:
      "a live process that is not OpenClaw holds a canonical `sessions.json.lock` (a recycled pid: OpenClaw cannot write the store, repair stops there); the message names the holder's pid, command (`/proc/<pid>/cmdline`) and the lock's age. A live OpenClaw writer's lock is normal and not reported",
    fix: '`ps -o pid,lstart,args -p PID`, then `rm <lock>` if it does not write the store',
  },
  STORE_LOCK_NOT_A_FILE: {
    severities: ['error'],
    meaning:
      "a canonical `sessions.json.lock` (or repair's own `backups/openclaw-shim/repair.lock`) is a symbolic link (dangling or not), a directory or a FIFO: no process holds it, but neither OpenClaw nor repair can ever take that lock while it is there; the message says what it is",
    fix: 'the `rm`/`rmdir` the message prints',
  },
  STALE_TEMP_FILES: {
    severities: ['info'],
    meaning:
      'temp files named `.<name>.openclaw-shim.<pid>.<random>.tmp` whose writer is gone (a killed or failed write) in a canonical sessions dir: no committed data',
    fix: '`rm -f` them (the fix lists them), or the next `repair --apply` removes them under the store lock',
  },
  LAUNCHER_GONE: {
    severities: ['error'],
    severityNote: 'only while a gateway on this state runs',
    meaning:
      "the config key, a running gateway's environment, `<state>/.env` or this shell names an `openclaw-codex-launch` that does not exist: the gateway's next Codex start fails with spawn ENOENT",
    fix: '`openclaw-shim setup --state-dir S --apply` puts it back (or remove that wiring and restart the gateway)',
  },
  LAUNCHER_RETIRED: {
    severities: ['info', 'warn'],
    severityNote: 'info while the gateway uninstall kept the launcher for still runs; warn once it is gone',
    meaning:
      "uninstall kept the launcher copy (and the codex homes' shims) for a gateway that still ran; `<state>/openclaw-shim/launcher/retired.json` names the gateways",
    fix: '`openclaw-shim uninstall --state-dir S --apply` removes the kept copy once no gateway uses it',
  },
  SECOND_STATE_TREE: {
    severities: ['info'],
    meaning:
      "another OpenClaw state tree (a config or an agent's sessions dir) at `<state>/.openclaw` (and the other state dir names: what OpenClaw writes when `OPENCLAW_HOME` is the state dir itself) or beside the state dir in its home (`~/.clawdbot`, `~/.moltbot`, …)",
    fix: '`openclaw-shim explain` shows which this shell uses; `openclaw-shim doctor --state-dir <it>` checks the other',
  },
};

/** Every (code, severity) pair a finding can have, in table order: what the metrics report, zeros included. */
export const codeSeverityPairs = (): Array<{ code: FindingCode; severity: Severity }> =>
  (Object.keys(FINDING_CODES) as FindingCode[]).flatMap((code) =>
    FINDING_CODES[code].severities.map((severity) => ({ code, severity })),
  );

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The markdown table of docs/doctor-json.md's "Finding codes" section (code, severity, meaning, fix). */
export function findingCodesMarkdown(): string {
  const rows = (Object.keys(FINDING_CODES) as FindingCode[]).map((code) => {
    const c = FINDING_CODES[code];
    const severity = c.severityNote ? `${c.severities[0]}; ${c.severityNote}` : c.severities.join(', ');
    return `| \`${code}\` | ${cell(severity)} | ${cell(c.meaning)} | ${cell(c.fix)} |`;
  });
  return ['| code | severity | meaning | fix |', '|---|---|---|---|', ...rows].join('\n');
}
