// Proves how the bench reads a screenshot's moment from the animated block: its colour, position and time along its path.
import { describe, expect, it } from 'vitest';
import { BOX_PATH, boxColour } from '../../../scripts/bench/animated-driver';
import { findBox, timeOfBox, type Raster } from '../../../scripts/bench/shot-moment';

/** Where the page's script puts the block at rAF time t (the formula of animatedPage). */
const boxAt = (t: number) => ({
  left: BOX_PATH.x0 + ((t * BOX_PATH.pxPerMs) % BOX_PATH.span),
  top: BOX_PATH.y0 + BOX_PATH.amp * Math.sin(t / BOX_PATH.msPerRad),
});

function raster(width: number, height: number, paint: (x: number, y: number) => [number, number, number]): Raster {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.set(paint(x, y), (y * width + x) * 3);
  return { width, height, rgb };
}

describe('boxColour', () => {
  it("converts hsl as CSS does (values read from Chromium's computed style)", () => {
    expect(boxColour(0)).toEqual([221, 60, 60]);
    expect(boxColour(150)).toEqual([60, 221, 140]);
    expect(boxColour(214)).toEqual([60, 130, 221]);
  });
});

describe('timeOfBox', () => {
  it('gives back the rAF time of a block position, for times all along its path', () => {
    for (let t = 5_000; t < 65_000; t += 137.3) {
      const got = timeOfBox(boxAt(t), t + 400);
      expect(got).not.toBeNull();
      expect(Math.abs(got! - t)).toBeLessThan(0.5);
    }
  });
  it('picks the pass of the path nearest the call, not one 2.8 s away', () => {
    const t = 30_000;
    expect(timeOfBox(boxAt(t), t - 1_300)).toBeCloseTo(t, 3);
    expect(timeOfBox(boxAt(t), t + 1_300)).toBeCloseTo(t, 3);
  });
  it('refuses a position the path never passes (a misread block)', () => {
    const { left, top } = boxAt(12_000);
    expect(timeOfBox({ left, top: top + 40 }, 12_000)).toBeNull();
    expect(timeOfBox({ left: 5, top }, 12_000)).toBeNull();
  });
});

describe('findBox', () => {
  const colour = boxColour(150);
  it('finds the straight edges of a rounded block over text-like noise', () => {
    const [bx, by, r] = [313, 501, 12];
    const r0 = raster(960, 1080, (x, y) => {
      const inside = x >= bx && x < bx + 90 && y >= by && y < by + 90;
      const cx = Math.min(Math.max(x, bx + r), bx + 90 - r);
      const cy = Math.min(Math.max(y, by + r), by + 90 - r);
      if (inside && (x - cx) ** 2 + (y - cy) ** 2 <= r * r) return colour;
      return (x * 7 + y * 13) % 11 === 0 ? [28, 30, 33] : [255, 255, 255];
    });
    expect(findBox(r0, colour)).toEqual({ left: bx, top: by });
  });
  it('scales back to CSS pixels for a picture smaller than the page', () => {
    const r0 = raster(480, 540, (x, y) => (x >= 100 && x < 145 && y >= 200 && y < 245 ? colour : [255, 255, 255]));
    expect(findBox(r0, colour, 0.5)).toEqual({ left: 200, top: 400 });
  });
  it('is null without the block (a few pixels of its colour are not a block)', () => {
    const r0 = raster(200, 200, (x, y) => (x < 5 && y < 5 ? colour : [255, 255, 255]));
    expect(findBox(r0, colour)).toBeNull();
  });
});
