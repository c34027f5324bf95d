// Measures in the composed video how many frames each caption comes before or after what its step did on the page.
import { execFile } from 'node:child_process';
import type { FfmpegTools } from '../../app/media/tools';
import { layoutCanvas, type Rect } from '../../app/media/canvas';
import { captionCues, FPS, frameAtOrAfter, type VideoClock } from '../../app/recorder/compose/video-time';
import type { Manifest } from '../../app/recorder/run-folder';
import { withCuts } from '../../app/recorder/compose/compose';
import { MARK_RECT } from './animated-driver';

/**
 * Caption sync measured in the composed video itself: at every step the animated scenario
 * flips a marker square in the acting lane's page (at the moment of its `step-started`
 * event), so the frame where the caption band changes and the frame where the marker
 * changes can both be found in demo.mp4. Their distance is what a reviewer sees: a caption
 * early or late against what the step did. It also catches any offset between a lane's
 * picture and the video clock, which a check of the caption times alone cannot.
 */

/** Cells of each region's signature: small enough to decode fast, fine enough to see a changed word. */
export const SIG = { w: 48, h: 6 } as const;

/**
 * Frames at which a region's picture changes: the largest cell difference from the previous
 * frame is above `threshold` (a static region under H.264 moves by a level or two).
 */
export function changeFrames(sigs: Uint8Array[], threshold = 12): number[] {
  const out: number[] = [];
  for (let i = 1; i < sigs.length; i++) {
    const a = sigs[i - 1]!;
    const b = sigs[i]!;
    let max = 0;
    for (let k = 0; k < b.length; k++) max = Math.max(max, Math.abs(b[k]! - a[k]!));
    if (max > threshold) out.push(i);
  }
  return out;
}

export interface StepSync {
  index: number;
  laneId: string;
  /** Frame where the caption should appear (its cue start). */
  expected: number;
  /** First caption-band change near `expected`, or null if none was seen. */
  caption: number | null;
  /** First change of the acting lane's marker near `expected`, or null. */
  picture: number | null;
}

/** The first change within `window` frames of `at` (either side), or null. */
export function nearest(changes: number[], at: number, window: number): number | null {
  return changes.find((f) => f >= at - window && f <= at + window) ?? null;
}

export function matchSteps(
  expected: Array<{ index: number; laneId: string; frame: number }>,
  captionChanges: number[],
  markerChanges: Map<string, number[]>,
  window = Math.round(FPS / 2),
): StepSync[] {
  return expected.map((e) => ({
    index: e.index,
    laneId: e.laneId,
    expected: e.frame,
    caption: nearest(captionChanges, e.frame, window),
    picture: nearest(markerChanges.get(e.laneId) ?? [], e.frame, window),
  }));
}

export interface SyncSummary {
  steps: StepSync[];
  /** Steps where both the caption and the picture change were found. */
  measured: number;
  /** max |caption frame − cue start frame|. */
  captionVsEvent: number;
  /** max |caption frame − marker frame|: the caption against what the step did on screen. */
  captionVsPicture: number;
  /** Mean of (marker frame − caption frame): positive when the picture changes after the caption. */
  meanPictureLag: number;
  /** max |marker frame − cue start frame|: the lane pictures against the run's clock. */
  pictureVsEvent: number;
  /** (marker frame − cue start frame) of the first and the last measured step: the lanes' timing at both ends of the run. */
  firstPictureOffset: number;
  lastPictureOffset: number;
}

export function summarise(steps: StepSync[]): SyncSummary {
  const both = steps.filter((s) => s.caption !== null && s.picture !== null);
  const capEv = steps.filter((s) => s.caption !== null).map((s) => Math.abs(s.caption! - s.expected));
  const capPic = both.map((s) => s.picture! - s.caption!);
  return {
    steps,
    measured: both.length,
    captionVsEvent: capEv.length ? Math.max(...capEv) : NaN,
    captionVsPicture: capPic.length ? Math.max(...capPic.map(Math.abs)) : NaN,
    meanPictureLag: capPic.length ? capPic.reduce((a, b) => a + b, 0) / capPic.length : NaN,
    pictureVsEvent: both.length ? Math.max(...both.map((s) => Math.abs(s.picture! - s.expected))) : NaN,
    firstPictureOffset: both.length ? both[0]!.picture! - both[0]!.expected : NaN,
    lastPictureOffset: both.length ? both[both.length - 1]!.picture! - both[both.length - 1]!.expected : NaN,
  };
}

/** Each step's picture frame minus its caption frame, '·' where either was not found: for failure messages. */
export function pictureLags(steps: readonly StepSync[]): string {
  return steps.map((s) => (s.picture !== null && s.caption !== null ? String(s.picture - s.caption) : '·')).join(' ');
}

