// Proves the cursor glide that measures a lane's picture lag: its path, finding the arrow's edge, and the lag computed from it.
import { describe, expect, it } from 'vitest';
import {
  darkLeftEdge,
  edgeRun,
  exitGlideFor,
  glideBand,
  glideFor,
  glideMoment,
  glideScript,
  pictureLagOf,
  placedLag,
} from '../../../app/recorder/capture/picture-lag';
import { regionFramesArgs, showinfoTimes } from '../../../app/media/frames';

/** A grey picture, light everywhere, with dark rectangles. */
function picture(w: number, h: number, dark: Array<{ x: number; y: number; w: number; h: number }>): Uint8Array {
  const g = new Uint8Array(w * h).fill(240);
  for (const r of dark) for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) g[y * w + x] = 20;
  return g;
}

describe("the cursor glide that measures a lane's picture lag", () => {
  it("comes in from past the right edge and rests where the runner's first mouse move starts (the middle)", () => {
    const g = glideFor({ width: 960, height: 1080 });
    expect(g).toEqual({ from: { x: 968, y: 540 }, to: { x: 480, y: 540 }, ms: 600, clean: 'before' });
  });

  it("leaves, after the last step, from where the cursor is to the farther side, at the first glide's speed", () => {
    const vp = { width: 960, height: 1080 };
    // Right of the middle: out on the left, past the arrow's width.
    expect(exitGlideFor(vp, { x: 920, y: 700 })).toEqual({ from: { x: 920, y: 700 }, to: { x: -40, y: 700 }, ms: 1180, clean: 'after' });
    // Left of it: out on the right.
    expect(exitGlideFor(vp, { x: 100, y: 300 })).toEqual({ from: { x: 100, y: 300 }, to: { x: 968, y: 300 }, ms: 1067, clean: 'after' });
    // Never moved on this page (or drawn off it): from the middle, as the first glide left it.
    expect(exitGlideFor(vp, null)).toEqual({ from: { x: 480, y: 540 }, to: { x: 968, y: 540 }, ms: 600, clean: 'after' });
    expect(exitGlideFor(vp, { x: -200, y: -200 }).from).toEqual({ x: 480, y: 540 });
  });

  it("keeps the band the arrow's edge crosses inside the page: a cursor near the bottom goes out a little higher", () => {
    const g = exitGlideFor({ width: 960, height: 1080 }, { x: 300, y: 1075 });
    expect(g.from).toEqual({ x: 300, y: 1042 });
    const band = glideBand(g, 1, { width: 960, height: 1080 });
    expect(band.y + band.h).toBeLessThanOrEqual(1080);
    expect(band.h).toBe(36);
  });

  it('is a page script that installs the cursor if needed, then glides it', () => {
    const s = glideScript(glideFor({ width: 960, height: 1080 }));
    expect(s).toContain('window.__reviewCursor = true');
    expect(s.trim().endsWith('window.__reviewCursorGlide(968, 540, 480, 540, 600);')).toBe(true);
  });

  it("reads only the band the arrow's left edge crosses, in even device pixels inside the picture", () => {
    const g = glideFor({ width: 960, height: 1080 });
    expect(glideBand(g, 736 / 960, { width: 736, height: 828 })).toEqual({ x: 0, y: 414, w: 736, h: 28 });
    expect(glideBand(g, 1, { width: 960, height: 1080 })).toEqual({ x: 0, y: 542, w: 960, h: 36 });
    // A picture cut short keeps the band inside it.
    expect(glideBand(g, 1, { width: 960, height: 560 }).h).toBe(18);
  });
});

