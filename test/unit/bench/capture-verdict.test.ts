import { describe, expect, it } from 'vitest';
import { betterCapture } from '../../../scripts/bench/capture-verdict';

describe('which capture measured better', () => {
  it('goes by distinct fps first: a sharper picture at a quarter of the frames is not better', () => {
    // The tenth session's run: the old rule named the screencast on a 0.0003 higher whole-lane SSIM.
    expect(betterCapture({ fps: 28.7, ssimWhole: 0.9938 }, { fps: 7.9, ssimWhole: 0.9941 })).toBe('chrome-recorder');
    expect(betterCapture({ fps: 9, ssimWhole: 0.999 }, { fps: 29, ssimWhole: 0.99 })).toBe('screencast');
  });
  it('between two at about the same fps, takes the screencast only when its SSIM is clearly higher', () => {
    expect(betterCapture({ fps: 28.5, ssimWhole: 0.994 }, { fps: 29.2, ssimWhole: 0.9945 })).toBe('chrome-recorder');
    expect(betterCapture({ fps: 28.5, ssimWhole: 0.994 }, { fps: 29.2, ssimWhole: 0.996 })).toBe('screencast');
    expect(betterCapture({ fps: 29.4, ssimWhole: 0.994 }, { fps: 28.5, ssimWhole: 0.99 })).toBe('chrome-recorder');
  });
});
