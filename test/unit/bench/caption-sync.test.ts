// Proves the caption-sync measure: finding changed frames, matching them to steps, and each cue's first frame.
import { describe, expect, it } from 'vitest';
import { changeFrames, cueFirstFrame, markerRects, matchSteps, pictureLags, summarise } from '../../../scripts/bench/caption-sync';
import { MARK_RECT } from '../../../scripts/bench/animated-driver';
import { layoutCanvas } from '../../../app/media/canvas';
import type { Manifest } from '../../../app/recorder/run-folder';

const sig = (v: number, at?: [number, number]) => {
  const s = new Uint8Array(12).fill(v);
  if (at) s[at[0]] = at[1];
  return s;
};

describe('changeFrames', () => {
  it('finds the frames whose largest cell difference from the one before passes the threshold', () => {
    const sigs = [sig(10), sig(11), sig(10, [3, 40]), sig(10, [3, 41]), sig(200), sig(200)];
    expect(changeFrames(sigs, 12)).toEqual([2, 4]);
  });
  it('ignores encoder noise of a level or two, however many cells it touches', () => {
    const sigs = Array.from({ length: 30 }, (_, i) => sig(100 + (i % 3)));
    expect(changeFrames(sigs)).toEqual([]);
  });
});

describe('matching steps to what the video shows', () => {
  it('takes the first change within half a second of each cue, per lane for the marker', () => {
    const steps = matchSteps(
      [
        { index: 0, laneId: 'a', frame: 100 },
        { index: 1, laneId: 'b', frame: 200 },
        { index: 2, laneId: 'a', frame: 300 },
      ],
      [101, 199, 250],
      new Map([
        ['a', [102, 340]],
        ['b', [201]],
      ]),
    );
    expect(steps.map((s) => [s.caption, s.picture])).toEqual([
      [101, 102],
      [199, 201],
      [null, null],
    ]);
    const sum = summarise(steps);
    expect(sum.measured).toBe(2);
    expect(sum.captionVsEvent).toBe(1);
    expect(sum.captionVsPicture).toBe(2);
    expect(sum.meanPictureLag).toBe(1.5);
    expect([sum.firstPictureOffset, sum.lastPictureOffset, sum.pictureVsEvent]).toEqual([2, 1, 2]);
  });
  it('reports a caption that shows before the picture as a negative lag, and its size', () => {
    const sum = summarise(matchSteps([{ index: 0, laneId: 'a', frame: 50 }], [50], new Map([['a', [45]]])));
    expect(sum.meanPictureLag).toBe(-5);
    expect(sum.captionVsPicture).toBe(5);
  });
  it("lists each step's picture lag for a failure message, a dot where a change was not found", () => {
    const steps = matchSteps(
      [
        { index: 0, laneId: 'a', frame: 50 },
        { index: 1, laneId: 'a', frame: 100 },
        { index: 2, laneId: 'a', frame: 150 },
      ],
      [50, 100],
      new Map([['a', [45, 103, 151]]]),
    );
    expect(pictureLags(steps)).toBe('-5 3 ·');
  });
});

describe('cue timing', () => {
  it('is the first frame at or after the step event', () => {
    expect(cueFirstFrame(3)).toBe(90);
    expect(cueFirstFrame(3.001)).toBe(91);
    expect(cueFirstFrame(3.02)).toBe(91);
    expect(cueFirstFrame(3.0333)).toBe(91);
    expect(cueFirstFrame(91 / 30)).toBe(91);
  });
});

describe('marker rectangles', () => {
  it('sit inside each lane picture, scaled with it, even-sized', () => {
    const m = {
      canvas: { width: 1920, height: 1080 },
      lanes: [
        { id: 'a', viewport: { width: 960, height: 1080 } },
        { id: 'b', viewport: { width: 960, height: 1080 } },
      ],
    } as unknown as Manifest;
    const L = layoutCanvas(1920, [
      { width: 960, height: 1080 },
      { width: 960, height: 1080 },
    ]);
    const rects = markerRects(m);
    for (const [i, id] of ['a', 'b'].entries()) {
      const r = rects.get(id)!;
      const pic = L.lanes[i]!.picture;
      const k = pic.w / 960;
      expect(r.x).toBeGreaterThanOrEqual(pic.x + MARK_RECT.x * k);
      expect(r.x + r.w).toBeLessThanOrEqual(pic.x + (MARK_RECT.x + MARK_RECT.w) * k);
      expect(r.y).toBeGreaterThanOrEqual(pic.y + MARK_RECT.y * k);
      expect(r.y + r.h).toBeLessThanOrEqual(pic.y + (MARK_RECT.y + MARK_RECT.h) * k);
      expect(r.w % 2).toBe(0);
      expect(r.w).toBeGreaterThan(20);
    }
  });
});
