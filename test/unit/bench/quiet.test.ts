// Proves the bench's wait for a quiet CPU: reading /proc/stat, waiting while busy, and giving up at its limit.
import { describe, expect, it } from 'vitest';
import { busyBetween, parseProcStat, waitForQuiet, type CpuTimes } from '../../../scripts/bench/quiet';

describe('parseProcStat', () => {
  it('counts idle and iowait as not busy, steal and irq as busy', () => {
    const t = parseProcStat('cpu  100 10 50 800 20 5 5 10 0 0\ncpu0 50 5 25 400 10 2 3 5 0 0\n');
    expect(t).toEqual({ busy: 180, total: 1000 });
  });
  it('names what is missing', () => {
    expect(() => parseProcStat('intr 1 2 3')).toThrow(/cpu/);
  });
});

describe('waitForQuiet', () => {
  const seq = (busyShares: number[]) => {
    let busy = 0;
    let total = 0;
    const points: CpuTimes[] = [{ busy, total }];
    for (const s of busyShares) {
      busy += s * 200;
      total += 200;
      points.push({ busy, total });
    }
    let i = 0;
    // Each window reads twice: the end of one window is not the start of the next (time passes between).
    return () => points[Math.min(i++, points.length - 1)]!;
  };
  it('waits while the machine is busy and returns once a window is quiet', async () => {
    const read = seq([0.9, 0, 0.6, 0, 0.05, 0]);
    const q = await waitForQuiet({ read, windowMs: 1, limitMs: 10_000 });
    expect(q.quiet).toBe(true);
    expect(q.busyPct).toBe(5);
    expect(busyBetween({ busy: 0, total: 0 }, { busy: 0, total: 0 })).toBe(0);
  });
  it('gives up at the limit and says the machine was not quiet', async () => {
    // One clock reading for both: two could fall either side of a millisecond and read 83 %.
    const all = () => {
      const t = Date.now() * 10;
      return { busy: t, total: t };
    };
    const q = await waitForQuiet({ read: all, windowMs: 5, limitMs: 20 });
    expect(q.quiet).toBe(false);
    expect(q.busyPct).toBe(100);
  });
});
