// Proves live composition composes a segment only once nothing in it can change: lanes, lag measurement, popups.
import { describe, expect, it } from 'vitest';
import type { RunCapture } from '../../../app/recorder/capture/run-capture';
import { LiveComposer } from '../../../app/recorder/compose/live';
import { DEFAULT_ENCODER } from '../../../app/recorder/compose/filter-graph';
import type { Manifest } from '../../../app/recorder/run-folder';

const T0 = 1_000_000;
const lane = (id: string, startMs: number) => ({
  id,
  title: id,
  viewport: { width: 940, height: 828 },
  capture: { method: 'chrome-recorder' as const, file: `lanes/${id}.mp4`, startMs, endMs: 0, width: 940, height: 828, frames: null, frameCount: null },
});

function setup(o: { finalSec: [number, number]; popups?: Manifest['popups']; stepped?: boolean; facebookOpensMs?: number | null }) {
  const opens = o.facebookOpensMs === undefined ? 500 : o.facebookOpensMs;
  const m = {
    titleSec: 3,
    canvas: { width: 1920, height: 1080 },
    title: { appName: 'A', gateway: 'g', date: '2026-11-25', permissions: [] },
    lanes: [],
    popups: [],
    encoder: DEFAULT_ENCODER,
    timeline: [
      { type: 'scene-started', t: T0, sceneId: 's1', title: 'One', permissions: [] },
      { type: 'url-changed', t: T0 + 400, laneId: 'webitel', popup: false, url: 'https://webitel.example/' },
      ...(opens === null ? [] : [{ type: 'url-changed', t: T0 + opens, laneId: 'facebook', popup: false, url: 'https://www.facebook.com/' }]),
      ...(o.stepped === false
        ? []
        : [{ type: 'step-started', t: T0 + 600, index: 0, stepId: 'a', sceneId: 's1', laneId: 'webitel', action: 'click', caption: 'Click' }]),
      { type: 'scene-started', t: T0 + 14_000, sceneId: 's2', title: 'Two', permissions: [] },
    ],
  } as unknown as Manifest;
  const capture = {
    liveLanes: () => [
      { record: lane('webitel', T0), finalSec: o.finalSec[0] },
      { record: lane('facebook', T0 + 200), finalSec: o.finalSec[1] },
    ],
    popupRecords: () => o.popups ?? [],
  } as unknown as RunCapture;
  return { c: new LiveComposer({ tools: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }, dir: '/run', manifest: m, capture }), m };
}

/** The indexes of the segments that can no longer change at `at`. */
const settled = (c: LiveComposer, at: number) => c.settled(at)?.segments.map((s) => s.index) ?? [];

describe('live composition: which segment can no longer change', () => {
  it('waits for the first step (every lane is up by then)', () => {
    const { c } = setup({ finalSec: [100, 100], stepped: false });
    expect(c.nextReady(T0 + 60_000)).toBeNull();
    expect(c.settled(T0 + 60_000)).toBeNull();
  });

  it('takes the title at once, then segments the lanes and the timeline have settled past', () => {
    // Video time = 3 s title + wall seconds since the first lane started.
    const { c } = setup({ finalSec: [30, 30] });
    expect(c.nextReady(T0 + 1_000)).toBeNull(); // only 4 s of video: the title ends at 3, not settled 1.5 s past it
    expect(c.nextReady(T0 + 2_000)!.segment).toMatchObject({ index: 0, start: 0, end: 3, title: true });
    // 40 s in: chapter 2 starts at video 17; segments 3–13 and 13–17 are settled and on disk.
    const r = c.nextReady(T0 + 40_000)!;
    expect(r.segment).toMatchObject({ index: 0 });
    expect(r.plan.segments.slice(0, 4).map((s) => [s.start, s.end])).toEqual([
      [0, 3],
      [3, 13],
      [13, 17],
      [17, 27],
    ]);
  });

  it('holds back what a hand-over still going on may cut, then composes the cut video', () => {
    const { c, m } = setup({ finalSec: [60, 60] });
    const timeline = m.timeline;
    // The step is handed to the person at wall 5 s (video 8 s): only its first 1.5 s are sure to stay.
    timeline.push({
      type: 'assist-started',
      t: T0 + 5000,
      index: 0,
      stepId: 'a',
      laneId: 'webitel',
      action: 'click',
      missed: 'target',
      reason: 'not found',
      lookedFor: ['#a'],
    });
    // The title only: nothing past the hand-over's first moments may go yet.
    expect(settled(c, T0 + 40_000)).toEqual([0]);
    // The person did it at wall 25 s: 8 + 1.5 s to 28 − 1.5 s of the uncut video is cut.
    timeline.push({ type: 'assist-ended', t: T0 + 25_000, startedAt: T0 + 5000, index: 0, stepId: 'a', laneId: 'webitel', how: 'click', missed: 'target' });
    const r = c.settled(T0 + 40_000)!;
    expect(r.segments[1]).toMatchObject({ index: 1, start: 3, end: 9.5 });
    expect(r.plan.segments[2]).toMatchObject({ start: 9.5, source: 26.5, fade: { fromSec: 9.5, sec: 0.3 } });
    expect(r.plan.durationSec).toBe(43 - 17);
  });

  it('stops at what the slowest lane has written (a still lane writes its fragments late)', () => {
    // facebook's file is final for 9 s of its own time; it started 0.2 s after the origin.
    const { c } = setup({ finalSec: [60, 9] });
    const r = c.settled(T0 + 40_000)!;
    // Final up to 3 + 0.2 + 9 − 0.6 s of video: the title (0–3) only, 3–13 ends past it.
    expect(r.segments.map((s) => s.index)).toEqual([0]);
    expect(r.plan.segments[1]).toMatchObject({ start: 3, end: 13 });
  });

  it('does not wait for a lane that has opened no page yet (its standby panel hides it)', () => {
    // facebook has written nothing final and opens its first page at wall 30 s (video 33 s).
    const idle = setup({ finalSec: [60, 0], facebookOpensMs: null }).c;
    // 25 s in (video 28 s, settled to 26.5 s): the title, 3–13 and 13–17 need only webitel's
    // file (without the panel, nothing: facebook's file is final for 0 s); 17–27 is not settled.
    expect(settled(idle, T0 + 25_000)).toEqual([0, 1, 2]);
    // Once facebook has a page (video 23 s), segments past its opening need its file again.
    const opened = setup({ finalSec: [60, 0], facebookOpensMs: 20_000 }).c;
    expect(settled(opened, T0 + 40_000)).toEqual([0, 1, 2]);
  });

  it('does not touch anything from an open popup on', () => {
    const open = [{ laneId: 'webitel', openedMs: T0 + 12_000, closedMs: null, capture: null }];
    const { c } = setup({ finalSec: [60, 60], popups: open });
    // Popup opened at video 15: the title and 3–13 may go, 13–17 may not.
    expect(settled(c, T0 + 40_000)).toEqual([0, 1]);
    expect(c.nextReady(T0 + 40_000)!.segment.index).toBe(0);
  });
});
