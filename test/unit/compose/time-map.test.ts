// Proves the video time map: identity with nothing cut, ordered and merged spans, cuts at the ends, and segments and clips across a cut.
import { describe, expect, it } from 'vitest';
import {
  cutPoints,
  FADE_SEC,
  fadeInAt,
  fadeOutAt,
  keptSpans,
  mapSec,
  normaliseCuts,
  openAssistAt,
  openStepAt,
  planCuts,
  removedSec,
  sourceSec,
  type Cut,
} from '../../../app/recorder/compose/time-map';
import { buildSegmentPlan, planSegments } from '../../../app/recorder/compose/filter-graph';
import { captionCues, chapters, toVideoSec, urlSpans, videoDurationSec, type VideoClock } from '../../../app/recorder/compose/video-time';
import { clockOf, cutRecords, withCuts } from '../../../app/recorder/compose/compose';
import { clipFor, segmentsFor } from '../../../app/recorder/clips';
import { layoutCanvas } from '../../../app/media/canvas';
import { DEFAULT_ENCODER } from '../../../app/recorder/compose/filter-graph';
import type { TimelineEvent } from '../../../app/recorder/timeline';

const cut = (start: number, end: number, reason: Cut['reason'] = 'assisted', stepId = 's'): Cut => ({ start, end, reason, stepId, fadeSec: FADE_SEC });

describe('the time map', () => {
  it('is the identity when nothing is cut', () => {
    for (const t of [0, 1.5, 3, 99.999]) {
      expect(mapSec([], t)).toBe(t);
      expect(sourceSec([], t)).toBe(t);
    }
    expect(keptSpans([], 20)).toEqual([{ sourceStart: 0, sourceEnd: 20, videoStart: 0 }]);
    expect(removedSec([])).toBe(0);
    expect(planSegments({ titleSec: 3, chapterStarts: [3], durationSec: 30, cuts: [] })).toEqual(
      planSegments({ titleSec: 3, chapterStarts: [3], durationSec: 30 }),
    );
  });

  it('moves everything after a cut earlier by the cut, and a moment inside a cut onto the cut', () => {
    const cuts = normaliseCuts([cut(10, 14)]);
    expect(mapSec(cuts, 9)).toBe(9);
    expect(mapSec(cuts, 10)).toBe(10);
    expect(mapSec(cuts, 12)).toBe(10);
    expect(mapSec(cuts, 14)).toBe(10);
    expect(mapSec(cuts, 20)).toBe(16);
    expect(sourceSec(cuts, 9.5)).toBe(9.5);
    // At the cut, the picture shown is the one after it.
    expect(sourceSec(cuts, 10)).toBe(14);
    expect(sourceSec(cuts, 16)).toBe(20);
    expect(cutPoints(cuts)).toEqual([10]);
    expect(keptSpans(cuts, 30)).toEqual([
      { sourceStart: 0, sourceEnd: 10, videoStart: 0 },
      { sourceStart: 14, sourceEnd: 30, videoStart: 10 },
    ]);
  });

  it('orders cuts, merges overlapping and touching ones (an assisted reason wins) and drops empty ones', () => {
    const cuts = normaliseCuts([cut(20, 25, 'wait', 'w'), cut(5, 8), cut(24, 30, 'assisted', 'a'), cut(8, 9, 'wait'), cut(40, 40)]);
    expect(cuts.map((c) => [c.start, c.end, c.reason, c.stepId])).toEqual([
      [5, 9, 'assisted', 's'],
      [20, 30, 'assisted', 'a'],
    ]);
    expect(removedSec(cuts)).toBe(14);
    expect(cutPoints(cuts)).toEqual([5, 16]);
    expect(mapSec(cuts, 35)).toBe(21);
    // Inverse on every kept moment.
    for (const v of [0, 4.9, 5, 6, 15.99, 16, 17, 21]) expect(mapSec(cuts, sourceSec(cuts, v))).toBeCloseTo(v, 9);
    // The fade is never longer than its cut.
    expect(normaliseCuts([{ ...cut(1, 1.1), fadeSec: 0.3 }])[0]!.fadeSec).toBeCloseTo(0.1, 9);
  });

  it('handles a cut at the very start and one running to the end', () => {
    const cuts = normaliseCuts([cut(0, 2), cut(18, 20)]);
    expect(mapSec(cuts, 0)).toBe(0);
    expect(mapSec(cuts, 1)).toBe(0);
    expect(mapSec(cuts, 2)).toBe(0);
    expect(mapSec(cuts, 10)).toBe(8);
    expect(mapSec(cuts, 20)).toBe(16);
    expect(sourceSec(cuts, 0)).toBe(2);
    expect(keptSpans(cuts, 20)).toEqual([{ sourceStart: 2, sourceEnd: 18, videoStart: 0 }]);
  });
});

