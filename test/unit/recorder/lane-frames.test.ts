// Proves the frame check's reading of lane pictures: misdrawn, blank and frozen lanes found, good pages left alone.
import { describe, expect, it } from 'vitest';
import {
  BLANK_MAX_SEC,
  FROZEN_MIN_SEC,
  STILL_MAX_CHANGE,
  VideoLooker,
  changedShare,
  crop,
  describeFinding,
  findFindings,
  lookAtLane,
  stillStretches,
  stretches,
  type Box,
  type Picture,
  type VideoPlan,
} from '../../../app/recorder/inspect/lane-frames';

type RGB = [number, number, number];
const WEBITEL_BG: RGB = [242, 245, 250];
const WHITE: RGB = [255, 255, 255];
const STANDBY: RGB = [42, 47, 56];
const DARK: RGB = [20, 30, 50];
const BLUE: RGB = [30, 100, 220];

function picture(width: number, height: number, fill: RGB): Picture {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(fill, i * 3);
  return { width, height, rgb };
}

function paint(p: Picture, b: Box, c: RGB): Picture {
  for (let y = b.y; y < Math.min(p.height, b.y + b.h); y++) for (let x = b.x; x < Math.min(p.width, b.x + b.w); x++) p.rgb.set(c, (y * p.width + x) * 3);
  return p;
}

/** Lines of "text": short dark dashes, as a page's words look at a quarter of their size. */
function text(p: Picture, b: Box, c: RGB = DARK): Picture {
  for (let y = b.y; y < b.y + b.h; y += 4) for (let x = b.x; x < b.x + b.w; x += 6) paint(p, { x, y, w: 4, h: 1 }, c);
  return p;
}

/** A Webitel-like page (header, sidebar, white panels, text) drawn into `area` of a lane of the page's background colour. */
function webitelPage(p: Picture, area: Box): Picture {
  const s = (f: number, of: number) => Math.round(f * of);
  paint(p, { x: area.x, y: area.y, w: area.w, h: s(0.06, area.h) }, WHITE);
  paint(p, { x: area.x + s(0.02, area.w), y: area.y + s(0.09, area.h), w: s(0.25, area.w), h: s(0.88, area.h) }, WHITE);
  paint(p, { x: area.x + s(0.3, area.w), y: area.y + s(0.09, area.h), w: s(0.68, area.w), h: s(0.88, area.h) }, WHITE);
  text(p, { x: area.x + s(0.04, area.w), y: area.y + s(0.12, area.h), w: s(0.2, area.w), h: s(0.3, area.h) });
  text(p, { x: area.x + s(0.33, area.w), y: area.y + s(0.12, area.h), w: s(0.5, area.w), h: s(0.2, area.h) });
  paint(p, { x: area.x + s(0.01, area.w), y: area.y + s(0.01, area.h), w: s(0.05, area.w), h: s(0.04, area.h) }, BLUE);
  return p;
}

/** The cursor: a small dark arrow-ish block. */
const cursor = (p: Picture, x: number, y: number) => paint(p, { x, y, w: 4, h: 6 }, [0, 0, 0]);

const W = 235;
const H = 207;

