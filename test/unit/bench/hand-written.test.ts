// Proves regenerating BENCHMARKS.md keeps its hand-measured tail.
import { describe, expect, it } from 'vitest';
import { handWritten } from '../../../scripts/bench/hand-written';

describe('BENCHMARKS.md regeneration', () => {
  it('keeps the hand-measured tail, however often the file is regenerated', () => {
    const tail = '\n## Measured by hand (kept)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';
    const first = '# Benchmarks\n\n## Targets\n\nold numbers\n' + tail;
    const second = '# Benchmarks\n\n## Targets\n\nnew numbers\n' + handWritten(first);
    expect(second).toBe('# Benchmarks\n\n## Targets\n\nnew numbers\n' + tail);
    expect(handWritten(second)).toBe(tail);
    expect(handWritten('# Benchmarks\n\nno hand-written part\n')).toBe('');
  });
});
