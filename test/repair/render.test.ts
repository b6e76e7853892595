// Repair's human output: an undo with nothing left to do still says what stays in an agent database.
import { describe, expect, it } from 'vitest';
import type { RepairResult } from '../../src/repair/apply.ts';
import type { Output } from '../../src/lib/output.ts';
import { printRepair } from '../../src/repair/render.ts';

const plain = (s: string): string => s;
function captured(): { out: Output; lines: string[] } {
  const lines: string[] = [];
  const out: Output = {
    line: (text = '') => void lines.push(text),
    json: () => undefined,
    error: () => undefined,
    progress: () => undefined,
    onReaderGone: () => undefined,
    style: { bold: plain, red: plain, yellow: plain, green: plain, dim: plain },
  };
  return { out, lines };
}

const undo = (actions: RepairResult['actions']): RepairResult =>
  ({
    mode: 'undo',
    stateDir: '/s',
    backupDir: '/s/backups/openclaw-shim/B',
    resumed: false,
    nothingToDo: false,
    actions,
    exitCode: 0,
  }) as unknown as RepairResult;

describe('printRepair, an undo with every action skipped', () => {
  it('says nothing is left to undo, and again which imported sessions stay in the agent database', () => {
    const { out, lines } = captured();
    const stays = 'the 1 session(s) this repair imported (agent:target:x) stay in the agent database';
    printRepair(
      out,
      undo([
        {
          step: 'restore',
          path: '/s/agents/a/agent/codex-home/home/.openclaw',
          detail: 'back already',
          status: 'skipped',
        },
        {
          step: 'import',
          agent: 'target',
          path: '/s/agents/target/agent/openclaw-agent.sqlite',
          detail: stays,
          status: 'skipped',
        },
      ] as RepairResult['actions']),
    );
    expect(lines[0]).toContain('Nothing to undo from /s/backups/openclaw-shim/B');
    expect(lines.slice(1)).toEqual([expect.stringContaining(stays)]);
    expect(lines[1]).toContain('/s/agents/target/agent/openclaw-agent.sqlite');
  });

  it('without an import, the one line', () => {
    const { out, lines } = captured();
    printRepair(
      out,
      undo([{ step: 'restore', path: '/t', detail: 'back already', status: 'skipped' }] as RepairResult['actions']),
    );
    expect(lines).toHaveLength(1);
  });
});