describe('lookAtLane', () => {
  it('finds a page drawn at 40 % in the top-left of its lane, the rest its background colour (the broken take)', () => {
    const p = webitelPage(picture(W, H, WEBITEL_BG), { x: 0, y: 0, w: Math.round(W * 0.4), h: Math.round(H * 0.4) });
    cursor(p, 150, 160); // drawn where the full-size page would have it
    const look = lookAtLane(p);
    expect(look.underfilled).toBe(true);
    expect(look.blank).toBe(false);
    expect(look.extent!.x1).toBeLessThanOrEqual(0.41);
  });

  it('finds it on a white page with little on it (the broken Messenger lane)', () => {
    const p = picture(W, H, WHITE);
    paint(p, { x: 0, y: 0, w: 30, h: 80 }, [245, 246, 248]);
    text(p, { x: 2, y: 4, w: 26, h: 20 });
    paint(p, { x: 70, y: 70, w: 20, h: 5 }, BLUE);
    expect(lookAtLane(p).underfilled).toBe(true);
  });

  it('does not fire on the same page drawn full size', () => {
    const look = lookAtLane(webitelPage(picture(W, H, WEBITEL_BG), { x: 0, y: 0, w: W, h: H }));
    expect(look.underfilled).toBe(false);
    expect(look.blank).toBe(false);
  });

  it("does not fire on Facebook's white login page with its form in the middle", () => {
    const p = picture(W, H, WHITE);
    paint(p, { x: 70, y: 30, w: 95, h: 12 }, BLUE); // the logo line
    paint(p, { x: 75, y: 60, w: 85, h: 70 }, [240, 242, 245]); // the form's card
    text(p, { x: 80, y: 66, w: 70, h: 40 });
    paint(p, { x: 80, y: 110, w: 75, h: 8 }, BLUE); // Log in
    expect(lookAtLane(p).underfilled).toBe(false);
  });

  it('does not fire on the "Not in use yet" standby panel (dark, text in the middle)', () => {
    const p = picture(W, H, STANDBY);
    text(p, { x: 85, y: 92, w: 65, h: 20 }, WHITE);
    expect(lookAtLane(p).underfilled).toBe(false);
    expect(lookAtLane(p).blank).toBe(false);
  });

  it('does not fire on the consent popup over the Webitel admin (dark sidebar, centred dialog)', () => {
    const p = picture(W, H, [236, 238, 242]);
    paint(p, { x: 0, y: 0, w: 30, h: H }, DARK);
    text(p, { x: 3, y: 10, w: 24, h: 60 }, WHITE);
    paint(p, { x: 45, y: 20, w: 150, h: 170 }, WHITE);
    text(p, { x: 60, y: 40, w: 120, h: 100 });
    expect(lookAtLane(p).underfilled).toBe(false);
  });

  it('calls a flat lane blank, even with the cursor on it, and a page with content not', () => {
    expect(lookAtLane(picture(W, H, WHITE)).blank).toBe(true);
    expect(lookAtLane(cursor(picture(W, H, WHITE), 100, 100)).blank).toBe(true);
    expect(lookAtLane(cursor(picture(W, H, WHITE), 100, 100)).underfilled).toBe(false);
    expect(lookAtLane(text(picture(W, H, WHITE), { x: 10, y: 10, w: 200, h: 20 })).blank).toBe(false);
  });

  it('does not call a flat colour with a few levels of encoding noise anything but flat', () => {
    const p = picture(W, H, WEBITEL_BG);
    for (let i = 0; i < p.rgb.length; i += 7) p.rgb[i] = p.rgb[i]! - 3;
    expect(lookAtLane(p).blank).toBe(true);
  });
});

describe('changedShare', () => {
  it('is 0 for the same picture, small for a moved cursor, 1 for pictures of other sizes', () => {
    const page = webitelPage(picture(W, H, WEBITEL_BG), { x: 0, y: 0, w: W, h: H });
    const a = cursor({ ...page, rgb: Uint8Array.from(page.rgb) }, 150, 180);
    const b = cursor({ ...page, rgb: Uint8Array.from(page.rgb) }, 150, 180);
    expect(changedShare(a, b)).toBe(0);
    const moved = cursor({ ...page, rgb: Uint8Array.from(page.rgb) }, 190, 180);
    expect(changedShare(a, moved)).toBeGreaterThan(STILL_MAX_CHANGE);
    expect(changedShare(a, picture(10, 10, WHITE))).toBe(1);
  });

  it('crops a box out of a picture', () => {
    const p = paint(picture(20, 10, WHITE), { x: 5, y: 2, w: 3, h: 3 }, BLUE);
    const c = crop(p, { x: 5, y: 2, w: 3, h: 3 });
    expect([c.width, c.height]).toEqual([3, 3]);
    expect([...c.rgb.slice(0, 3)]).toEqual(BLUE);
  });
});

