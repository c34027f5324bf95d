// Proves the profile store loses no finished save and damages no file when saves are killed at random moments (a short run of the kill-cycles script).
import { describe, expect, it } from 'vitest';
import { killCycles } from '../../scripts/reliability/kill-cycles';

// The suite's short run of scripts/reliability/kill-cycles.ts; RELIABILITY.md records its 1,000-cycle run.
describe('profile store: saves killed at random moments', () => {
  it('loses no finished save, damages no file and leaves nothing behind', async () => {
    const r = await killCycles({ count: 6 });
    expect(r.problems).toEqual([]);
    expect({ corrupted: r.corrupted, lost: r.lost, blocked: r.blocked, leftAtEnd: r.leftAtEnd }).toEqual({ corrupted: 0, lost: 0, blocked: 0, leftAtEnd: [] });
    expect(r.cycles).toBe(6);
  });
});
