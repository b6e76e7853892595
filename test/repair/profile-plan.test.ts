// repair's plan for profile shadow trees: one 'profile shadow … not merged' line each, nothing else planned (pure).
import { describe, expect, it } from 'vitest';
import { planActions } from '../../src/repair/plan.ts';
import { emptySurvey, type ProfileShadow, type Survey } from '../../src/repair/survey.ts';

const survey = (profiles: ProfileShadow[]): Survey => ({ ...emptySurvey(), profiles });

const shadow = (profile: string, canonicalExists: boolean): ProfileShadow => ({
  path: `/s/.openclaw/agents/main/agent/codex-home/home/.openclaw-${profile}`,
  ownerAgent: 'main',
  codexHome: '/s/.openclaw/agents/main/agent/codex-home',
  codexHomeKind: 'agent',
  isolatedHome: '/s/.openclaw/agents/main/agent/codex-home/home',
  profile,
  canonicalStateDir: `/s/.openclaw-${profile}`,
  canonicalExists,
});

describe('planActions with profile shadows', () => {
  it('each is a skipped profile line naming the flag and its canonical profile state; no backup, merge or remove', () => {
    const actions = planActions(survey([shadow('dev', false), shadow('work', true)]), '/s/.openclaw', '/b', true);
    expect(actions.map((a) => [a.step, a.status, a.path, a.target])).toEqual([
      ['profile', 'skipped', shadow('dev', false).path, '/s/.openclaw-dev'],
      ['profile', 'skipped', shadow('work', true).path, '/s/.openclaw-work'],
    ]);
    expect(actions[0]!.detail).toMatch(
      /^profile shadow of profile dev \(openclaw --dev \(or --profile dev\) run in agent main's isolated home\) not merged: /,
    );
    expect(actions[0]!.detail).toContain('/s/.openclaw-dev (which does not exist: everything in it is only here)');
    expect(actions[1]!.detail).toMatch(/^profile shadow of profile work \(openclaw --profile work run/);
    expect(actions[1]!.detail).not.toContain('does not exist');
  });
});