describe('stretches', () => {
  const at = (states: Array<boolean | null>) => states.map((state, i) => ({ sec: i / 2, state }));
  it('keeps only stretches long enough, unbroken by a sample that is not judged, joined across short gaps', () => {
    expect(stretches(at([true, true, true]), 3, 0.5)).toEqual([]);
    expect(stretches(at([true, true, null, null, true, true]), 3, 0.5)).toEqual([{ fromSec: 0, toSec: 2.5 }]);
    expect(stretches(at([true, true, true, false, true, true, true]), 3, 0.5)).toEqual([{ fromSec: 0, toSec: 3 }]);
    expect(stretches(at([true, true, true, false, true, true, true]), 3, 0.5, 0)).toEqual([]);
  });

  it('measures still stretches from the picture that then stays', () => {
    const s = [0, 0.5, 1, 1.5, 2].map((sec, i) => ({ sec, changed: i === 0 ? null : i === 1 ? 0.2 : 0 }));
    expect(stillStretches(s, 1)).toEqual([{ fromSec: 0.5, toSec: 2 }]);
    expect(stillStretches(s, 2)).toEqual([]);
  });
});

/** A two-lane canvas like the composer's, small: lanes of 60×50 side by side. */
function canvasPlan(over: Partial<VideoPlan> = {}): VideoPlan {
  return {
    width: 130,
    height: 70,
    durationSec: 60,
    titleSec: 3,
    lanes: [
      { id: 'webitel', title: 'Webitel — operator', box: { x: 2, y: 5, w: 60, h: 50 }, shownFromSec: 4, actions: [] },
      { id: 'facebook', title: 'Facebook Messenger — customer', box: { x: 68, y: 5, w: 60, h: 50 }, shownFromSec: 4, actions: [] },
    ],
    steps: [],
    covers: [],
    ...over,
  };
}

/** Samples at 2 a second from 0 to `seconds`, each canvas drawn by `draw`. */
function sampled(plan: VideoPlan, seconds: number, draw: (sec: number, lane: number, area: Box, p: Picture) => void) {
  const looker = new VideoLooker(plan);
  for (let k = 0; k <= seconds * 2; k++) {
    const sec = k / 2;
    const p = picture(plan.width, plan.height, [16, 20, 28]);
    plan.lanes.forEach((l, i) => draw(sec, i, l.box, p));
    looker.add(sec, p);
  }
  return findFindings(plan, looker.looks, 0.5);
}

/** A page that changes a little every sample (a cursor moving over it). */
const livePage = (sec: number, area: Box, p: Picture) => {
  paint(p, area, WEBITEL_BG);
  webitelPage(p, area);
  cursor(p, area.x + 5 + ((sec * 4) % 40), area.y + 40);
};

