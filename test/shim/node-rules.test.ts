// Which Node runs the real CLI: engines ranges as npm reads them, and the runner choice.
import { describe, expect, it } from 'vitest';
import { chooseRunner, parseVersion, satisfies, suitable, type RunnerInput } from '../../src/shim/node-rules.ts';
import { enginesNodeIn, isNodeShebang, shebangWords } from '../../src/shim/real-script.ts';

const V5 = '>=22.16.0'; // openclaw 2026.5.12 package.json engines.node
const V9 = '>=24.16.0 <25 || >=26.1.0'; // openclaw 2026.9.6

describe('satisfies (engines.node)', () => {
  it.each([
    ['22.16.0', V5, true],
    ['22.15.9', V5, false],
    ['20.19.0', V5, false],
    ['24.21.0', V5, true],
    ['24.16.0', V9, true],
    ['24.15.1', V9, false],
    ['25.9.0', V9, false],
    ['26.0.9', V9, false],
    ['26.1.0', V9, true],
    ['22.12.0', V9, false],
    ['22.12.0', '^22.12', true],
    ['23.0.0', '^22.12', false],
    ['22.13.1', '~22.13', true],
    ['22.14.0', '~22.13', false],
    ['22.5.0', '22.x', true],
    ['23.5.0', '22', false],
    ['24.0.0', '>= 22 < 25', true],
    ['25.0.0', '>= 22 < 25', false],
    ['22.12.0', '22.0.0 - 22.12.0', true],
    ['22.13.0', '22.0.0 - 22.12.0', false],
    ['24.1.0', '', true],
    ['24.1.0', 'latest-and-greatest', true],
    // Not readable as a range (semver refuses them): counted as satisfied, the real CLI checks its own.
    ['24.21.0', '1 - 2 - 3', true],
    ['24.21.0', '- 24', true],
    ['24.21.0', '22 -', true],
    ['24.21.0', '<=*', true],
    ['24.21.0', '<*', false],
  ] as const)('%s in "%s": %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('a Node below the floor never suits, whatever the engines say', () => {
    expect(suitable('20.19.2', '>=18')).toBe(false);
    expect(suitable('22.12.0', undefined)).toBe(true);
    expect(parseVersion('v24.21.0')).toEqual([24, 21, 0]);
  });
});

describe('chooseRunner', () => {
  const own = { path: '/opt/node24/bin/node', version: '24.21.0' };
  const base: RunnerInput = { script: { kind: 'node', engines: V9 }, own, forceExec: false, canRunMain: true };

  it('runs a Node script in process when the own Node suits its engines, even if PATH has an old node', () => {
    expect(chooseRunner(base)).toMatchObject({ how: 'in-process', node: own });
  });
  it('OPENCLAW_SHIM_FORCE_EXEC=1: the same Node, by exec', () => {
    expect(chooseRunner({ ...base, forceExec: true })).toMatchObject({
      how: 'exec-node',
      node: own,
      why: expect.stringContaining('FORCE_EXEC'),
    });
  });
  it('a script that is not plain node (ELF, sh, node with #! flags) is exec’d as it is', () => {
    expect(chooseRunner({ ...base, script: { kind: 'other', why: 'sh' } })).toEqual({ how: 'exec', why: 'sh' });
  });
  it('own Node too old for the engines: the gateway’s recorded Node, when it exists and suits', () => {
    const gateway = { path: '/gw/node', version: '24.16.0' };
    const old = { ...base, own: { path: '/n22', version: '22.12.0' } };
    expect(chooseRunner({ ...old, gateway, gatewayExists: true })).toMatchObject({ how: 'exec-node', node: gateway });
    expect(chooseRunner({ ...old, gateway, gatewayExists: false })).toMatchObject({
      how: 'no-node',
      why: expect.stringContaining('missing'),
    });
    expect(chooseRunner({ ...old, gateway: { path: '/gw/node', version: '25.1.0' }, gatewayExists: true }).how).toBe(
      'no-node',
    );
  });
});

describe('reading the real CLI', () => {
  it('finds engines.node in package.json text without parsing all of it', () => {
    expect(enginesNodeIn('{"name":"openclaw","engines": {\n  "node": ">=24.16.0 <25 || >=26.1.0"\n},"x":1}')).toBe(V9);
    expect(enginesNodeIn('{"name":"x","engines":{"npm":">=9"}}')).toBeUndefined();
    // Bytes as the shim reads them: offsets stay right after multi-byte text (a description in any language).
    expect(
      enginesNodeIn(Buffer.from('{"description":"Ümlauts — and 猫","engines":{"node":">=24.16.0 <25 || >=26.1.0"}}')),
    ).toBe(V9);
    expect(enginesNodeIn('{"description":"\\"engines\\" are cool"}')).toBeUndefined();
  });
  it.each([
    ['#!/usr/bin/env node\n', true],
    ['#!/usr/local/bin/node\n', true],
    ['#!/usr/bin/env -S node --no-warnings\n', false],
    ['#!/bin/sh\n', false],
    ['#!/usr/bin/env nodejs\n', true],
    ['#!/usr/bin/env python3\n', false],
  ] as const)('%j is a plain Node script: %s', (head, expected) => {
    expect(isNodeShebang(shebangWords(head) ?? [])).toBe(expected);
  });
});