describe("finding the cursor's left edge in a picture", () => {
  const W = 200;
  const H = 28;
  const run = edgeRun(736 / 960);

  it("asks for most of the edge's length", () => {
    expect(run).toBe(15);
    expect(edgeRun(1)).toBe(20);
  });

  it('finds a long dark line that was not there before', () => {
    const ref = picture(W, H, []);
    expect(darkLeftEdge(picture(W, H, [{ x: 120, y: 3, w: 10, h: 22 }]), ref, W, H, run)).toBe(120);
    expect(darkLeftEdge(ref, ref, W, H, run)).toBeNull();
  });

  it('takes no text for the cursor: short dark runs, also where a moving element uncovered them', () => {
    // Glyphs 10 px tall with a gap, hidden in the reference by a light block.
    const text = [
      { x: 40, y: 4, w: 30, h: 10 },
      { x: 40, y: 16, w: 30, h: 10 },
    ];
    const withCursor = picture(W, H, [...text, { x: 150, y: 2, w: 8, h: 24 }]);
    expect(darkLeftEdge(withCursor, picture(W, H, []), W, H, run)).toBe(150);
  });

  it('takes no line of the page for the cursor (a border in the reference too)', () => {
    const border = { x: 30, y: 0, w: 2, h: H };
    const ref = picture(W, H, [border]);
    expect(darkLeftEdge(picture(W, H, [border, { x: 90, y: 2, w: 8, h: 24 }]), ref, W, H, run)).toBe(90);
  });
});

describe('which page frame a picture of the glide shows', () => {
  const g = glideFor({ width: 960, height: 1080 });
  const t0 = 1_000_000;

  it("maps the edge back along the glide: even speed, from the first frame's time", () => {
    // At scale 1, a cursor placed at x has its dark edge at x + 5.5.
    expect(glideMoment(968 - 244 + 5.5, 1, g, t0, 960)).toBeCloseTo(t0 + 300, 6);
    // At the lane's drawing scale, the same point.
    expect(glideMoment((968 - 244 + 5.5) * 0.75, 0.75, g, t0, 720)).toBeCloseTo(t0 + 300, 6);
  });

  it("is silent at the picture's border and at rest (every later frame looks the same)", () => {
    expect(glideMoment(958, 1, g, t0, 960)).toBeNull();
    expect(glideMoment(480 + 5.5, 1, g, t0, 960)).toBeNull();
    expect(glideMoment(482 + 5.5, 1, g, t0, 960)).toBeNull();
    expect(glideMoment(490 + 5.5, 1, g, t0, 960)).not.toBeNull();
  });

  it("takes no place off the glide's line for a moment of it (past its end: a misreading)", () => {
    expect(glideMoment(400 + 5.5, 1, g, t0, 960)).toBeNull();
  });

  describe('the glide out, after the last step', () => {
    const out = exitGlideFor({ width: 960, height: 1080 }, { x: 920, y: 700 });

    it('maps the edge back along it too', () => {
      // Half way: 920 − 480 = 440.
      expect(glideMoment(440 + 5.5, 1, out, t0, 960)).toBeCloseTo(t0 + 590, 6);
    });

    it('is silent while the cursor still rests where it starts, and once its edge is cut off at the left border', () => {
      expect(glideMoment(920 + 5.5, 1, out, t0, 960)).toBeNull();
      expect(glideMoment(918 + 5.5, 1, out, t0, 960)).toBeNull();
      expect(glideMoment(910 + 5.5, 1, out, t0, 960)).not.toBeNull();
      // The edge gone, the leftmost dark line is the arrow's inside.
      expect(glideMoment(1, 1, out, t0, 960)).toBeNull();
    });
  });
});