/** Where the marker of each lane lands on the canvas (the lane picture is scaled to fit). */
export function markerRects(m: Manifest): Map<string, Rect> {
  const L = layoutCanvas(
    m.canvas.width,
    m.lanes.map((l) => l.viewport),
  );
  const out = new Map<string, Rect>();
  m.lanes.forEach((lane, i) => {
    const pic = L.lanes[i]!.picture;
    const k = pic.w / lane.viewport.width;
    // The inner half of the square: clear of its anti-aliased edge after scaling.
    const inset = MARK_RECT.w / 4;
    out.set(lane.id, {
      x: Math.round(pic.x + (MARK_RECT.x + inset) * k),
      y: Math.round(pic.y + (MARK_RECT.y + inset) * k),
      w: Math.round((MARK_RECT.w / 2) * k) & ~1,
      h: Math.round((MARK_RECT.h / 2) * k) & ~1,
    });
  });
  return out;
}

/** Decodes `file` once and returns, per region, one small grey signature per frame. */
export function regionSignatures(tools: FfmpegTools, file: string, regions: Rect[]): Promise<Uint8Array[][]> {
  const crops = regions.map((r, i) => `[s${i}]crop=${r.w}:${r.h}:${r.x}:${r.y},scale=${SIG.w}:${SIG.h}:flags=area,format=gray[r${i}]`);
  const join = regions.length > 1 ? `${regions.map((_, i) => `[r${i}]`).join('')}hstack=inputs=${regions.length}[out]` : '[r0]null[out]';
  const graph = [`[0:v]split=${regions.length}${regions.map((_, i) => `[s${i}]`).join('')}`, ...crops, join].join(';');
  return new Promise((resolve, reject) => {
    execFile(
      tools.ffmpeg,
      ['-nostdin', '-v', 'error', '-i', file, '-filter_complex', graph, '-map', '[out]', '-f', 'rawvideo', '-'],
      { encoding: 'buffer', maxBuffer: 1 << 28 },
      (e, out) => {
        if (e) return reject(e);
        const row = SIG.w * regions.length;
        const frameBytes = row * SIG.h;
        const per: Uint8Array[][] = regions.map(() => []);
        for (let off = 0; off + frameBytes <= out.length; off += frameBytes) {
          regions.forEach((_, i) => {
            const sig = new Uint8Array(SIG.w * SIG.h);
            for (let y = 0; y < SIG.h; y++) sig.set(out.subarray(off + y * row + i * SIG.w, off + y * row + (i + 1) * SIG.w), y * SIG.w);
            per[i]!.push(sig);
          });
        }
        resolve(per);
      },
    );
  });
}

/** The frame a cue belongs on: the first at or after its step event (what a reviewer would call "in time"). */
export function cueFirstFrame(startSec: number): number {
  return frameAtOrAfter(startSec);
}

/** The clock the run's video was composed on: its origin and end, less the waits its `waits` choice cut (as compose did). */
export function composedClock(m: Pick<Manifest, 'video' | 'titleSec' | 'timeline' | 'waits'>): VideoClock {
  if (!m.video) throw new Error('the manifest has no video clock: compose first');
  return withCuts({ originMs: m.video.originMs, endMs: m.video.endMs, titleSec: m.titleSec }, m.timeline, m.waits);
}

/** Caption sync of a run folder's demo.mp4 recorded with the animated scenario's markers. */
export async function measureCaptionSync(tools: FfmpegTools, demo: string, m: Manifest): Promise<SyncSummary> {
  const clock = composedClock(m);
  const L = layoutCanvas(
    m.canvas.width,
    m.lanes.map((l) => l.viewport),
  );
  const markers = markerRects(m);
  const ids = [...markers.keys()];
  const band = L.captionBand;
  const regions = [{ x: band.x, y: band.y, w: band.w & ~1, h: band.h & ~1 }, ...ids.map((id) => markers.get(id)!)];
  const [captionSigs, ...laneSigs] = await regionSignatures(tools, demo, regions);
  // Only changes to a flipped marker (black or yellow) count: a lane's standby panel giving way
  // to its page also changes the region, to the marker's first grey, and once fell in a step's window.
  const flipped = (sig: Uint8Array) => {
    const mean = sig.reduce((a, b) => a + b, 0) / sig.length;
    return mean < 50 || mean > 165;
  };
  const markerChanges = new Map(ids.map((id, i) => [id, changeFrames(laneSigs[i]!, 40).filter((f) => flipped(laneSigs[i]![f]!))]));
  const expected = captionCues(m.timeline, clock).map((c) => ({ index: c.index, laneId: c.laneId, frame: cueFirstFrame(c.start) }));
  return summarise(matchSteps(expected, changeFrames(captionSigs!), markerChanges));
}