const T = 1_700_000_000_000;
const step = (t: number, index: number, action: string, caption = `step ${index}`): TimelineEvent => ({
  type: 'step-started',
  t: T + t,
  index,
  stepId: `s${index}`,
  sceneId: 'x',
  laneId: index % 2 ? 'b' : 'a',
  action,
  caption,
});
const ok = (t: number, index: number, startedAt: number): TimelineEvent => ({
  type: 'step-succeeded',
  t: T + t,
  index,
  stepId: `s${index}`,
  durationMs: t - startedAt,
});
/** A scenario whose step 2 was handed to the person from 10 s to 30 s, and whose step 4 waited 9 s for its page. */
const timeline: TimelineEvent[] = [
  { type: 'run-started', t: T },
  { type: 'scene-started', t: T + 1000, sceneId: 'login', title: 'Log in', permissions: [] },
  step(1000, 0, 'goto'),
  ok(2000, 0, 1000),
  step(2000, 1, 'fill'),
  ok(4000, 1, 2000),
  step(5000, 2, 'click', 'Click Next'),
  {
    type: 'assist-started',
    t: T + 10_000,
    index: 2,
    stepId: 's2',
    laneId: 'a',
    action: 'click',
    missed: 'target',
    reason: 'none of the selectors matched',
    lookedFor: ['#next'],
  },
  { type: 'url-changed', t: T + 20_000, laneId: 'a', url: 'https://host/moved', popup: false },
  { type: 'assist-ended', t: T + 30_000, startedAt: T + 10_000, index: 2, stepId: 's2', laneId: 'a', how: 'click', missed: 'target' },
  ok(30_500, 2, 5000),
  { type: 'scene-started', t: T + 31_000, sceneId: 'consent', title: 'Consent', permissions: ['pages_show_list'] },
  step(31_000, 3, 'click'),
  ok(32_000, 3, 31_000),
  step(33_000, 4, 'goto', 'Open the slow page'),
  ok(42_000, 4, 33_000),
  step(42_000, 5, 'pause'),
  ok(52_000, 5, 42_000),
  step(52_000, 6, 'fill'),
  ok(60_000, 6, 52_000),
];
const plain: VideoClock = { originMs: T, endMs: T + 62_000, titleSec: 3 };

