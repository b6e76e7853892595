// Redaction at its edges: every secret name and header form, the size limit's boundary, JSON with
// leading spaces, loose JSON forms, and what must stay as typed (each a mutant the table let live).
import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_ARG, REDACTED, redactArgv } from '../../src/shim/redact.ts';

const R = REDACTED;

describe('secret option names', () => {
  it.each([
    'passwd',
    'password',
    'passphrase',
    'client-secret',
    'api-key',
    'api_key',
    'apikey',
    'credential',
    'auth-key',
    'authorisation',
    'authorization',
    'recovery_key',
    'private-key',
    'bearer',
    'cookie',
    'gateway.auth',
    'x-auth',
    'key',
    'pass',
  ])('--%s=value and --%s value are redacted', (name) => {
    expect(redactArgv([`--${name}=v4lue`])).toEqual([`--${name}=${R}`]);
    expect(redactArgv([`--${name}`, 'v4lue'])).toEqual([`--${name}`, R]);
  });
  it.each(['author', 'oauthish', 'pinned', 'agent', 'session-key', 'token-file', 'pin'])(
    '--%s=value is kept',
    (name) => {
      expect(redactArgv([`--${name}=v4lue`])).toEqual([`--${name}=v4lue`]);
    },
  );
  it('a single-dash option counts; a bare word before a value does not', () => {
    expect(redactArgv(['-password=pw', '-token', 'tk'])).toEqual([`-password=${R}`, '-token', R]);
    expect(redactArgv(['echo', 'token', 'visible'])).toEqual(['echo', 'token', 'visible']);
  });
  it('NAME=value keeps the whole name, whatever precedes the dashes', () => {
    expect(redactArgv(['x--token=abc'])).toEqual([`x--token=${R}`]);
  });
});

describe('headers and schemes', () => {
  it.each([
    ['Proxy-Authorization: Basic dXNlcjpwYXNz', `Proxy-Authorization: ${R}`],
    ['Cookie : sid=abc', `Cookie : ${R}`],
    ['Set-Cookie: sid=abc; Path=/', `Set-Cookie: ${R}`],
    ['X-Api-Key: k123', `X-Api-Key: ${R}`],
    ['Api-Key: k123', `Api-Key: ${R}`],
    ['X-Auth-Token: t123', `X-Auth-Token: ${R}`],
    ['Bearer  abcdefgh', `Bearer ${R}`],
    ['use Basic dXNlcjpwYXNz now', `use Basic ${R} now`],
    ['Token abcdef', `Token ${R}`],
  ])('%s', (arg, want) => expect(redactArgv(['--header-ish', arg])).toEqual(['--header-ish', want]));
});

describe('JSON and JSON-ish text', () => {
  it('JSON with leading spaces is still read as JSON', () => {
    expect(redactArgv(['--params', '  {"token":"abc"}'])).toEqual(['--params', `{"token":"${R}"}`]);
  });
  it('{name|key|path: <secret name>, value} pairs hide the value only', () => {
    expect(redactArgv(['x', '[{"name":"apiKey","value":"v","note":"kept"}]'])).toEqual([
      'x',
      `[{"name":"apiKey","value":"${R}","note":"kept"}]`,
    ]);
    expect(redactArgv(['x', '{"key":"password","value":"v"}'])).toEqual(['x', `{"key":"password","value":"${R}"}`]);
    expect(redactArgv(['x', '{"name":"port","value":1}'])).toEqual(['x', '{"name":"port","value":1}']);
  });
  it('null fields are kept as typed; a null secret is still hidden', () => {
    expect(redactArgv(['x', '{"a": null, "b": 1}'])).toEqual(['x', '{"a": null, "b": 1}']);
    expect(redactArgv(['x', '{"token":null}'])).toEqual(['x', `{"token":"${R}"}`]);
  });
  it('loose JSON: single quotes, escaped quotes, bare values, no spaces', () => {
    expect(redactArgv(['x', "{ token: 'a\\'b', port: 1 }"])).toEqual(['x', `{ token: "${R}", port: 1 }`]);
    expect(redactArgv(['x', '{ "secret": "a\\"b", }'])).toEqual(['x', `{ "secret": "${R}", }`]);
    expect(redactArgv(['x', '{password:hunter2,}'])).toEqual(['x', `{password:"${R}",}`]);
  });
  it('text that merely contains a brace is not taken for JSON', () => {
    expect(redactArgv(['message', 'send', 'ok {x} token: 5'])).toEqual(['message', 'send', 'ok {x} token: 5']);
  });
});

describe('config set and the size limit', () => {
  it('only `config … set` makes the value after a secret key secret', () => {
    expect(redactArgv(['echo', 'set', 'auth.token', 'visible'])).toEqual(['echo', 'set', 'auth.token', 'visible']);
  });
  it(`an argument of exactly ${MAX_LOGGED_ARG} characters is logged (redacted); one more is not logged`, () => {
    const at = `--token=${'a'.repeat(MAX_LOGGED_ARG - 8)}`;
    expect(redactArgv([at])).toEqual([`--token=${R}`]);
    expect(redactArgv([`${at}a`])).toEqual([`[${MAX_LOGGED_ARG + 1} characters not logged]`]);
  });
});
