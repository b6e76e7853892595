// Table-driven tests of argv redaction: secrets never reach the redirect log, everything else stays as typed.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactArgv } from '../../src/shim/redact.ts';

const R = REDACTED;
const rows: Array<[string[], string[]]> = [
  [['gateway', 'call', '--token', 'hunter2'], ['gateway', 'call', '--token', R]],
  [['--password=hunter2', 'status'], [`--password=${R}`, 'status']],
  [['config', 'set', 'gateway.auth.token', 'hunter2'], ['config', 'set', 'gateway.auth.token', R]],
  [['config', 'set', 'gateway.auth.password', 'hunter2', '--json'], ['config', 'set', 'gateway.auth.password', R, '--json']],
  [['config', 'set', 'gateway.port', '18789'], ['config', 'set', 'gateway.port', '18789']],
  [['--url', 'https://u:p4ss@example.com/x'], ['--url', `https://u:${R}@example.com/x`]],
  [['API_KEY=sk-live-1'], [`API_KEY=${R}`]],
  [['-c', 'model_providers.x.api_key=sk-1'], ['-c', `model_providers.x.api_key=${R}`]],
  [['--gateway-token', 'abc', '--agent', 'main'], ['--gateway-token', R, '--agent', 'main']],
  [['--secret=a=b'], [`--secret=${R}`]],
  [['sessions', '--agent', 'target', '--json'], ['sessions', '--agent', 'target', '--json']],
  [['message', 'send', 'hello world', ''], ['message', 'send', 'hello world', '']],
];

describe('redactArgv', () => {
  it.each(rows)('%j', (args, want) => {
    expect(redactArgv(args)).toEqual(want);
  });

  it('never lets a secret value through in any of the forms', () => {
    const secret = 'S3CRET-VALUE';
    const args = ['--token', secret, `--password=${secret}`, 'config', 'set', 'a.auth.token', secret, `https://x:${secret}@h`, `OPENAI_API_KEY=${secret}`];
    expect(JSON.stringify(redactArgv(args))).not.toContain(secret);
  });
});
