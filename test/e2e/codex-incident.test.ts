// The incident with the real Codex and no launcher: its login shell loses the gateway's PATH, a plain shell writes a shadow tree.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { codexScenario, jsonIn, TEST_TIMEOUT_MS, type Scenario } from '../helpers/codex.ts';

const scenarios: Scenario[] = [];
afterAll(() => scenarios.forEach((s) => s.g.cleanup()));

it('without the launcher: login shells find no openclaw, a plain shell writes a shadow state tree', async () => {
  const s = await codexScenario(
    [{ cmd: 'command -v openclaw || echo NO-OPENCLAW; echo "PATH=$PATH"' }, { cmd: 'openclaw sessions cleanup --enforce --json', login: false }],
    { mode: 'exec', launcher: false },
  );
  scenarios.push(s);
  expect(s.run.exitCode, s.run.stderr).toBe(0);
  const [login, plain] = s.outputs.map((o) => o.output);
  // /etc/profile replaced PATH: the gateway's dirs (real openclaw, Node 24) are gone.
  expect(login).toContain('NO-OPENCLAW');
  expect(login).toContain('PATH=');
  expect(login).not.toContain(s.g.realBinDir);
  const shadowStore = path.join(s.g.isolatedHome, '.openclaw', 'agents', 'main', 'sessions', 'sessions.json');
  expect(jsonIn(plain!)?.storePath).toBe(shadowStore);
  expect(fs.existsSync(path.join(s.g.isolatedHome, '.openclaw'))).toBe(true);
}, TEST_TIMEOUT_MS);
