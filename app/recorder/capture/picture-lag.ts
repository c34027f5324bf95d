// The screen capture's picture lag: how long after a page draws a frame that frame is in the lane file, measured by a glide of the lane's cursor before the first step and after the last.
/*
 * ffmpeg stamps each picture when it reads the screen; the page drew it 33–120 ms earlier
 * (several of Chrome's frames are on their way to the X screen at once, and how many differs
 * between browsers and runs). Placed by the read time, each step's picture came 2–4 frames after
 * its caption; placed by the measured lag, within one (BENCHMARKS.md, sixteenth and seventeenth
 * sessions). The glide draws nothing a viewer would not see anyway: the lane's cursor (cursor.ts)
 * glides in from the right edge before the first step and out of the page after the last, placed
 * in each page frame by that frame's time; where the cursor is in a picture tells which page
 * frame it shows, and a glide's lag is the median of (picture's slot − that frame's time).
 */
import { sleep, withTimeout } from '../../common/timeout';
import type { Rect } from '../../media/canvas';
import { decodeRegionFrames } from '../../media/frames';
import { type FfmpegTools } from '../../media/tools';
import { CURSOR_SCRIPT, cursorHome } from '../browser/cursor';
import { PointSchema, type Glide, type LagMeasurement, type PictureLag } from '../run-folder';
import type { LaneCapture } from './method';

export type { Glide, LagMeasurement, PictureLag };
export type Point = Glide['from'];

export const GLIDE_MS = 600;
/** CSS pixels a millisecond: the first glide's, half a 960-pixel page in 0.6 s; 13 pixels a page frame, 27 a picture. */
const GLIDE_SPEED = 488 / GLIDE_MS;

/** The first glide, before the first step: from just past the right edge to the cursor's home, where the runner's first move of the mouse starts. */
export function glideFor(viewport: { width: number; height: number }): Glide {
  const home = cursorHome(viewport);
  return { from: { x: viewport.width + 8, y: home.y }, to: home, ms: GLIDE_MS, clean: 'before' };
}

/** How far left of its point the cursor must be to be off the page: the arrow reaches 34 CSS pixels right of it (cursor.ts). */
const OFF_LEFT = -40;

/**
 * The last glide, after the last step: the cursor leaves the page from where it is (`at`; the
 * page's middle if it never moved), level, to the farther side, so that it crosses at
 * least half the page. Its band must lie inside the page: a cursor lower than that first drops
 * to the lowest level that does.
 */
export function exitGlideFor(viewport: { width: number; height: number }, at: Point | null): Glide {
  const inside = at && at.x >= 0 && at.x <= viewport.width && at.y >= 0 && at.y <= viewport.height;
  const p = inside ? at : cursorHome(viewport);
  const y = Math.max(0, Math.min(p.y, viewport.height - CURSOR_EDGE_ROWS.bottom - 2));
  const toX = p.x <= viewport.width / 2 ? viewport.width + 8 : OFF_LEFT;
  return { from: { x: p.x, y }, to: { x: toX, y }, ms: Math.round(Math.abs(toX - p.x) / GLIDE_SPEED), clean: 'after' };
}

/** Page script: installs the cursor if it is not there and glides it; resolves with the glide's first frame time (epoch ms). */
export function glideScript(g: Glide): string {
  const n = (v: number) => Number(v.toFixed(2));
  return `${CURSOR_SCRIPT}\nwindow.__reviewCursorGlide(${n(g.from.x)}, ${n(g.from.y)}, ${n(g.to.x)}, ${n(g.to.y)}, ${n(g.ms)});`;
}

/** Page script: where the lane's cursor is drawn (CSS pixels), or null. */
export const CURSOR_AT_SCRIPT = `${CURSOR_SCRIPT}\nwindow.__reviewCursorAt();`;

/**
 * Where the cursor's dark fill starts, right of the point it is placed at (CSS pixels): the
 * arrow's left edge, inside its white outline (cursor.ts: the element is shifted 4 px left, the
 * path's left edge is 8 px into it, the outline 1.5 px on each side of the path).
 */
export const CURSOR_DARK_LEFT = 5.5;
/** The rows the arrow's left edge spans, below the placed point (CSS pixels). */
export const CURSOR_EDGE_ROWS = { top: 2, bottom: 36 } as const;