describe('findFindings', () => {
  it('finds nothing in a good take', () => {
    expect(sampled(canvasPlan({ steps: [10, 20], covers: [] }), 30, (sec, _i, area, p) => livePage(sec, area, p))).toEqual([]);
  });

  it('reports a lane drawn too small with its time range and a sentence a person reads', () => {
    const found = sampled(canvasPlan(), 30, (sec, i, area, p) => {
      if (i === 0 && sec >= 10) {
        paint(p, area, WEBITEL_BG);
        webitelPage(p, { x: area.x, y: area.y, w: 24, h: 20 });
      } else livePage(sec, area, p);
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'underfill', laneId: 'webitel', fromSec: 10, toSec: 30 });
    expect(found[0]!.message).toBe(
      "The Webitel lane's page fills only the top-left part of its lane from 0:10 to 0:30; the rest of the lane is one flat colour",
    );
  });

  it('does not report a page drawn too small for a moment', () => {
    const found = sampled(canvasPlan(), 30, (sec, i, area, p) => {
      if (i === 0 && sec >= 10 && sec < 11) {
        paint(p, area, WEBITEL_BG);
        webitelPage(p, { x: area.x, y: area.y, w: 24, h: 20 });
      } else livePage(sec, area, p);
    });
    expect(found).toEqual([]);
  });

  it('reports a lane blank for longer than BLANK_MAX_SEC after its first page, not one blank for a few seconds, nor the standby time', () => {
    const long = sampled(canvasPlan(), 30, (sec, i, area, p) =>
      i === 1 && sec >= 10 && sec < 10 + BLANK_MAX_SEC + 2 ? paint(p, area, WHITE) : livePage(sec, area, p),
    );
    expect(long.map((f) => [f.kind, f.laneId, f.fromSec])).toEqual([['blank', 'facebook', 10]]);
    const short = sampled(canvasPlan(), 30, (sec, i, area, p) => (i === 1 && sec >= 10 && sec < 14 ? paint(p, area, WHITE) : livePage(sec, area, p)));
    expect(short).toEqual([]);
    // Before its first page the composer's panel stands in for the lane: not judged.
    const plan = canvasPlan();
    plan.lanes[1]!.shownFromSec = 25;
    expect(sampled(plan, 30, (sec, i, area, p) => (i === 1 && sec < 25 ? paint(p, area, WHITE) : livePage(sec, area, p)))).toEqual([]);
  });

  it('reports a lane whose picture stands still while steps act on it, and not a quiet lane nobody acts on', () => {
    const plan = canvasPlan();
    plan.lanes[0]!.actions = [12, 15, 18];
    const still = (sec: number, i: number, area: Box, p: Picture) => (i === 0 && sec >= 10 ? livePage(10, area, p) : livePage(sec, area, p));
    const found = sampled(plan, 10 + FROZEN_MIN_SEC + 4, still);
    expect(found.map((f) => [f.kind, f.laneId, f.steps])).toEqual([['frozen', 'webitel', 3]]);
    expect(found[0]!.message).toMatch(/^The Webitel lane's picture does not change from 0:10 to 0:22, while 3 steps act on it$/);
    plan.lanes[0]!.actions = [];
    expect(sampled(plan, 10 + FROZEN_MIN_SEC + 4, still)).toEqual([]);
  });

  it('reports the whole video standing still while steps start', () => {
    const plan = canvasPlan({ steps: [8, 9] });
    const found = sampled(plan, 14, (sec, _i, area, p) => livePage(sec < 5 ? sec : 5, area, p));
    expect(found.find((f) => f.kind === 'video-frozen')).toMatchObject({ laneId: null, fromSec: 5, toSec: 14, steps: 2 });
    expect(sampled(canvasPlan({ steps: [] }), 14, (sec, _i, area, p) => livePage(sec < 5 ? sec : 5, area, p))).toEqual([]);
  });

  it('does not judge a lane under a chapter card', () => {
    const plan = canvasPlan({ covers: [{ fromSec: 9, toSec: 20, box: { x: 40, y: 40, w: 50, h: 10 } }] });
    const found = sampled(plan, 22, (sec, i, area, p) => {
      if (i === 0 && sec >= 10 && sec < 20) {
        paint(p, area, WEBITEL_BG);
        webitelPage(p, { x: area.x, y: area.y, w: 24, h: 20 });
      } else livePage(sec, area, p);
    });
    expect(found).toEqual([]);
  });

  it('says each kind of finding in words', () => {
    const lane = { id: 'facebook', title: 'Facebook Messenger — customer' };
    expect(describeFinding('blank', lane, { fromSec: 61, toSec: 75.5 })).toBe(
      'The Facebook Messenger lane shows a blank page (one flat colour) from 1:01 to 1:15',
    );
    expect(describeFinding('video-frozen', null, { fromSec: 5, toSec: 14 }, 2)).toBe('The video stands still from 0:05 to 0:14, while 2 steps start');
  });
});
