// Proves the steady-drawing rule (longest frame gap over a window) and its wait's limit and cancel.
import { describe, expect, it } from 'vitest';
import { drewSteadily, longestGapMs, waitForSteadyDrawing } from '../../../app/recorder/browser/steady-drawing';

/** Frame times from `start`, `step` ms apart, over `ms`, with optional stalls (at index → extra ms). */
function frames(start: number, step: number, ms: number, stalls: Record<number, number> = {}): number[] {
  const out = [start];
  let t = start;
  for (let i = 1; t - start < ms; i++) {
    t += step + (stalls[i] ?? 0);
    out.push(t);
  }
  return out;
}

describe('steady drawing', () => {
  it('measures the longest gap between frames, counting the wait for the first frame', () => {
    expect(longestGapMs([0, 16, 33, 50])).toBe(17);
    expect(longestGapMs([0, 120, 136])).toBe(120);
    expect(longestGapMs([5])).toBe(0);
  });

  it('is steady only over the whole window and without a stall', () => {
    expect(drewSteadily(frames(0, 16.7, 300), 300, 50)).toBe(true);
    expect(drewSteadily(frames(0, 16.7, 300, { 7: 80 }), 300, 50)).toBe(false);
    // 30 fps pages still count as steady; a page sampled too briefly does not.
    expect(drewSteadily(frames(0, 33.3, 300), 300, 50)).toBe(true);
    expect(drewSteadily(frames(0, 16.7, 150), 300, 50)).toBe(false);
    expect(drewSteadily([], 300, 50)).toBe(false);
  });

  it('waits until every page drew steadily in the same window', async () => {
    // Page a is steady from its 2nd window, page b from its 3rd.
    const plan = { a: [true, false, true, true], b: [false, false, true, true] };
    const calls = { a: 0, b: 0 };
    const page = (id: 'a' | 'b') => ({
      evaluate: async () => (plan[id][calls[id]++] ? frames(0, 16.7, 40) : frames(0, 16.7, 40, { 1: 100 })),
    });
    const r = await waitForSteadyDrawing([page('a'), page('b')] as never, { windowMs: 40, limitMs: 5000 });
    expect(r.steady).toBe(true);
    expect(r.windows).toBe(3);
    expect(r.lastGapsMs.every((g) => g !== null && g < 50)).toBe(true);
  });

  it('gives up after its limit, and counts a page that cannot answer as not steady (not as an error)', async () => {
    const broken = { evaluate: async () => Promise.reject(new Error('Execution context was destroyed')) };
    const calm = { evaluate: async () => frames(0, 16.7, 40) };
    const r = await waitForSteadyDrawing([calm, broken] as never, { windowMs: 40, limitMs: 200 });
    expect(r.steady).toBe(false);
    expect(r.waitedMs).toBeGreaterThanOrEqual(200);
    // Failing pages are asked again a window later, not in a busy loop.
    expect(r.windows).toBeLessThanOrEqual(7);
    expect(r.lastGapsMs[1]).toBeNull();
  });

  it('stops at once, unsteady, when cancelled', async () => {
    const ac = new AbortController();
    const stalled = { evaluate: async () => frames(0, 16.7, 40, { 1: 100 }) };
    setTimeout(() => ac.abort(), 100);
    const r = await waitForSteadyDrawing([stalled] as never, { windowMs: 40, limitMs: 60_000, signal: ac.signal });
    expect(r.steady).toBe(false);
    expect(r.windows).toBeLessThan(10);
  });
});