/** How long an unbroken dark line must be to be the arrow's left edge (device pixels): most of it, anti-aliased ends aside. */
export const edgeRun = (scale: number) => Math.max(4, Math.floor((CURSOR_EDGE_ROWS.bottom - CURSOR_EDGE_ROWS.top) * scale * 0.6));

/** The band of the lane's picture (device pixels, even sizes) that the glide's arrow edge crosses. */
export function glideBand(g: Glide, scale: number, picture: { width: number; height: number }): Rect {
  const y = Math.max(0, Math.floor((g.to.y + CURSOR_EDGE_ROWS.top) * scale) & ~1);
  const h = Math.min(picture.height - y, Math.ceil((CURSOR_EDGE_ROWS.bottom - CURSOR_EDGE_ROWS.top) * scale) + 2) & ~1;
  return { x: 0, y, w: picture.width & ~1, h };
}

/** The longest run of dark pixels (grey below 80) down column `x`. */
function darkRun(gray: Uint8Array, width: number, height: number, x: number): number {
  let best = 0;
  let run = 0;
  for (let y = 0; y < height; y++) {
    run = gray[y * width + x]! < 80 ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * The leftmost column of `frame` (grey, one byte a pixel, `width` a row) crossed by an unbroken
 * dark line at least `minRun` pixels long that `ref` does not have there, or null: the cursor's
 * left edge. Text is never that tall (nor is it moving), and a dark line already in `ref` (a
 * border) is the page's; text that a moving element uncovered is dark again but in short runs.
 */
export function darkLeftEdge(frame: Uint8Array, ref: Uint8Array, width: number, height: number, minRun: number): number | null {
  return darkLeftEdgeFinder(ref, width, height, minRun)(frame);
}

/** darkLeftEdge against one `ref` for many frames: the reference's long dark lines are found once. */
export function darkLeftEdgeFinder(ref: Uint8Array, width: number, height: number, minRun: number): (frame: Uint8Array) => number | null {
  const refHas = Array.from({ length: width }, (_, x) => darkRun(ref, width, height, x) >= minRun);
  return (frame) => {
    for (let x = 0; x < width; x++) {
      if (!refHas[x] && darkRun(frame, width, height, x) >= minRun) return x;
    }
    return null;
  };
}

/**
 * The time (epoch ms) of the page frame that put the cursor's left edge at `edgePx` (device
 * pixels), or null where that is ambiguous: the edge at the picture's border (cut off, the
 * leftmost dark line may be the arrow's inside), the cursor at rest where the glide starts or
 * ends (every frame before or after looks the same), or a place off the glide's line.
 */
export function glideMoment(edgePx: number, scale: number, g: Glide, t0: number, pictureWidth: number): number | null {
  if (edgePx < 3 || edgePx > pictureWidth - 3) return null;
  const x = edgePx / scale - CURSOR_DARK_LEFT;
  const k = (x - g.from.x) / (g.to.x - g.from.x);
  const restPx = 3;
  if (k < 0 || k > 1 || Math.abs(x - g.from.x) <= restPx || Math.abs(x - g.to.x) <= restPx) return null;
  return t0 + k * g.ms;
}

/** Fewer pictures than this, or a wider spread, is no measurement. */
const MIN_FRAMES = 5;
const MAX_SPREAD_MS = 40;
/** A lag outside this range is a misreading (the picture cannot precede the page; nothing here waits half a second). */
const LAG_RANGE_MS = [-20, 500] as const;

/**
 * The lag from the per-picture lags of one glide, in picture order: the median of the later
 * half. The lag can still be settling when the first glide starts (a run: 2, 35, 52, 70, 85, then
 * 102 ms from the tenth picture on), and what follows is like the latest, not the earliest.
 */
export function pictureLagOf(lags: readonly number[]): LagMeasurement {
  if (lags.length < MIN_FRAMES)
    return { ms: null, frames: lags.length, note: `the gliding cursor was seen in ${lags.length} pictures (at least ${MIN_FRAMES} needed)` };
  const v = lags.slice(-Math.max(MIN_FRAMES, Math.ceil(lags.length / 2))).sort((a, b) => a - b);
  const q = (p: number) => v[Math.round(p * (v.length - 1))]!;
  const spreadMs = Math.round(q(0.75) - q(0.25));
  const median = Math.round(q(0.5));
  if (spreadMs > MAX_SPREAD_MS)
    return { ms: null, frames: lags.length, spreadMs, note: `the pictures' lags were ${spreadMs} ms apart (at most ${MAX_SPREAD_MS} ms trusted)` };
  if (median < LAG_RANGE_MS[0] || median > LAG_RANGE_MS[1]) return { ms: null, frames: lags.length, spreadMs, note: `a lag of ${median} ms is not believable` };
  return { ms: median, frames: lags.length, spreadMs };
}

/**
 * The lag a lane is placed by, from its two glides (before the first step, after the last).
 * The lag moves by a page frame or two at times during a run (a CI run: 104 ms measured first,
 * 71 ms near the end), at a moment nothing shows. Two that agree within a video frame: the first,
 * which the segments composed while recording were placed by (a second placement would compose
 * them all again). Further apart: their middle, which is at most half the change off wherever the
 * change happened. One alone: that one.
 */
export function placedLag(start: LagMeasurement | null, end: LagMeasurement | null, frameMs: number): { ms: number | null; by?: 'start' | 'end' | 'both' } {
  const s = start?.ms ?? null;
  const e = end?.ms ?? null;
  if (s !== null && e !== null) return Math.abs(e - s) <= frameMs ? { ms: s, by: 'start' } : { ms: Math.round((s + e) / 2), by: 'both' };
  if (s !== null) return { ms: s, by: 'start' };
  if (e !== null) return { ms: e, by: 'end' };
  return { ms: null };
}

/** How far past the glide's end the pictures are read: the lag itself, and a frame to spare. */
const READ_PAST_GLIDE_MS = LAG_RANGE_MS[1];
/** How long to wait for the lane file to be final past the glide (fragments are a second each). */
const FINAL_WAIT_MS = 8000;

export interface MeasureOptions {
  tools: FfmpegTools;
  /** The lane file (a fragmented MP4 that may still grow). */
  file: string;
  /** The file's time 0 on the run clock (epoch ms). */
  startMs: number;
  /** How many seconds of the file are final on disk (Infinity once it is finished). */
  finalSec: () => number;
  /** Device pixels per CSS pixel of the lane's page. */
  scale: number;
  /** The picture's size (device pixels). */
  picture: { width: number; height: number };
  glide: Glide;
  /** The glide's first frame time (epoch ms, glideScript's answer). */
  t0: number;
  signal?: AbortSignal;
}

/** Reads the pictures around the glide from the lane file and measures the lag; never throws for a misreading (ms: null and a note). */
export async function measurePictureLag(o: MeasureOptions): Promise<LagMeasurement> {
  const fromSec = Math.max(0, (o.t0 - 200 - o.startMs) / 1000);
  const toSec = (o.t0 + o.glide.ms + READ_PAST_GLIDE_MS - o.startMs) / 1000;
  const waitUntil = Date.now() + FINAL_WAIT_MS;
  while (o.finalSec() < toSec) {
    if (o.signal?.aborted) return { ms: null, frames: 0, note: 'cancelled' };
    if (Date.now() > waitUntil) return { ms: null, frames: 0, note: `the lane file was not final ${toSec.toFixed(1)} s in after ${FINAL_WAIT_MS / 1000} s` };
    await sleep(100);
  }
  const band = glideBand(o.glide, o.scale, o.picture);
  const frames = await decodeRegionFrames(o.tools, o.file, { fromSec, toSec, crop: band }, o.signal);
  const ref = o.glide.clean === 'before' ? frames[0] : frames.at(-1);
  if (!ref) return { ms: null, frames: 0, note: 'no pictures were read around the glide' };
  const edgeOf = darkLeftEdgeFinder(ref.pixels, band.w, band.h, edgeRun(o.scale));
  const lags: number[] = [];
  for (const f of frames) {
    if (f === ref) continue;
    const edge = edgeOf(f.pixels);
    const t = edge === null ? null : glideMoment(edge, o.scale, o.glide, o.t0, band.w);
    if (t !== null) lags.push(o.startMs + f.sec * 1000 - t);
  }
  return pictureLagOf(lags);
}

/** How long the screen is still read after the last glide: its last frames reach the screen that much later (the lag, 120 ms at most measured). */
const EXIT_TAIL_MS = 300;

/** What a page is asked to run: the glide scripts, answered with the glide's first frame time or the cursor's place. */
export interface GlidingPage {
  evaluate(script: string): Promise<unknown>;
}

/**
 * A screen-captured lane placed by its picture lag: a glide of the lane's cursor after the
 * warm-up and another after the last step, each read back from the lane file (in the
 * background: the glide's pictures are final on disk a second or two later). A glide or a
 * reading that fails leaves the lane placed as read, with a note saying why.
 */
export function withPictureLag(
  capture: LaneCapture,
  o: { page: GlidingPage; viewport: { width: number; height: number }; scale: number; fps: number; tools: FfmpegTools; signal: AbortSignal },
): LaneCapture {
  let lag: LagMeasurement | null = null;
  let endLag: LagMeasurement | null = null;
  let measuring: Promise<void> | null = null;
  let stopped = false;
  let exit: { g: Glide; t0: number } | { note: string } | null = null;

  /** Glides the lane's cursor; the glide's first frame time (epoch ms), or null for a page that did not glide (navigating, not answering). */
  const glide = async (g: Glide): Promise<number | null> => {
    const t0 = await withTimeout(o.page.evaluate(glideScript(g)), g.ms + 3000).catch(() => null);
    return typeof t0 === 'number' && Number.isFinite(t0) ? t0 : null;
  };
  const measure = (g: Glide, t0: number): Promise<LagMeasurement> =>
    measurePictureLag({
      tools: o.tools,
      file: capture.file,
      startMs: capture.startMs,
      // A capture that ended grows no more: read what is there.
      finalSec: () => (stopped ? Number.POSITIVE_INFINITY : (capture.finalSec?.() ?? 0)),
      scale: o.scale,
      picture: { width: capture.width, height: capture.height },
      glide: g,
      t0,
      signal: o.signal,
    })
      .catch((e: unknown): LagMeasurement => ({ ms: null, frames: 0, note: e instanceof Error ? e.message : String(e) }))
      .then((m) => ({ ...m, glideAtMs: t0, glide: g }));

  return {
    ...capture,
    stop: async () => {
      try {
        return await capture.stop();
      } finally {
        stopped = true;
      }
    },
    abort: async () => {
      stopped = true;
      await capture.abort();
    },
    async afterWarmup() {
      const g = glideFor(o.viewport);
      const t0 = await glide(g);
      if (t0 === null) {
        lag = { ms: null, frames: 0, note: 'the page did not draw the gliding cursor' };
        return;
      }
      measuring = measure(g, t0).then((m) => {
        lag = m;
        measuring = null;
      });
    },
    /** The last glide: the cursor leaves the page from where the last step left it (the lag can move during a run). */
    async beforeStop() {
      const at = await withTimeout(o.page.evaluate(CURSOR_AT_SCRIPT), 2000).catch(() => undefined);
      if (at === undefined) {
        exit = { note: 'the page did not answer where its cursor was' };
        return 0;
      }
      const point = PointSchema.safeParse(at);
      const g = exitGlideFor(o.viewport, point.success ? point.data : null);
      const t0 = await glide(g);
      exit = t0 === null ? { note: 'the page did not draw the gliding cursor' } : { g, t0 };
      return t0 === null ? 0 : EXIT_TAIL_MS;
    },
    async afterStop() {
      stopped = true;
      const x = exit;
      await Promise.all([
        measuring,
        x && 't0' in x ? measure(x.g, x.t0).then((m) => (endLag = m)) : (endLag = x ? { ms: null, frames: 0, note: x.note } : null),
      ]);
    },
    pictureLag() {
      if (!lag && !endLag) return null;
      const placed = placedLag(lag, endLag, 1000 / o.fps);
      return {
        ...(lag ?? { ms: null, frames: 0, note: 'the first glide was not measured' }),
        ...(endLag ? { end: endLag } : {}),
        placedMs: placed.ms,
        ...(placed.by ? { placedBy: placed.by } : {}),
      };
    },
    placing: () => measuring !== null,
  };
}
