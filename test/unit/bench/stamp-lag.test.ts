// Proves the stamp-lag script's phase arguments and its quantile statistics.
import { describe, expect, it } from 'vitest';
import { parsePhases, quantile } from '../../../scripts/bench/stamp-lag';

describe('stamp-lag script arguments and statistics', () => {
  it('reads phases as mode:seconds', () => {
    expect(parsePhases('move:4,jump:2.5')).toEqual([
      { mode: 'move', ms: 4000 },
      { mode: 'jump', ms: 2500 },
    ]);
  });

  it('names the phase it cannot read', () => {
    expect(() => parsePhases('move:4,spin:2')).toThrow(/"spin:2"/);
    expect(() => parsePhases('jump:0')).toThrow(/"jump:0"/);
  });

  it('takes quantiles by the nearest rank below, unsorted input', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(quantile(xs, 0.5)).toBe(6);
    expect(quantile(xs, 0.1)).toBe(2);
    expect(quantile(xs, 1)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
