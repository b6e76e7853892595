// A command that outlives Codex's yield time is polled; its chunks fold back into one output (pure).
import { expect, it } from 'vitest';
import { foldOutputs } from '../../src/mock-model/server.ts';

it('joins a running chunk with the poll that finished it, without the poll header', () => {
  const folded = foldOutputs([
    { callId: 'call_1', output: 'Chunk ID: a\nProcess running with session ID 7\nOutput:\n{"path": "/s/' },
    { callId: 'call_2', output: 'Chunk ID: b\nProcess exited with code 0\nOutput:\nsessions.json"}\n' },
    { callId: 'call_3', output: 'Chunk ID: c\nProcess exited with code 0\nOutput:\nnext\n' },
  ]);
  expect(folded).toEqual([
    {
      callId: 'call_1',
      output: 'Chunk ID: a\nProcess running with session ID 7\nOutput:\n{"path": "/s/sessions.json"}\n',
    },
    { callId: 'call_3', output: 'Chunk ID: c\nProcess exited with code 0\nOutput:\nnext\n' },
  ]);
});
