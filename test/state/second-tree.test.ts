// A second state tree beside the real one (nested <state>/.openclaw, legacy ~/.clawdbot and ~/.moltbot) is an informational finding, not silence.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsRoot, findingsOf, freshStates } from './fixture.ts';

const fresh = freshStates();

describe('second state trees', () => {
  it('nested <state>/.openclaw and ~/.clawdbot, ~/.moltbot with configs and sessions: one info each', async () => {
    const f = fresh();
    const nested = path.join(f.stateDir, '.openclaw');
    fs.mkdirSync(path.join(nested, 'agents/main/sessions'), { recursive: true });
    fs.writeFileSync(path.join(nested, 'openclaw.json'), '{}');
    for (const [name, config] of [
      ['.clawdbot', 'clawdbot.json'],
      ['.moltbot', 'moltbot.json'],
    ] as const) {
      fs.mkdirSync(path.join(f.home, name, 'agents/main/sessions'), { recursive: true });
      fs.writeFileSync(path.join(f.home, name, config), '{}');
    }
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    const second = findingsOf(d.stdout).filter((x) => x.code === 'SECOND_STATE_TREE');
    expect(second.map((x) => x.path).sort()).toEqual(
      [nested, path.join(f.home, '.clawdbot'), path.join(f.home, '.moltbot')].sort(),
    );
    expect(second.every((x) => x.severity === 'info')).toBe(true);
    expect(second.find((x) => x.path === nested)?.message).toMatch(/OPENCLAW_HOME is set to the state dir/);
    const human = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir]);
    expect(String(human.stdout)).toContain(
      `SECOND_STATE_TREE: A second OpenClaw state tree ${path.join(f.home, '.clawdbot')} holds config clawdbot.json and sessions of 1 agent(s)`,
    );
  });

  it('an empty legacy dir is no tree', async () => {
    const f = fresh();
    fs.mkdirSync(path.join(f.home, '.clawdbot'));
    const d = await cliAsRoot(f, ['doctor', '--state-dir', f.stateDir, '--json']);
    expect(findingsOf(d.stdout).map((x) => x.code)).not.toContain('SECOND_STATE_TREE');
  });
});
