// Proves a popup is captured at its own shape, shrunk to fit its lane, at even sizes.
import { describe, expect, it } from 'vitest';
import { popupCaptureSize } from '../../../app/recorder/capture/run-capture';

describe('popup capture size', () => {
  it("keeps the popup's own shape and size when it fits inside its lane's picture", () => {
    expect(popupCaptureSize({ width: 600, height: 700 }, { width: 940, height: 828 })).toEqual({ width: 600, height: 700 });
  });
  it("shrinks a popup larger than its lane's picture to fit, keeping its shape", () => {
    // Headful Chrome under Xvfb opens popups at the window's size: 940×915 over a 940×828 lane.
    const s = popupCaptureSize({ width: 940, height: 915 }, { width: 940, height: 828 });
    expect(s.height).toBe(828);
    expect(s.width).toBeLessThan(940);
    expect(Math.abs(s.width / s.height - 940 / 915)).toBeLessThan(0.01);
  });
  it("gives even sizes (yuv420p) and falls back to the lane's size when the popup could not be measured", () => {
    const s = popupCaptureSize({ width: 801, height: 565 }, { width: 940, height: 828 });
    expect([s.width % 2, s.height % 2]).toEqual([0, 0]);
    expect(popupCaptureSize(null, { width: 736, height: 828 })).toEqual({ width: 736, height: 828 });
  });
});
