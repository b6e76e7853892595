// The shipped alert rules: promtool accepts them, and each fires on the state it is for and not on a healthy host.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { promTools } from './promtool.ts';

const tools = promTools();
const RULES = path.join(ROOT, 'contrib/prometheus/alerts.yml');
const TESTS = path.join(ROOT, 'test/monitoring/alerts.promtool.yml');

describe.skipIf('skip' in tools)(
  `contrib/prometheus/alerts.yml${'skip' in tools ? ` (skipped: ${tools.skip})` : ''}`,
  () => {
    const promtool = 'tools' in tools ? tools.tools.promtool : '';

    it('promtool check rules accepts every rule', () => {
      const r = spawnSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toContain('SUCCESS: 5 rules found');
      expect(r.status).toBe(0);
    });

    it('promtool test rules: every rule fires for the host in its state, none for the healthy host', () => {
      const r = spawnSync(promtool, ['test', 'rules', TESTS], { encoding: 'utf8' });
      expect(r.stdout + r.stderr).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });
  },
);