describe('the lag from the pictures of the glide', () => {
  it('is the median of the per-picture lags, with their spread', () => {
    expect(pictureLagOf([93, 92, 94, 93, 93, 110, 93])).toEqual({ ms: 93, frames: 7, spreadMs: 1 });
  });

  it('is taken from the later half of the glide: a lag still settling as it starts is what follows at its end', () => {
    // Measured in a run, the lane's first glide.
    const settling = [2, 35, 35, 52, 70, 85, 85, 86, 86, 101, 103, 102, 102, 102, 85, 103, 102];
    expect(pictureLagOf(settling)).toEqual({ ms: 102, frames: 17, spreadMs: 1 });
    // Over all of them, the spread would have been 50 ms (no measurement), the median 86 ms.
    expect(pictureLagOf([...settling].reverse())).toMatchObject({ ms: null, note: expect.stringContaining('apart') });
  });

  it('is not measured from too few pictures, an unsteady spread or an unbelievable value', () => {
    expect(pictureLagOf([90, 91, 92])).toMatchObject({ ms: null, frames: 3, note: expect.stringContaining('3 pictures') });
    expect(pictureLagOf([0, 100, 200, 300, 400, 500])).toMatchObject({ ms: null, note: expect.stringContaining('apart') });
    expect(pictureLagOf([-90, -91, -90, -92, -90])).toMatchObject({ ms: null, note: expect.stringContaining('not believable') });
    expect(pictureLagOf([900, 901, 900, 902, 900])).toMatchObject({ ms: null, note: expect.stringContaining('not believable') });
  });
});

describe("reading a lane's pictures around a moment", () => {
  it("seeks to the keyframe before the window, keeps the file's times and prints each frame's", () => {
    const a = regionFramesArgs('lanes/webitel.mp4', { fromSec: 4.504, toSec: 5.6043333, crop: { x: 0, y: 414, w: 736, h: 28 } });
    expect(a.slice(a.indexOf('-threads'), a.indexOf('-i') + 2)).toEqual([
      '-threads',
      '1',
      '-ss',
      '3',
      '-noaccurate_seek',
      '-copyts',
      '-i',
      'lanes/webitel.mp4',
    ]);
    expect(a[a.indexOf('-vf') + 1]).toBe('trim=start=4.504:end=5.604333,crop=736:28:0:414,format=gray,showinfo');
    expect(a.slice(-3)).toEqual(['-f', 'rawvideo', 'pipe:1']);
    const rgb = regionFramesArgs('x.mp4', { fromSec: 0.2, toSec: 1, crop: { x: 2, y: 4, w: 6, h: 8 }, pixels: 'rgb24' });
    expect(rgb[rgb.indexOf('-vf') + 1]).toBe('trim=start=0.2:end=1,crop=6:8:2:4,format=rgb24,showinfo');
    expect(rgb.slice(rgb.indexOf('-ss'), rgb.indexOf('-ss') + 2)).toEqual(['-ss', '0']);
  });

  it('reads the frame times showinfo prints', () => {
    const err = [
      '[Parsed_showinfo_3 @ 0x55] config in time_base: 1/15360, frame_rate: 30/1',
      '[Parsed_showinfo_3 @ 0x55] n:   0 pts:  69632 pts_time:4.53333 pos:   123 fmt:gray sar:1/1 s:736x28',
      '[Parsed_showinfo_3 @ 0x55] n:   1 pts:  70144 pts_time:4.56667 pos:   456 fmt:gray sar:1/1 s:736x28',
    ].join('\n');
    expect(showinfoTimes(err)).toEqual([4.53333, 4.56667]);
  });
});

describe('the lag a lane is placed by, from its first and last glide', () => {
  const m = (ms: number | null) => ({ ms, frames: ms === null ? 0 : 17 });
  const frame = 1000 / 30;

  it("is the first glide's while the last agrees within a video frame (the segments composed while recording stay as they are)", () => {
    expect(placedLag(m(92), m(92), frame)).toEqual({ ms: 92, by: 'start' });
    expect(placedLag(m(104), m(71), frame)).toEqual({ ms: 104, by: 'start' });
  });

  it('is their middle when they are further apart: half the change off, at most, wherever it happened', () => {
    expect(placedLag(m(110), m(60), frame)).toEqual({ ms: 85, by: 'both' });
  });

  it('is the one measured when the other was not, and none when neither was', () => {
    expect(placedLag(m(null), m(75), frame)).toEqual({ ms: 75, by: 'end' });
    expect(placedLag(m(75), m(null), frame)).toEqual({ ms: 75, by: 'start' });
    expect(placedLag(m(75), null, frame)).toEqual({ ms: 75, by: 'start' });
    expect(placedLag(null, null, frame)).toEqual({ ms: null });
  });
});
