// Table-driven tests of argv redaction: secrets never reach the redirect log, everything else stays as typed.
import { describe, expect, it } from 'vitest';
import { REDACTED, redactArgv } from '../../src/shim/redact.ts';

const R = REDACTED;
const rows: Array<[string[], string[]]> = [
  [
    ['gateway', 'call', '--token', 'hunter2'],
    ['gateway', 'call', '--token', R],
  ],
  [
    ['--password=hunter2', 'status'],
    [`--password=${R}`, 'status'],
  ],
  [
    ['config', 'set', 'gateway.auth.token', 'hunter2'],
    ['config', 'set', 'gateway.auth.token', R],
  ],
  [
    ['config', 'set', 'gateway.auth.password', 'hunter2', '--json'],
    ['config', 'set', 'gateway.auth.password', R, '--json'],
  ],
  [
    ['config', 'set', 'gateway.port', '18789'],
    ['config', 'set', 'gateway.port', '18789'],
  ],
  [
    ['--url', 'https://u:p4ss@example.com/x'],
    ['--url', `https://u:${R}@example.com/x`],
  ],
  [['API_KEY=sk-live-1'], [`API_KEY=${R}`]],
  [
    ['-c', 'model_providers.x.api_key=sk-1'],
    ['-c', `model_providers.x.api_key=${R}`],
  ],
  [
    ['--gateway-token', 'abc', '--agent', 'main'],
    ['--gateway-token', R, '--agent', 'main'],
  ],
  [['--secret=a=b'], [`--secret=${R}`]],
  [
    ['sessions', '--agent', 'target', '--json'],
    ['sessions', '--agent', 'target', '--json'],
  ],
  [
    ['message', 'send', 'hello world', ''],
    ['message', 'send', 'hello world', ''],
  ],
  // Flags between `set` and the key, and JSON values, still hide the secret.
  [
    ['config', 'set', '--strict-json', 'gateway.auth.password', '"pw"'],
    ['config', 'set', '--strict-json', 'gateway.auth.password', R],
  ],
  [
    ['config', 'set', 'gateway.auth', '{"mode":"token","token":"abc123"}'],
    ['config', 'set', 'gateway.auth', R],
  ],
  [
    ['config', 'set', 'gateway', '{"auth":{"mode":"token","token":"abc123"}}'],
    ['config', 'set', 'gateway', `{"auth":{"mode":"token","token":"${R}"}}`],
  ],
  [
    ['config', 'patch', '{"gateway":{"auth":{"token":"zzz"}},"port":1}'],
    ['config', 'patch', `{"gateway":{"auth":{"token":"${R}"}},"port":1}`],
  ],
  [
    [
      'config',
      'set',
      '--batch-json',
      '[{"path":"gateway.auth.token","value":"SECRET"},{"path":"gateway.port","value":1}]',
    ],
    [
      'config',
      'set',
      '--batch-json',
      `[{"path":"gateway.auth.token","value":"${R}"},{"path":"gateway.port","value":1}]`,
    ],
  ],
  [
    ['gateway', 'call', 'x', '--params', '{"password":"SECRET","key":"agent:main:main"}'],
    ['gateway', 'call', 'x', '--params', `{"password":"${R}","key":"agent:main:main"}`],
  ],
  [['--params={"apiKey":"k"}'], [`--params={"apiKey":"${R}"}`]],
  [
    ['--url', 'wss://gw/ws?token=SECRET&x=1'],
    ['--url', `wss://gw/ws?token=${R}&x=1`],
  ],
  [
    ['config', 'patch', "{ gateway: { auth: { token: 'abc' } } }"],
    ['config', 'patch', `{ gateway: { auth: { token: "${R}" } } }`],
  ],
  [
    ['config', 'patch', '{ "gateway": { "port": 1 } }'],
    ['config', 'patch', '{ "gateway": { "port": 1 } }'],
  ],
  // Real 2026.5.12 option shapes: matrix recovery keys, browser headers.
  [
    ['matrix', 'verify', '--recovery-key', 'EsT1 abc'],
    ['matrix', 'verify', '--recovery-key', R],
  ],
  [
    ['browser', 'set', 'headers', '{"Authorization":"Bearer SECRETA","Accept":"x"}'],
    ['browser', 'set', 'headers', `{"Authorization":"${R}","Accept":"x"}`],
  ],
  [
    ['--header', 'Authorization: Bearer abcdef123'],
    ['--header', `Authorization: ${R}`],
  ],
  [
    ['--auth', 'Bearer abcdef123'],
    ['--auth', R],
  ],
  [
    ['curl-like', 'Bearer abcdefgh12345'],
    ['curl-like', `Bearer ${R}`],
  ],
  // Session keys and ids are not secrets.
  [
    ['sessions', 'delete', '--key', 'agent:main:main', '--session-key', 'agent:x'],
    ['sessions', 'delete', '--key', 'agent:main:main', '--session-key', 'agent:x'],
  ],
];

describe('redactArgv on large arguments', () => {
  it('does not log an argument past the size limit, and stays linear in time', () => {
    const big = 'x'.repeat(100_000);
    const start = process.hrtime.bigint();
    const out = redactArgv(Array.from({ length: 20 }, () => big));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(out[0]).toBe('[100000 characters not logged]');
    expect(ms).toBeLessThan(200); // was seconds per argument with an unbounded URL regex
  });

  it('scans arguments just under the limit without backtracking blow-up', () => {
    const long = `${'a'.repeat(2000)}`;
    const shapes = [
      long,
      `{${long}`,
      `${long}://`,
      `?${long}`,
      'a='.repeat(1000),
      'a://u:p/@'.repeat(220),
      `https://u:p/${'@'.repeat(2000)}`,
      'x://'.repeat(500),
    ];
    redactArgv(['warm-up']);
    // CPU time, not wall time: a loaded machine must not fail this, a blow-up (seconds) must.
    const start = process.cpuUsage();
    for (const shape of shapes) redactArgv([shape]);
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1e3).toBeLessThan(200);
  });
});

describe('redactArgv', () => {
  it.each(rows)('%j', (args, want) => {
    expect(redactArgv(args)).toEqual(want);
  });

  it('never lets a secret value through in any of the forms', () => {
    const secret = 'S3CRET-VALUE';
    const args = [
      '--token',
      secret,
      `--password=${secret}`,
      'config',
      'set',
      'a.auth.token',
      secret,
      `https://x:${secret}@h`,
      `OPENAI_API_KEY=${secret}`,
      `{"auth":{"token":"${secret}"}}`,
      `wss://h/?access_token=${secret}`,
      `[{"path":"x.apiKey","value":"${secret}"}]`,
    ];
    expect(JSON.stringify(redactArgv(args))).not.toContain(secret);
  });
});
