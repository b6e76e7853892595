// The release rules on each side of each boundary: store kind and profile rule (2026.7.35 | 2026.8.1),
// plugin records (2026.5.12 | 2026.6.0), the Codex plugin's API floor (2026.9.4 | 2026.9.5).
import { describe, expect, it } from 'vitest';
import {
  CODEX_PLUGIN_API_FLOOR,
  GENERATIONS,
  profileRuleFor,
  releaseRules,
  sessionStoreKindOf,
} from '../../src/releases/releases.ts';
import { codexInstallAdvice } from '../../src/releases/codex-advice.ts';
import { atLeast, parseVersion } from '../../src/releases/version.ts';

describe('releaseRules', () => {
  it.each([
    ['2026.5.12', 'json-2026-5', 'json', 'unset-only', 'json-file'],
    ['2026.6.35', 'json-2026-6', 'json', 'unset-only', 'sqlite-table'],
    ['2026.7.35', 'json-2026-6', 'json', 'unset-only', 'sqlite-table'],
    ['2026.8.1-beta.1', 'sqlite-2026-8', 'sqlite', 'switch-inherited', 'sqlite-kv'],
    ['2026.8.1', 'sqlite-2026-8', 'sqlite', 'switch-inherited', 'sqlite-kv'],
    ['2026.8.2', 'sqlite-2026-8', 'sqlite', 'switch-inherited', 'sqlite-kv'],
    ['2026.9.6', 'sqlite-2026-8', 'sqlite', 'switch-inherited', 'sqlite-kv'],
    ['2027.1.0', 'sqlite-2026-8', 'sqlite', 'switch-inherited', 'sqlite-kv'],
  ])('%s: %s, %s sessions, --profile %s, plugin records %s', (version, id, store, profile, records) => {
    const r = releaseRules(version)!;
    expect([r.id, r.sessionStore, r.profileRule, r.pluginRecords.kind]).toEqual([id, store, profile, records]);
    expect(sessionStoreKindOf(version)).toBe(store);
    expect(profileRuleFor(version)).toBe(profile);
  });

  it('a legacy sessions.json stops the gateway only from the SQLite generation on', () => {
    expect(releaseRules('2026.7.35')!.legacyJsonBlocksGateway).toBe(false);
    expect(releaseRules('2026.8.2')!.legacyJsonBlocksGateway).toBe(true);
  });

  it('unknown versions have no rules; the profile rule then falls back to the older one', () => {
    for (const v of [undefined, '', 'nix-wrapper', '2026.4.30']) expect(releaseRules(v)).toBeUndefined();
    expect(sessionStoreKindOf('wrapper')).toBeUndefined();
    expect(profileRuleFor(undefined)).toBe('unset-only');
  });

  it('generations are listed newest first and each names the releases it was checked against', () => {
    const froms = GENERATIONS.map((g) => parseVersion(g.from)!);
    for (let i = 1; i < froms.length; i++) expect(atLeast(GENERATIONS[i - 1]!.from, GENERATIONS[i]!.from)).toBe(true);
    for (const g of GENERATIONS) for (const v of g.checked) expect(releaseRules(v)!.id).toBe(g.id);
  });
});

describe('the Codex plugin API floor', () => {
  it.each([
    ['2026.8.2', false],
    ['2026.9.4', false],
    ['2026.9.5-beta.1', false],
    ['2026.9.5', true],
    ['2026.9.6', true],
    ['2026.7.1-2', false],
  ])('%s installs @openclaw/codex: %s', (version, ok) => {
    expect(releaseRules(version)!.codexPluginInstallable).toBe(ok);
  });

  it('advises the plugin only where the release takes it, and says what works instead', () => {
    expect(codexInstallAdvice('2026.9.6')).toBe('install the Codex plugin (openclaw plugins install @openclaw/codex)');
    const old = codexInstallAdvice('2026.8.2');
    expect(old).not.toContain('openclaw plugins install');
    expect(old).toContain('npm install -g @openai/codex');
    expect(old).toContain(
      `OpenClaw 2026.8.2 refuses @openclaw/codex, which needs plugin API >=${CODEX_PLUGIN_API_FLOOR}`,
    );
    expect(codexInstallAdvice(undefined)).toMatch(
      /openclaw plugins install @openclaw\/codex\) on OpenClaw 2026\.9\.5 or later, else install the Codex CLI/,
    );
  });
});
