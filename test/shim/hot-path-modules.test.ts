// The shim's hot path loads no Node module a tool call would otherwise not pay for (node:crypto cost ~8 ms).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShimSandbox, run, type ShimSandbox } from './support.ts';

/** A Node `openclaw` that prints the built-in modules loaded so far (by Node, the shim and itself). */
const REPORTER = `#!/usr/bin/env node
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule '))));
`;

/**
 * What the shim may load beyond a direct start: vm (its bundle runs with V8's code cache). Not node:module:
 * the hand-over takes Node's Module class from the entry. child_process only on the spawn fallback.
 */
const ALLOWED = /^NativeModule (vm|internal\/vm.*)$/;

describe('the installed shim, in front of a Node openclaw', () => {
  let sb: ShimSandbox;
  let realDir: string;
  beforeAll(() => {
    sb = makeShimSandbox();
    realDir = path.join(sb.dir, 'real');
    fs.mkdirSync(realDir);
    fs.writeFileSync(path.join(realDir, 'openclaw'), REPORTER, { mode: 0o755 });
  });
  afterAll(() => sb.cleanup());

  const modules = async (file: string, env: Record<string, string>): Promise<string[]> => {
    const r = await run(file, { args: ['--version'], env });
    expect(r.stderr.toString()).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout.toString()) as string[];
  };

  it('loads neither node:crypto nor node:zlib, and nothing else outside the few it needs', async () => {
    const env = sb.env([realDir], { OPENCLAW_SHIM_QUIET: '1' });
    await modules(sb.shim, env); // the first call writes the code cache; the second reads and checks it
    const through = await modules(sb.shim, env);
    const direct = new Set(await modules(path.join(realDir, 'openclaw'), env));
    const added = through.filter((m) => !direct.has(m));
    expect(added.filter((m) => /crypto|zlib/.test(m))).toEqual([]);
    expect(added.filter((m) => !ALLOWED.test(m))).toEqual([]);
  });

  it('hands over just as well where a package.json with "type": "module" above makes the shim ESM', async () => {
    const pkg = path.join(sb.dir, 'package.json');
    fs.writeFileSync(pkg, '{ "type": "module" }\n');
    try {
      const env = sb.env([realDir], { OPENCLAW_SHIM_QUIET: '1' });
      const through = await modules(sb.shim, env);
      // In process (the shim's vm is loaded in the same process), with node:module as the Module class.
      expect(through).toEqual(expect.arrayContaining(['NativeModule vm', 'NativeModule module']));
      expect(through.filter((m) => /crypto|zlib/.test(m))).toEqual([]);
    } finally {
      fs.rmSync(pkg);
    }
  });
});
