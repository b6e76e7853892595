// A state dir with two agents whose shadow trees diverge, and the check that no committed entry and no shadow byte was lost (by content hash).
// Plain JS: the vitest files and the mount-namespace runner (ns-trial.mjs) both use it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const AGENTS = ['main', 'ops'];

const sha = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function walkFiles(dir, out = []) {
  let names;
  try {
    names = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const d of names) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) walkFiles(p, out);
    else if (d.isFile()) out.push(p);
  }
  return out;
}

/** Builds the state under `root` (which must exist): canonical stores with 2 entries each, shadows with 3 more each (+ transcripts). */
export function buildState(root, { bigBytes = 0 } = {}) {
  const home = path.join(root, 'home');
  const stateDir = path.join(home, '.openclaw');
  const shadow = path.join(stateDir, 'agents/main/agent/codex-home/home/.openclaw');
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(
    path.join(stateDir, 'openclaw.json'),
    JSON.stringify({ agents: { list: AGENTS.map((id, i) => ({ id, default: i === 0 })) } }),
  );
  for (const agent of AGENTS) {
    const canonicalDir = path.join(stateDir, 'agents', agent, 'sessions');
    const shadowDir = path.join(shadow, 'agents', agent, 'sessions');
    fs.mkdirSync(canonicalDir, { recursive: true });
    fs.mkdirSync(shadowDir, { recursive: true });
    const canonical = {};
    for (const n of [1, 2]) {
      canonical[`agent:${agent}:c${n}`] = { sessionId: `${agent}-c${n}`, updatedAt: n, status: 'running' };
      fs.writeFileSync(
        path.join(canonicalDir, `${agent}-c${n}.jsonl`),
        `${JSON.stringify({ type: 'session', id: `${agent}-c${n}` })}\n`,
      );
    }
    fs.writeFileSync(path.join(canonicalDir, 'sessions.json'), JSON.stringify(canonical, null, 2));
    const shadowStore = {};
    for (const n of [1, 2, 3]) {
      const id = `${agent}-s${n}`;
      shadowStore[`agent:${agent}:s${n}`] = { sessionId: id, updatedAt: 10 + n };
      fs.writeFileSync(
        path.join(shadowDir, `${id}.jsonl`),
        `${JSON.stringify({ type: 'session', id })}\n${'x'.repeat(2000 * n)}\n`,
      );
    }
    fs.writeFileSync(path.join(shadowDir, 'sessions.json'), JSON.stringify(shadowStore, null, 2));
  }
  if (bigBytes > 0) {
    // Real bytes, not a sparse file: every block is written (and must be copied and hashed).
    const fd = fs.openSync(path.join(shadow, 'agents/main/sessions/main-s1.jsonl'), 'a');
    const chunk = Buffer.alloc(1 << 20, 0x62);
    for (let left = bigBytes; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
    fs.closeSync(fd);
  }
  fs.mkdirSync(path.join(root, 'no-gateway-locks'), { recursive: true });
  return { root, home, stateDir, shadow };
}

const readStore = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** What must never be lost: every canonical entry and every shadow file (by sha256) and shadow entry. */
export function baseline(s) {
  const canonical = {};
  const shadowEntries = {};
  for (const agent of AGENTS) {
    canonical[agent] = readStore(path.join(s.stateDir, 'agents', agent, 'sessions', 'sessions.json'));
    shadowEntries[agent] = readStore(path.join(s.shadow, 'agents', agent, 'sessions', 'sessions.json'));
  }
  const shadowFiles = walkFiles(s.shadow).map((f) => ({
    rel: path.relative(s.shadow, f),
    sha256: sha(fs.readFileSync(f)),
  }));
  return { canonical, shadowEntries, shadowFiles };
}

/**
 * Problems (a list of sentences; empty = nothing lost): a canonical store that does not parse, a committed
 * canonical entry gone or changed, a shadow file whose bytes are nowhere (shadow, backup, or a transcript now
 * canonical), a shadow entry neither in the shadow/backup store nor merged. With `complete`, also: every shadow
 * entry merged, the shadow gone, no temp file of ours left in a canonical sessions dir.
 */
export function problems(s, base, { complete = false } = {}) {
  const out = [];
  const places = new Map();
  const note = (f) => {
    try {
      places.set(sha(fs.readFileSync(f)), f);
    } catch {
      /* unreadable: not a place */
    }
  };
  walkFiles(s.shadow).forEach(note);
  walkFiles(path.join(s.stateDir, 'backups', 'openclaw-shim')).forEach(note);
  for (const agent of AGENTS) walkFiles(path.join(s.stateDir, 'agents', agent, 'sessions')).forEach(note);
  for (const agent of AGENTS) {
    const dir = path.join(s.stateDir, 'agents', agent, 'sessions');
    let store;
    try {
      store = readStore(path.join(dir, 'sessions.json'));
    } catch (error) {
      out.push(`${agent}: canonical store does not parse (${error.message})`);
      continue;
    }
    for (const [k, v] of Object.entries(base.canonical[agent])) {
      if (JSON.stringify(store[k]) !== JSON.stringify(v))
        out.push(`${agent}: committed canonical entry ${k} lost or changed`);
    }
    for (const k of Object.keys(base.shadowEntries[agent])) {
      if (complete && !(k in store)) out.push(`${agent}: shadow entry ${k} not merged`);
    }
    if (complete) {
      const temps = fs.readdirSync(dir).filter((n) => n.includes('.openclaw-shim.') && n.endsWith('.tmp'));
      if (temps.length) out.push(`${agent}: temp files left in ${dir}: ${temps.join(', ')}`);
    }
  }
  for (const f of base.shadowFiles)
    if (!places.has(f.sha256)) out.push(`shadow file ${f.rel} (${f.sha256.slice(0, 12)}) is nowhere`);
  if (complete && fs.existsSync(s.shadow) && walkFiles(s.shadow).length > 0)
    out.push(`the shadow ${s.shadow} still holds files`);
  return out;
}

export const cliEnv = (s, extra = {}) => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: s.home,
  NO_COLOR: '1',
  OPENCLAW_SHIM_GATEWAY_LOCK_DIRS: path.join(s.root, 'no-gateway-locks'),
  OCSHIM_TEST_PASSWD_HOME: path.join(s.root, 'no-passwd-home'),
  OPENCLAW_SHIM_LOCK_WAIT_MS: '0',
  ...extra,
});
