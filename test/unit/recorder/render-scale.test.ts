// Proves lanes are drawn by Chrome at the size the video shows them, with the scale factor and flags that give exactly that size.
import { describe, expect, it } from 'vitest';
import { laneArgs, laneViewport, ownScreenScaleFactor, renderScaleArgs } from '../../../app/recorder/browser/launch';
import { laneCaptureScales, scaledSize } from '../../../app/media/canvas';

const factorOf = (args: string[]) => {
  const flag = args.find((a) => a.startsWith('--force-device-scale-factor='));
  return flag === undefined ? null : Number(flag.split('=')[1]);
};
/** Lane viewports a scenario can have (the sample's, common screens, portrait), each on both canvases where it is drawn scaled. */
function* scaledLanes() {
  const viewports = [
    { width: 960, height: 1080 },
    { width: 940, height: 1080 },
    { width: 1280, height: 800 },
    { width: 1366, height: 768 },
    { width: 1024, height: 1366 },
    { width: 1100, height: 900 },
    { width: 800, height: 600 },
    { width: 375, height: 812 },
  ];
  for (const canvas of [1920, 1440] as const) {
    for (const vp of viewports) {
      const [s] = laneCaptureScales(canvas, [vp, vp]);
      if (s !== undefined && s < 1) yield { canvas, vp, s };
    }
  }
}
/** Chrome parses the flag into a float and rounds a window's pixel size up. */
const chromePixels = (css: number, factor: number) => Math.ceil(css * Math.fround(factor));

describe('lanes drawn at the size the video shows them', () => {
  it('asks Chrome for no scale when the lane is shown at its own size', () => {
    for (const s of [1, 1.5, 0, -1, Number.NaN]) expect(renderScaleArgs(s)).toEqual([]);
    expect(laneViewport({ width: 940, height: 828 }, 1)).toEqual({ width: 940, height: 828, deviceScaleFactor: 1 });
  });

  it("draws a scaled lane at the browser's own scale, keeping its CSS size", () => {
    const vp = { width: 960, height: 1080 };
    const s = laneCaptureScales(1920, [vp, vp])[0]!;
    expect(renderScaleArgs(s)).toHaveLength(1);
    // 0: the page keeps the scale the flag gives the browser (1 would emulate full size again)
    expect(laneViewport(vp, s)).toEqual({ width: 960, height: 1080, deviceScaleFactor: 0 });
  });

  it('sets the factor just below the scale, so Chrome draws exactly the picture the video shows (736×828, not 737)', () => {
    const f = factorOf(renderScaleArgs(736 / 960))!;
    expect(f).toBeLessThan(736 / 960);
    expect([chromePixels(960, f), chromePixels(1080, f)]).toEqual([736, 828]);
    // The factor rounded up instead (what a plain toFixed gave) is one pixel too wide.
    expect(chromePixels(960, Number((736 / 960).toFixed(6)))).toBe(737);
  });

  it('for the viewports and canvases a scenario can have, the drawn page is the recorded size on the side the scale was taken from', () => {
    for (const { canvas, vp, s } of scaledLanes()) {
      const f = factorOf(renderScaleArgs(s))!;
      const want = scaledSize(vp, s);
      const got = { width: chromePixels(vp.width, f), height: chromePixels(vp.height, f) };
      // The binding side is exact; the other is off by rounding at most (Chrome then fits it).
      expect(Math.abs(got.width - want.width) + Math.abs(got.height - want.height), `${canvas} ${vp.width}×${vp.height}`).toBeLessThanOrEqual(1);
      expect(got.width === want.width || got.height === want.height).toBe(true);
    }
  });

  it("on a screen of its own, paints the page to the screen's size and keeps its CSS size (Chromium's rounding, as measured)", () => {
    // What Chromium 156 under Xvfb paints and lays out for a factor (the virtual-display test checks it on real screens).
    const paints = (css: number, f: number) => Math.floor(css * f);
    const laysOut = (css: number, f: number) => Math.floor(Math.ceil(css * f) / f);
    const missed: string[] = [];
    for (const { canvas, vp, s } of scaledLanes()) {
      const args = renderScaleArgs(s, { viewport: vp });
      const f = Math.fround(factorOf(args)!);
      expect(f).toBeCloseTo(ownScreenScaleFactor(vp, s), 6);
      const want = scaledSize(vp, s);
      // Painted to the last pixel both ways: the factor for the other captures left a black column and row.
      expect([paints(vp.width, f), paints(vp.height, f)], `${canvas} ${vp.width}×${vp.height}`).toEqual([want.width, want.height]);
      if (laysOut(vp.width, f) !== vp.width || laysOut(vp.height, f) !== vp.height) missed.push(`${canvas} ${vp.width}×${vp.height}`);
      expect(Math.abs(f - s) / s).toBeLessThan(0.002);
    }
    // Where width and height allow no common factor, the layout is a CSS pixel larger: only this odd one of these.
    expect(missed).toEqual(['1440 1366×768']);
    const f = Math.fround(factorOf(renderScaleArgs(736 / 960, { viewport: { width: 960, height: 1080 } }))!);
    expect(paints(960, Math.fround(factorOf(renderScaleArgs(736 / 960))!))).toBe(735);
    expect([paints(960, f), paints(1080, f), laysOut(960, f), laysOut(1080, f)]).toEqual([736, 828, 960, 1080]);
    // The command line carries it only on an own screen.
    const base = {
      headless: true,
      viewport: { width: 960, height: 1080 },
      position: { x: 0, y: 0 },
      root: false,
      platform: 'linux' as const,
      scale: 736 / 960,
    };
    expect(factorOf(laneArgs({ ...base, ownScreen: true }))).toBeCloseTo(f, 6);
    expect(factorOf(laneArgs(base))).toBeLessThan(736 / 960);
  });

  it("puts the flag on the lane browser's command line only when it is scaled", () => {
    const base = { headless: true, viewport: { width: 960, height: 1080 }, position: { x: 0, y: 0 }, root: false, platform: 'linux' as const };
    expect(factorOf(laneArgs(base))).toBeNull();
    expect(factorOf(laneArgs({ ...base, scale: 1 }))).toBeNull();
    expect(factorOf(laneArgs({ ...base, scale: 0.5 }))).toBeCloseTo(0.5, 5);
    // the window stays the CSS size: the flag scales what is drawn in it
    expect(laneArgs({ ...base, scale: 0.5 })).toContain('--window-size=960,1080');
  });
});
