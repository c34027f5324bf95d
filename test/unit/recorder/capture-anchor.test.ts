// Proves a Chrome recording is placed on the run clock by its end, within the bounds of when it was asked for and stopped.
import { describe, expect, it } from 'vitest';
import { anchorByEnd, KEEP_PROVISIONAL_WITHIN_MS } from '../../../app/recorder/capture/chrome-recorder';

const T = 1_800_000_000_000;
// Measured shape: asked at T, answered at once, first frame 120 ms later; stop at T + 20 s.
const cap = { requestedMs: T, startMs: T + 1, endMs: T + 20_000 };

describe('placing a Chrome recording on the run clock', () => {
  it('places the file by its end: start = end − duration', () => {
    expect(anchorByEnd(cap, 19.88)).toEqual({ startMs: T + 120, by: 'end', lagMs: 120 });
  });
  it('never before the start was asked for (a file a little longer than the wall clock)', () => {
    expect(anchorByEnd(cap, 20.05)).toEqual({ startMs: T, by: 'end', lagMs: 0 });
  });
  it('never after the end, whatever the duration says', () => {
    expect(anchorByEnd(cap, 0.000001).startMs).toBeLessThanOrEqual(cap.endMs);
  });
  it('keeps the provisional start when the end anchor is within the tolerance (segments composed while recording stay valid)', () => {
    expect(anchorByEnd(cap, 19.97, KEEP_PROVISIONAL_WITHIN_MS)).toEqual({ startMs: T + 1, by: 'start', lagMs: 30 });
    expect(anchorByEnd(cap, 19.95, KEEP_PROVISIONAL_WITHIN_MS)).toEqual({ startMs: T + 50, by: 'end', lagMs: 50 });
    expect(anchorByEnd(cap, 19.88, KEEP_PROVISIONAL_WITHIN_MS)).toEqual({ startMs: T + 120, by: 'end', lagMs: 120 });
  });
  it('keeps the provisional start when the duration is unknown', () => {
    for (const d of [null, undefined, NaN, 0, -3]) expect(anchorByEnd(cap, d)).toEqual({ startMs: T + 1, by: 'start', lagMs: null });
  });
});
