// Proves how the bench names the best capture: distinct fps first, SSIM only to break a near tie.
import { describe, expect, it } from 'vitest';
import { beats, bestCapture } from '../../../scripts/bench/capture-verdict';

describe('which capture measured best', () => {
  it('goes by distinct fps first: a sharper picture at a quarter of the frames is not better', () => {
    // The tenth session's run: an older rule named the screencast on a 0.0003 higher whole-lane SSIM.
    expect(
      bestCapture([
        { method: 'chrome-recorder', fps: 28.7, ssimWhole: 0.9938 },
        { method: 'screencast', fps: 7.9, ssimWhole: 0.9941 },
      ]),
    ).toBe('chrome-recorder');
    expect(
      bestCapture([
        { method: 'chrome-recorder', fps: 9, ssimWhole: 0.999 },
        { method: 'screencast', fps: 29, ssimWhole: 0.99 },
      ]),
    ).toBe('screencast');
  });

  it('between two at about the same fps, takes the other only when its SSIM is clearly higher', () => {
    expect(beats({ fps: 29.2, ssimWhole: 0.9945 }, { fps: 28.5, ssimWhole: 0.994 })).toBe(false);
    expect(beats({ fps: 29.2, ssimWhole: 0.996 }, { fps: 28.5, ssimWhole: 0.994 })).toBe(true);
    expect(beats({ fps: 28.5, ssimWhole: 0.99 }, { fps: 29.4, ssimWhole: 0.994 })).toBe(false);
  });

  it('picks among three, the first listed keeping a tie', () => {
    const display = { method: 'display', fps: 29.1, ssimWhole: 0.995 };
    const recorder = { method: 'chrome-recorder', fps: 16.5, ssimWhole: 0.9902 };
    const screencast = { method: 'screencast', fps: 2.5, ssimWhole: 0.9839 };
    expect(bestCapture([display, recorder, screencast])).toBe('display');
    expect(bestCapture([recorder, screencast, display])).toBe('display');
    expect(bestCapture([display, { ...recorder, fps: 29.3, ssimWhole: 0.9952 }])).toBe('display');
    expect(bestCapture([])).toBeNull();
  });
});
