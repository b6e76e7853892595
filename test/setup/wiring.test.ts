// The wiring route setup takes, and setup's one line in <state>/.env: added and taken out without touching the operator's lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addOurLine,
  envFileValue,
  ENV_MARK,
  removeOurLine,
  withOurLine,
  withoutOurLine,
} from '../../src/setup/env-file.ts';
import { chooseWiring, managedConfig, wiringAdvice } from '../../src/setup/wiring.ts';

const BIN = '/srv/gw/.openclaw/openclaw-shim/launcher/bin/openclaw-codex-launch';
const envFile = { path: '/srv/gw/.openclaw/.env', exists: true };

describe('chooseWiring', () => {
  it('takes the config key when OpenClaw accepts the edit', () => {
    expect(chooseWiring({ launcherBin: BIN, configEdit: { accepted: true }, envFile }).route).toBe('config');
  });
  it('falls back to <state>/.env when OpenClaw refuses the key, saying why', () => {
    const w = chooseWiring({
      launcherBin: BIN,
      configEdit: { accepted: false, why: 'Cannot edit retained config at "plugins.entries.codex.config"' },
      envFile: { ...envFile, exists: false },
    });
    expect(w).toMatchObject({
      route: 'env-file',
      file: envFile.path,
      name: 'OPENCLAW_CODEX_APP_SERVER_BIN',
      value: BIN,
      createdFile: true,
    });
    expect(w.why).toMatch(/refused .*Cannot edit retained config/);
  });
  it('says when the config key names another Codex, which OpenClaw takes over the .env line', () => {
    const w = chooseWiring({
      launcherBin: BIN,
      configEdit: { accepted: false, why: 'refused' },
      envFile,
      configCommand: '/opt/codex',
    });
    expect(w.why).toMatch(/is \/opt\/codex, which OpenClaw takes over OPENCLAW_CODEX_APP_SERVER_BIN/);
  });
  it('edits nothing under nix or a read-only config, and prints the snippet', () => {
    const w = chooseWiring({ launcherBin: BIN, managed: 'OPENCLAW_NIX_MODE', configEdit: { accepted: true }, envFile });
    expect(w.route).toBe('declarative');
    expect(wiringAdvice(w, BIN).snippet?.join('\n')).toContain(`OPENCLAW_CODEX_APP_SERVER_BIN=${BIN}`);
    expect(managedConfig({ OPENCLAW_NIX_MODE: '1' })).toBe('OPENCLAW_NIX_MODE');
    expect(managedConfig({ OPENCLAW_CONFIG_READONLY: '1' })).toBe('OPENCLAW_CONFIG_READONLY');
    expect(managedConfig({ OPENCLAW_NIX_MODE: '0' })).toBeUndefined();
  });
  it('keeps an earlier .env wiring while the file still holds it', () => {
    const recorded = chooseWiring({
      launcherBin: BIN,
      configEdit: { accepted: false, why: 'x' },
      envFile: { ...envFile, exists: false },
    });
    const again = chooseWiring({
      launcherBin: BIN,
      configEdit: { accepted: true },
      envFile: { ...envFile, value: BIN },
      recorded,
    });
    expect(again).toMatchObject({ route: 'env-file', createdFile: true });
  });
});

describe('<state>/.env', () => {
  it('appends one marked line and takes exactly that out again', () => {
    const operator = '# mine\nOPENAI_API_KEY=sk-x\nOPENCLAW_CODEX_APP_SERVER_BIN=/opt/codex\n';
    const ours = withOurLine(operator, BIN);
    expect(ours).toBe(`${operator}${ENV_MARK}\nOPENCLAW_CODEX_APP_SERVER_BIN=${BIN}\n`);
    // dotenv keeps the last line for a name: ours wins while present; the operator's comes back after.
    expect(envFileValue(ours)).toBe(BIN);
    expect(withoutOurLine(ours, BIN)).toBe(operator);
    expect(withOurLine(ours, BIN)).toBe(ours);
    expect(withOurLine('A=1', BIN)).toBe(`A=1\n${ENV_MARK}\nOPENCLAW_CODEX_APP_SERVER_BIN=${BIN}\n`);
  });
  it('quotes a path dotenv would misread', () => {
    const odd = '/srv/my gw/launch';
    expect(envFileValue(withOurLine('', odd))).toBe(odd);
    expect(withoutOurLine(withOurLine('', odd), odd)).toBe('');
  });
  it('keeps the mode; removes the file only when setup created it and nothing else is left', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocshim-envfile-'));
    try {
      const file = path.join(dir, '.env');
      fs.writeFileSync(file, 'A=1\n', { mode: 0o640 });
      fs.chmodSync(file, 0o640);
      expect(addOurLine(file, BIN)).toBe('updated');
      expect(fs.statSync(file).mode & 0o777).toBe(0o640);
      expect(removeOurLine(file, BIN, false)).toBe('removed-line');
      expect(fs.readFileSync(file, 'utf8')).toBe('A=1\n');
      fs.rmSync(file);
      expect(addOurLine(file, BIN)).toBe('created');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(removeOurLine(file, BIN, true)).toBe('removed-file');
      expect(fs.existsSync(file)).toBe(false);
      expect(removeOurLine(file, BIN, true)).toBe('absent');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
