// launcher.json says where its Codex command came from; only the config's own value counts as the operator's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launcherRecordText, operatorsCodexCommand, readLauncherRecord } from '../../src/launch/launcher-record.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-record-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const roundTrip = (text: string) => (fs.writeFileSync(path.join(dir, 'launcher.json'), text), readLauncherRecord(dir));

describe('launcher.json codexCommandFrom', () => {
  it("the config value setup replaced is the operator's", () => {
    expect(
      operatorsCodexCommand(roundTrip(launcherRecordText({ codexCommand: '/opt/codex', codexCommandFrom: 'config' }))),
    ).toBe('/opt/codex');
  });

  it('a Codex named in OPENCLAW_SHIM_CODEX_BIN, or one of unknown origin, is not', () => {
    const named = roundTrip(
      launcherRecordText({ codexCommand: '/cache/codex', codexCommandFrom: 'OPENCLAW_SHIM_CODEX_BIN' }),
    );
    expect(named?.codexCommand).toBe('/cache/codex');
    expect(operatorsCodexCommand(named)).toBeUndefined();
    expect(operatorsCodexCommand(roundTrip(launcherRecordText({ codexCommand: '/opt/codex' })))).toBeUndefined();
    expect(
      roundTrip('{"schema":"openclaw-shim/launcher","version":1,"codexCommand":"/x","codexCommandFrom":"elsewhere"}')
        ?.codexCommandFrom,
    ).toBeUndefined();
  });
});
