/**
 * How long after a page draws a frame that frame is in its lane's screen capture, measured
 * once per lane before the first step, so the lane's pictures can be placed where the page
 * drew them rather than where the screen was read.
 *
 * The screen capture stamps each picture with the moment ffmpeg read the screen. The page drew
 * that frame 33–120 ms earlier (animated bench pages, 2 cores): several of Chrome's 60 Hz frames
 * are on their way to the X screen at once, how many differs between browsers and runs, and
 * during one it mostly stays within a page frame (once, in a CI run, it went from 104 ms when
 * measured to 71 ms near the end: the pictures then came a frame early). Placed by the read time,
 * each step's picture came 2–4 frames after its caption; placed by the measured lag, within one
 * (BENCHMARKS.md, sixteenth session). Chrome's own recorder stamps its frames when they are
 * composed, which is why it did not have this lag.
 *
 * The measurement draws nothing a viewer would not see anyway: the lane's cursor (cursor.ts)
 * glides in from the right edge to the middle of the page, placed in each page frame by that
 * frame's time. In the recorded pictures, where the cursor is tells which page frame each
 * picture shows; the lag is the median of (picture's slot − that frame's time).
 */
import { sleep } from '../../common/timeout';
import type { Rect } from '../compose/layout';
import { decodeRegionFrames, type FfmpegTools } from '../compose/ffmpeg';
import { CURSOR_SCRIPT, cursorHome } from '../browser/cursor';
import type { PictureLag } from '../run-folder';

export type { PictureLag };

export interface Point {
  x: number;
  y: number;
}

/** A straight glide of the cursor at an even speed (CSS pixels of the lane's viewport). */
export interface Glide {
  from: Point;
  to: Point;
  ms: number;
}

export const GLIDE_MS = 600;

/** From just past the right edge to the cursor's home, where the runner's first move of the mouse starts. */
export function glideFor(viewport: { width: number; height: number }): Glide {
  const home = cursorHome(viewport);
  return { from: { x: viewport.width + 8, y: home.y }, to: home, ms: GLIDE_MS };
}

/** Page script: installs the cursor if it is not there and glides it; resolves with the glide's first frame time (epoch ms). */
export function glideScript(g: Glide): string {
  const n = (v: number) => Number(v.toFixed(2));
  return `${CURSOR_SCRIPT}\nwindow.__reviewCursorGlide(${n(g.from.x)}, ${n(g.from.y)}, ${n(g.to.x)}, ${n(g.to.y)}, ${n(g.ms)});`;
}

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
  for (let x = 0; x < width; x++) {
    if (darkRun(frame, width, height, x) >= minRun && darkRun(ref, width, height, x) < minRun) return x;
  }
  return null;
}

/**
 * The time (epoch ms) of the page frame that put the cursor's left edge at `edgePx` (device
 * pixels), or null where that is ambiguous: the edge at the picture's border (the arrow's left
 * edge comes in first, so once it is inside it is the arrow's), or the cursor at rest.
 */
export function glideMoment(edgePx: number, scale: number, g: Glide, t0: number, pictureWidth: number): number | null {
  if (edgePx > pictureWidth - 3) return null;
  const x = edgePx / scale - CURSOR_DARK_LEFT;
  const k = (x - g.from.x) / (g.to.x - g.from.x);
  // At rest (or within a few pixels of it) every later frame looks the same.
  const restPx = 3;
  if (k < 0 || Math.abs(x - g.to.x) <= restPx) return null;
  return t0 + Math.min(1, k) * g.ms;
}

/** Fewer pictures than this, or a wider spread, is no measurement. */
const MIN_FRAMES = 5;
const MAX_SPREAD_MS = 40;
/** A lag outside this range is a misreading (the picture cannot precede the page; nothing here waits half a second). */
const LAG_RANGE_MS = [-20, 500] as const;

export function pictureLagOf(lags: readonly number[]): PictureLag {
  const v = [...lags].sort((a, b) => a - b);
  if (v.length < MIN_FRAMES) return { ms: null, frames: v.length, note: `the gliding cursor was seen in ${v.length} pictures (at least ${MIN_FRAMES} needed)` };
  const q = (p: number) => v[Math.round(p * (v.length - 1))]!;
  const spreadMs = Math.round(q(0.75) - q(0.25));
  const median = Math.round(q(0.5));
  if (spreadMs > MAX_SPREAD_MS) return { ms: null, frames: v.length, spreadMs, note: `the pictures' lags were ${spreadMs} ms apart (at most ${MAX_SPREAD_MS} ms trusted)` };
  if (median < LAG_RANGE_MS[0] || median > LAG_RANGE_MS[1]) return { ms: null, frames: v.length, spreadMs, note: `a lag of ${median} ms is not believable` };
  return { ms: median, frames: v.length, spreadMs };
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
export async function measurePictureLag(o: MeasureOptions): Promise<PictureLag> {
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
  const ref = frames[0];
  if (!ref) return { ms: null, frames: 0, note: 'no pictures were read around the glide' };
  const minRun = edgeRun(o.scale);
  const lags: number[] = [];
  for (const f of frames.slice(1)) {
    const edge = darkLeftEdge(f.pixels, ref.pixels, band.w, band.h, minRun);
    const t = edge === null ? null : glideMoment(edge, o.scale, o.glide, o.t0, band.w);
    if (t !== null) lags.push(o.startMs + f.sec * 1000 - t);
  }
  return pictureLagOf(lags);
}