describe('the cuts a timeline asks for', () => {
  it('keeps every wait with "keep"', () => {
    expect(withCuts(plain, timeline, 'keep')).toEqual(plain);
  });

  it('cuts a hand-over to its first and last 1.5 s, on whole frames, after the title', () => {
    const clock = withCuts(plain, timeline, 'assisted');
    // The hand-over: 10 s to 30 s of the run, 13 s to 33 s of the uncut video.
    expect(clock.cuts).toEqual([{ start: 14.5, end: 31.5, reason: 'assisted', stepId: 's2', fadeSec: FADE_SEC }]);
    expect(videoDurationSec(clock)).toBe(65 - 17);
    // Everything after the cut is 17 s earlier; the address the person reached shows at the jump.
    expect(toVideoSec(clock, T + 31_000)).toBe(34 - 17);
    expect(urlSpans(timeline, clock).map((u) => u.start)).toEqual([14.5]);
    expect(chapters(timeline, clock).map((c) => [c.start, c.end])).toEqual([
      [4, 17],
      [17, 48],
    ]);
    // The assisted step's caption stays on across the cut, up to the next step.
    const cue = captionCues(timeline, clock).find((c) => c.stepId === 's2')!;
    expect([cue.start, cue.end]).toEqual([8, 17]);
    expect(cutRecords(clock)).toEqual([{ atSec: 14.5, removedSec: 17, fromMs: T + 11_500, toMs: T + 28_500, reason: 'assisted', stepId: 's2' }]);
  });

  it('an address that changes inside a cut cross-fades with it: the old one fades out, the new one in; a popup closed there takes its address along', () => {
    const events: TimelineEvent[] = [
      { type: 'url-changed', t: T + 1000, laneId: 'a', url: 'https://host/start', popup: false },
      { type: 'url-changed', t: T + 8000, laneId: 'a', url: 'https://facebook.example/dialog', popup: true },
      ...timeline.filter((e) => e.type !== 'url-changed'),
      { type: 'popup-closed', t: T + 15_000, laneId: 'a' },
      { type: 'url-changed', t: T + 20_000, laneId: 'a', url: 'https://host/moved', popup: false },
      { type: 'url-changed', t: T + 25_000, laneId: 'a', url: 'https://host/moved-again', popup: false },
    ];
    const clock = withCuts(plain, events, 'assisted');
    // The cut: 14.5–31.5 s of the uncut video, at 14.5 s of the video.
    const spans = urlSpans(events, clock).map((u) => [u.url, u.start, +u.end.toFixed(3), u.fadeIn ?? null, u.fadeOut ?? null]);
    expect(spans).toEqual([
      // There at the cut's start, replaced inside it: on over the 0.3 s cross-fade, fading out.
      ['https://host/start', 4, 14.8, null, { sec: FADE_SEC, to: 0 }],
      ['https://facebook.example/dialog', 11, 14.8, null, { sec: FADE_SEC, to: 0 }],
      // The one the person reached (the page at the cut's end) fades in; the one between is never seen.
      ['https://host/moved-again', 14.5, 48, { sec: FADE_SEC, from: 0 }, null],
    ]);
    // Nothing cut: nothing fades.
    expect(urlSpans(events, plain).every((u) => !u.fadeIn && !u.fadeOut)).toBe(true);
  });

  it('with "all" also cuts a step that waited on its page for more than 6 s, never a pause or typing', () => {
    const clock = withCuts(plain, timeline, 'all');
    expect(clock.cuts!.map((c) => [c.start, c.end, c.reason, c.stepId])).toEqual([
      [14.5, 31.5, 'assisted', 's2'],
      [37.5, 43.5, 'wait', 's4'],
    ]);
    expect(videoDurationSec(clock)).toBe(65 - 17 - 6);
  });

  it('does not cut a wait too short to be worth a jump, nor outside the video', () => {
    const short: TimelineEvent[] = [
      step(0, 0, 'click'),
      { type: 'assist-ended', t: T + 3500, startedAt: T + 500, index: 0, stepId: 's0', laneId: 'a', how: 'done', missed: 'waitFor' },
    ];
    expect(planCuts(short, (t) => 3 + (t - T) / 1000, 'all', { from: 3, to: 60 })).toEqual([]);
    // A hand-over running past the recording's end is cut at the end.
    const late: TimelineEvent[] = [
      { type: 'assist-ended', t: T + 90_000, startedAt: T + 40_000, index: 0, stepId: 's0', laneId: 'a', how: 'done', missed: 'target' },
    ];
    expect(planCuts(late, (t) => 3 + (t - T) / 1000, 'assisted', { from: 3, to: 65 }).map((c) => [c.start, c.end])).toEqual([[44.5, 65]]);
  });

  it('knows when a wait that may still be cut is going on', () => {
    const upToAssist = timeline.slice(
      0,
      timeline.findIndex((e) => e.type === 'url-changed'),
    );
    expect(openAssistAt(upToAssist)).toBe(T + 10_000);
    expect(openAssistAt(timeline)).toBeNull();
    expect(openStepAt(upToAssist)).toBe(T + 5000);
    expect(openStepAt(timeline)).toBeNull();
  });

  it("reads a run folder's choice: old runs (no choice) cut hand-overs", () => {
    const lanes = [{ id: 'a', title: 'A', viewport: { width: 960, height: 1080 }, capture: null }];
    const cap = { method: 'display', file: 'a.mkv', startMs: T, endMs: T + 62_000, width: 736, height: 828, frames: null, frameCount: null };
    expect(clockOf({ lanes: [{ ...lanes[0]!, capture: cap }], titleSec: 3, timeline, waits: 'assisted' }).cuts).toHaveLength(1);
    expect(clockOf({ lanes: [{ ...lanes[0]!, capture: cap }], titleSec: 3, timeline, waits: 'keep' }).cuts).toBeUndefined();
  });
});

describe('segments and clips across a cut', () => {
  const clock = withCuts(plain, timeline, 'all');
  const duration = videoDurationSec(clock);
  const chs = chapters(timeline, clock);
  const segs = planSegments({ titleSec: 3, chapterStarts: chs.map((c) => c.start), durationSec: duration, cuts: clock.cuts! });

  it('never spans a cut: the segment at a cut reads its pictures from after it and cross-fades from its start', () => {
    for (const [i, s] of segs.entries()) if (i) expect(s.start).toBe(segs[i - 1]!.end);
    expect(segs.at(-1)!.end).toBe(duration);
    const at = segs.find((s) => Math.abs(s.start - 14.5) < 1e-9)!;
    expect(at.source).toBe(31.5);
    expect(at.fade).toEqual({ fromSec: 14.5, sec: FADE_SEC });
    const second = segs.find((s) => Math.abs(s.start - (37.5 - 17)) < 1e-9)!;
    expect(second.source).toBeCloseTo(43.5, 9);
    expect(second.fade!.fromSec).toBe(37.5);
    // Before the first cut a segment is as it always was.
    expect(segs.filter((s) => s.end <= 14.5).every((s) => s.source === undefined && !s.fade)).toBe(true);
    // Each segment's pictures lie in one kept stretch.
    for (const s of segs) {
      const src = s.source ?? s.start;
      expect(clock.cuts!.some((c) => src < c.end - 1e-9 && src + (s.end - s.start) > c.start + 1e-9)).toBe(false);
    }
  });

  it("reads each lane at its pictures' time, and fades both lanes alike", () => {
    const layout = layoutCanvas(1920, [
      { width: 960, height: 1080 },
      { width: 960, height: 1080 },
    ]);
    const at = segs.find((s) => Math.abs(s.start - 14.5) < 1e-9)!;
    const plan = buildSegmentPlan({
      segment: at,
      background: '/r/bg.png',
      lanes: [
        { path: '/r/a.mkv', offsetSec: 3, picture: layout.lanes[0]!.picture },
        { path: '/r/b.mkv', offsetSec: 3.5, picture: layout.lanes[1]!.picture },
      ],
      popups: [],
      assFile: '/r/seg.ass',
      fontsDir: '/f',
      encoder: DEFAULT_ENCODER,
      readers: false,
    });
    // Each lane twice: after the cut (31.5 s uncut) and just after its start (14.5 s), for the fade.
    expect(plan.inputs.map((i) => [i.path, i.options.at(-1)])).toEqual([
      ['/r/bg.png', undefined],
      ['/r/a.mkv', '28.5'],
      ['/r/a.mkv', '11.5'],
      ['/r/b.mkv', '28'],
      ['/r/b.mkv', '11'],
    ]);
    expect(plan.filterComplex).toContain('trim=start=31.5:end=');
    expect(plan.filterComplex).toContain('trim=start=14.5:end=14.8');
    expect(plan.filterComplex.match(/fade=t=out:st=0:d=0\.3:alpha=1/g)).toHaveLength(2);
    // The overlay is timed on the video clock (the segment's own start), not the uncut one.
    expect(plan.filterComplex).toContain(`floor(14.5/TB+0.5)`);
    const readers = buildSegmentPlan({
      segment: at,
      background: '/r/bg.png',
      lanes: [{ path: '/r/a.mkv', offsetSec: 3, picture: layout.lanes[0]!.picture }],
      popups: [],
      assFile: '/r/seg.ass',
      fontsDir: '/f',
      encoder: DEFAULT_ENCODER,
      readers: true,
    });
    expect(readers.inputs[1]!.reader!.inputs).toHaveLength(2);
    expect(readers.inputs[1]!.reader!.filterComplex).toContain('overlay=eof_action=pass');
  });

  it('fades in a popup that opened inside the cut, clear (not black) where it was not open yet; one open across it cross-fades', () => {
    const layout = layoutCanvas(1920, [{ width: 960, height: 1080 }]);
    const at = segs.find((s) => Math.abs(s.start - 14.5) < 1e-9)!;
    const pic = { x: 100, y: 100, w: 400, h: 300 };
    for (const readers of [false, true]) {
      const plan = buildSegmentPlan({
        segment: at,
        background: '/r/bg.png',
        lanes: [{ path: '/r/a.mkv', offsetSec: 3, picture: layout.lanes[0]!.picture }],
        popups: [
          // Opened 0.1 s into the cut (inside the pictures it fades from), open past its end.
          { path: '/r/new.mkv', offsetSec: 14.6, picture: pic, start: 14.5, end: 20 },
          // Open since before the cut.
          { path: '/r/old.mkv', offsetSec: 10, picture: pic, start: 12, end: 20 },
        ],
        assFile: '/r/seg.ass',
        fontsDir: '/f',
        encoder: DEFAULT_ENCODER,
        readers,
      });
      const chains = readers ? plan.inputs.flatMap((i) => (i.reader ? [i.reader.filterComplex] : [])) : [plan.filterComplex];
      const all = chains.join(';');
      // The new popup: its incoming pictures fade in, and before it opened it is clear.
      expect(all.match(/fade=t=in:st=0:d=0\.3:alpha=1/g)).toHaveLength(1);
      expect(all).toContain('start_mode=add:color=black@0');
      // Every stream cross-fades out from the pictures after the cut's start: the lane, both popups.
      expect(all.match(/fade=t=out:st=0:d=0\.3:alpha=1/g)).toHaveLength(3);
      if (readers) {
        // Its reader hands over its alpha; the others stay plain.
        const fmts = plan.inputs.filter((i) => i.reader).map((i) => i.options[i.options.indexOf('-pix_fmt') + 1]);
        expect(fmts).toEqual(['yuv420p', 'yuva420p', 'yuv420p']);
      }
    }
  });

  it('says how something appearing inside a cut or its fade fades in with it', () => {
    const cuts = [cut(10, 20)];
    expect(fadeInAt(cuts, 9)).toBeNull();
    expect(fadeInAt(cuts, 10)).toBeNull(); // there at the cut's start: in the pictures it fades from
    expect(fadeInAt(cuts, 15)).toEqual({ sec: FADE_SEC, from: 0 });
    const late = fadeInAt(cuts, 20.1)!; // after the cut, during its fade
    expect(late.sec).toBeCloseTo(0.2, 9);
    expect(late.from).toBeCloseTo(1 / 3, 9);
    expect(fadeInAt(cuts, 20.3)).toBeNull();
  });

  it('says how something there at a cut that goes inside it fades out with it', () => {
    const cuts = [cut(10, 20)];
    expect(fadeOutAt(cuts, 5, 9)).toBeNull(); // gone before the cut
    expect(fadeOutAt(cuts, 12, 15)).toBeNull(); // came and went inside it: never in the pictures it fades from
    expect(fadeOutAt(cuts, 5, 25)).toBeNull(); // still there after it
    const quick = fadeOutAt(cuts, 5, 10.1)!;
    expect(quick.sec).toBeCloseTo(0.1, 9);
    expect(quick.to).toBeCloseTo(2 / 3, 9);
    expect(fadeOutAt(cuts, 5, 15)).toEqual({ sec: FADE_SEC, to: 0 });
  });

  it('shows a popup closed inside the cut only in the pictures the cut fades from, fading out', () => {
    const at = segs.find((s) => Math.abs(s.start - 14.5) < 1e-9)!;
    for (const readers of [false, true]) {
      const plan = buildSegmentPlan({
        segment: at,
        background: '/r/bg.png',
        lanes: [],
        popups: [{ path: '/r/gone.mkv', offsetSec: 10, picture: { x: 100, y: 100, w: 400, h: 300 }, start: 12, end: 14.6, closedSec: 14.6 }],
        assFile: '/r/seg.ass',
        fontsDir: '/f',
        encoder: DEFAULT_ENCODER,
        readers,
      });
      const inputs = readers ? plan.inputs.flatMap((i) => i.reader?.inputs ?? []) : plan.inputs.slice(1);
      // Read once, from the cut's start (14.5 s uncut, 4.5 s into its file): no pictures after the cut.
      expect(inputs.map((i) => [i.path, i.options.at(-1)])).toEqual([['/r/gone.mkv', '4.5']]);
      const all = readers ? plan.inputs.flatMap((i) => (i.reader ? [i.reader.filterComplex] : [])).join(';') : plan.filterComplex;
      expect(all).toContain('fade=t=out:st=0:d=0.3:alpha=1');
      expect(all).not.toContain('fade=t=in');
    }
  });

  it("cuts each permission's clip from the cut video's own segments", () => {
    const clip = clipFor(chs, 'pages_show_list');
    expect(clip.segments).toEqual([{ start: 4, end: duration }]);
    const parts = segmentsFor(clip.segments, segs);
    expect(parts.reduce((a, s) => a + (s.end - s.start), 0)).toBeCloseTo(duration - 4, 9);
  });
});
