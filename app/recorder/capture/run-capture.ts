import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { nowMs } from '../../common/progress';
import { sleep, withTimeout } from '../../common/timeout';
import type { FfmpegTools } from '../../media/tools';
import { PointSchema, type CaptureRecord, type LaneRecord, type PopupRecord } from '../run-folder';
import { fitInside, scaledSize, type Size } from '../../media/canvas';
import type { LaneInfo, LaneScreen } from '../runner/types';
import { screenEnv } from '../browser/launch';
import { startVirtualDisplay, type VirtualDisplay } from '../browser/virtual-display';
import { startDisplayCapture, startLaneCapture, startScreencast, type CaptureMethod, type CaptureResult, type LaneCapture } from './lane-capture';
import { CURSOR_AT_SCRIPT, exitGlideFor, glideFor, glideScript, measurePictureLag, placedLag, type Glide, type LagMeasurement, type PictureLag } from './picture-lag';

/** The hooks the runner calls; the capture of a whole run (lanes and their popups). */
export interface CaptureHooks {
  /**
   * Asked before a lane's browser starts: a screen of its own to draw on (the `display` capture),
   * or null to launch it as usual. The driver launches the browser on that screen (launch.ts).
   */
  screenFor(laneId: string, picture: Size): Promise<LaneScreen | null>;
  onLaneReady(lane: LaneInfo, page: Page, browser: Browser): Promise<void>;
  onPopup(laneId: string, popup: Page): Promise<void>;
  onPopupClosed(laneId: string): Promise<void>;
  /**
   * Called once every lane draws steadily, before the first step: the screen capture measures
   * each lane's picture lag (picture-lag.ts) with a glide of the lane's cursor, which this waits for.
   */
  afterWarmup(): Promise<void>;
  /** Glides each screen-captured lane's cursor out of its page (the lag again), then stops every capture. */
  beforeClose(): Promise<void>;
}

const evenUp = (n: number) => Math.ceil(n / 2) * 2;

/**
 * A capture as the run folder records it. A measured picture lag moves the file earlier on the
 * run clock: its pictures are placed where the page drew them (picture-lag.ts).
 */
const toRecord = (dir: string, r: Omit<CaptureResult, 'requestedMs'> & { requestedMs?: number }, lag: PictureLag | null, frameCount: number | null = null): CaptureRecord => ({
  method: r.method,
  file: path.relative(dir, r.file),
  startMs: r.startMs - (lag?.placedMs ?? 0),
  ...(lag ? { pictureLag: lag } : {}),
  endMs: r.endMs,
  ...(r.requestedMs !== undefined ? { requestedMs: r.requestedMs } : {}),
  width: r.width,
  height: r.height,
  frames: r.frames,
  frameCount,
});

interface LaneEntry {
  info: LaneInfo;
  page: Page;
  capture: LaneCapture | null;
  result: CaptureResult | null;
  error: unknown;
  /** The picture lag measured with the first glide (screen capture), once known. */
  lag: LagMeasurement | null;
  /** ... with the last glide, after the last step. */
  endLag: LagMeasurement | null;
  /** The first glide's measurement still reading, or null. */
  measuring: Promise<void> | null;
}

/** The lane's picture lag as the run folder records it, from what its glides measured so far. */
function lagRecord(l: LaneEntry, fps: number): PictureLag | null {
  if (!l.lag && !l.endLag) return null;
  const placed = placedLag(l.lag, l.endLag, 1000 / fps);
  return {
    ...(l.lag ?? { ms: null, frames: 0, note: 'the first glide was not measured' }),
    ...(l.endLag ? { end: l.endLag } : {}),
    placedMs: placed.ms,
    ...(placed.by ? { placedBy: placed.by } : {}),
  };
}

/** How long the screen is still read after the last glide: its last frames reach the screen that much later (the lag, 120 ms at most measured). */
const EXIT_TAIL_MS = 300;

/**
 * Starts a capture per lane when the runner reports it ready, and one per popup window.
 * Popups always use the screencast: Chrome's recorder hands its file over only when asked
 * to stop, and a popup that closed itself can no longer be asked.
 */
export class RunCapture implements CaptureHooks {
  private lanes: LaneEntry[] = [];
  private popups: Array<{ laneId: string; openedMs: number; closedMs: number | null; capture: LaneCapture | null; starting: Promise<void> | null; result: CaptureResult | null; stopping: Promise<void> | null }> = [];
  private stopped = false;
  private screens = new Map<string, VirtualDisplay>();
  /** Ends picture-lag measurements still reading (cancel). */
  private readonly measuring = new AbortController();

  /**
   * `method` 'display' needs `xvfb` (the caller checked it, and ffmpeg's x11grab, beforehand:
   * chooseCapture in record.ts); a lane whose driver asked for no screen falls back to 'auto'.
   */
  constructor(private readonly o: { dir: string; tools: FfmpegTools; method: CaptureMethod | 'auto'; xvfb?: string | null; fps?: number; onError?: (e: unknown) => void }) {}

  private get fps(): number {
    return this.o.fps ?? 30;
  }

  async screenFor(laneId: string, picture: Size): Promise<LaneScreen | null> {
    if (this.o.method !== 'display' || !this.o.xvfb || this.stopped) return null;
    const size = { width: evenUp(picture.width), height: evenUp(picture.height) };
    const screen = await startVirtualDisplay(this.o.xvfb, size);
    // Cancelled or failed while it started: abort() and dispose() have been and gone.
    if (this.stopped) {
      await screen.stop();
      return null;
    }
    await this.screens.get(laneId)?.stop();
    this.screens.set(laneId, screen);
    return { display: screen.display, xauthority: screen.xauthority, size, ended: () => screen.ended() };
  }

  async onLaneReady(lane: LaneInfo, page: Page): Promise<void> {
    const entry: LaneEntry = { info: lane, page, capture: null, result: null, error: null, lag: null, endLag: null, measuring: null };
    this.lanes.push(entry);
    if (this.stopped) return;
    const base = path.join(this.o.dir, 'lanes', lane.id.replace(/[^A-Za-z0-9_-]/g, '_'));
    const size = scaledSize(lane.viewport, lane.captureScale ?? 1);
    const screen = this.screens.get(lane.id);
    if (screen) {
      entry.capture = await startDisplayCapture(screen.display, {
        tools: this.o.tools,
        width: screen.size.width,
        height: screen.size.height,
        fps: this.fps,
        file: `${base}.mp4`,
        env: screenEnv(process.env, screen),
      });
      return;
    }
    entry.capture = await startLaneCapture(page, this.o.method === 'display' ? 'auto' : this.o.method, {
      tools: this.o.tools,
      width: size.width,
      height: size.height,
      fps: this.fps,
      file: `${base}.mkv`,
      fileFor: (m) => (m === 'chrome-recorder' ? `${base}.mp4` : `${base}.mkv`),
    });
  }

  async onPopup(laneId: string, popup: Page): Promise<void> {
    const openedMs = nowMs();
    const n = this.popups.length;
    const entry = { laneId, openedMs, closedMs: null as number | null, capture: null as LaneCapture | null, starting: null as Promise<void> | null, result: null as CaptureResult | null, stopping: null as Promise<void> | null };
    this.popups.push(entry);
    // On a lane's own screen the popup window is in the lane's picture already.
    if (this.stopped || this.screens.has(laneId)) return;
    const lane = this.lanes.find((l) => l.info.id === laneId);
    const laneSize = lane ? scaledSize(lane.info.viewport, lane.info.captureScale ?? 1) : { width: 800, height: 700 };
    // Set at once, measuring included, so that a close arriving while the capture still starts
    // (a loaded machine) waits for it and stops it, instead of finding nothing to stop and
    // leaving it running.
    entry.starting = (async () => {
      const size = popupCaptureSize(await popupContentSize(popup), laneSize);
      // Closed while it was measured: nothing to capture.
      if (entry.closedMs !== null || this.stopped) return;
      entry.capture = await startScreencast(popup, {
        tools: this.o.tools,
        width: size.width,
        height: size.height,
        fps: this.fps,
        file: path.join(this.o.dir, 'lanes', `${laneId.replace(/[^A-Za-z0-9_-]/g, '_')}-popup${n + 1}.mkv`),
      });
    })().catch((e: unknown) => {
      // A popup that closes before its capture starts is not worth failing the run.
      this.o.onError?.(e);
    });
    await entry.starting;
  }

  async onPopupClosed(laneId: string): Promise<void> {
    const entry = [...this.popups].reverse().find((p) => p.laneId === laneId && p.closedMs === null);
    if (!entry) return;
    entry.closedMs = nowMs();
    entry.stopping = this.stopPopup(entry);
    await entry.stopping;
  }

  private async stopPopup(entry: (typeof this.popups)[number]): Promise<void> {
    await entry.starting;
    if (!entry.capture || entry.result) return;
    try {
      entry.result = await entry.capture.stop();
    } catch (e) {
      this.o.onError?.(e);
    }
  }

  async afterWarmup(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(
      this.displayLanes().map(async (l) => {
        const g = glideFor(l.info.viewport);
        const t0 = await this.glide(l, g);
        if (t0 === null) {
          l.lag = { ms: null, frames: 0, note: 'the page did not draw the gliding cursor' };
          return;
        }
        // In the background: the glide's pictures are final on disk a second or two later.
        l.measuring = this.measure(l, g, t0).then((lag) => {
          l.lag = lag;
          l.measuring = null;
        });
      }),
    );
  }

  private displayLanes(): LaneEntry[] {
    return this.lanes.filter((l) => l.capture?.method === 'display' && !l.result && !l.error);
  }

  /** Glides the lane's cursor; the glide's first frame time (epoch ms), or null for a page that did not glide (navigating, not answering). */
  private async glide(l: LaneEntry, g: Glide): Promise<number | null> {
    const t0 = await withTimeout(l.page.evaluate(glideScript(g)) as Promise<unknown>, g.ms + 3000).catch(() => null);
    return typeof t0 === 'number' && Number.isFinite(t0) ? t0 : null;
  }

  /** Reads the lag from the lane file's pictures of a glide; never throws. */
  private measure(l: LaneEntry, g: Glide, t0: number): Promise<LagMeasurement> {
    const capture = l.capture!;
    return measurePictureLag({
      tools: this.o.tools,
      file: capture.file,
      startMs: capture.startMs,
      // A capture that ended (or failed to stop) grows no more: read what is there.
      finalSec: () => (l.result || l.error ? Number.POSITIVE_INFINITY : (capture.finalSec?.() ?? 0)),
      scale: l.info.captureScale ?? 1,
      picture: { width: capture.width, height: capture.height },
      glide: g,
      t0,
      signal: this.measuring.signal,
    })
      .catch((e: unknown): LagMeasurement => ({ ms: null, frames: 0, note: e instanceof Error ? e.message : String(e) }))
      .then((lag) => ({ ...lag, glideAtMs: t0, glide: g }));
  }

  /**
   * The last glide of a lane: its cursor leaves the page from where the last step left it. The
   * lag can move during a run; measured at both ends, the lane is placed by both (placedLag).
   */
  private async exitGlide(l: LaneEntry): Promise<{ g: Glide; t0: number } | { note: string }> {
    const at = await withTimeout(l.page.evaluate(CURSOR_AT_SCRIPT) as Promise<unknown>, 2000).catch(() => undefined);
    if (at === undefined) return { note: 'the page did not answer where its cursor was' };
    const point = PointSchema.safeParse(at);
    const g = exitGlideFor(l.info.viewport, point.success ? point.data : null);
    const t0 = await this.glide(l, g);
    return t0 === null ? { note: 'the page did not draw the gliding cursor' } : { g, t0 };
  }

  /** Glides the screen-captured lanes' cursors out, stops every capture and finishes the files. Lane errors are rethrown after all stopped. */
  async beforeClose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const gliding = this.displayLanes();
    const exits = await Promise.all(gliding.map((l) => this.exitGlide(l)));
    if (exits.some((x) => 't0' in x)) await sleep(EXIT_TAIL_MS);
    await Promise.all(this.popups.map((p) => p.stopping ?? this.stopPopup(p)));
    await Promise.all(
      this.lanes.map(async (l) => {
        if (!l.capture || l.result) return;
        try {
          l.result = await l.capture.stop();
        } catch (e) {
          l.error = e;
          // Also when the caller of this hook (the runner) does not pass the error on: the run reports it.
          this.o.onError?.(e);
        }
      }),
    );
    // Reads what it still needs from the finished files.
    await Promise.all([
      ...this.lanes.map((l) => l.measuring),
      ...gliding.map(async (l, i) => {
        const x = exits[i]!;
        l.endLag = 't0' in x ? await this.measure(l, x.g, x.t0) : { ms: null, frames: 0, note: x.note };
      }),
    ]);
    const failed = this.lanes.find((l) => l.error);
    if (failed) throw failed.error;
  }

  /** Cancel/failure: stop everything, keep whatever reached the disk. */
  async abort(): Promise<void> {
    this.stopped = true;
    this.measuring.abort();
    await Promise.all([...this.lanes, ...this.popups].map((x) => (x.capture && !x.result ? x.capture.abort() : Promise.resolve())));
  }

  /** Ends the lanes' screens: after the driver has closed its browsers (they would see their screen vanish). */
  async dispose(): Promise<void> {
    const screens = [...this.screens.values()];
    this.screens.clear();
    await Promise.all(screens.map((s) => s.stop()));
  }

  /**
   * The lanes while recording: capture records up to now, how much of each file is final on disk,
   * and whether the lane's place on the run clock may still move (its picture lag being measured).
   */
  liveLanes(): Array<{ record: LaneRecord; finalSec: number; placing: boolean }> {
    const now = nowMs();
    return this.lanes.map((l) => ({
      record: {
        id: l.info.id,
        title: l.info.title,
        viewport: l.info.viewport,
        capture: l.result
          ? toRecord(this.o.dir, l.result, lagRecord(l, this.fps))
          : l.capture
            ? toRecord(this.o.dir, { method: l.capture.method, file: l.capture.file, startMs: l.capture.startMs, endMs: now, width: l.capture.width, height: l.capture.height, frames: null }, lagRecord(l, this.fps))
            : null,
      },
      finalSec: l.result ? Number.POSITIVE_INFINITY : (l.capture?.finalSec?.() ?? 0),
      placing: l.measuring !== null,
    }));
  }

  laneRecords(): LaneRecord[] {
    return this.lanes.map((l) => ({ id: l.info.id, title: l.info.title, viewport: l.info.viewport, capture: l.result ? toRecord(this.o.dir, l.result, lagRecord(l, this.fps)) : null }));
  }

  popupRecords(): PopupRecord[] {
    return this.popups.map((p) => ({ laneId: p.laneId, openedMs: p.openedMs, closedMs: p.closedMs, capture: p.result ? toRecord(this.o.dir, p.result, null) : null }));
  }

  methods(): CaptureMethod[] {
    return this.lanes.map((l) => l.capture?.method).filter((m): m is CaptureMethod => !!m);
  }
}

/**
 * The popup's content size in device pixels. Chrome ignores a popup's requested size when
 * headless (800×565 whatever the page asked) and under Xvfb, and puppeteer sets no viewport
 * on popups: captured at the lane's size, the picture was the popup letterboxed in white bands.
 */
export async function popupContentSize(popup: Page, timeoutMs = 1500): Promise<Size | null> {
  const own = popup.viewport();
  // A scale of 0 leaves the browser's own (a lane drawn scaled, renderScaleArgs): measured below.
  if (own && own.deviceScaleFactor !== 0) return scaledSize(own, own.deviceScaleFactor ?? 1);
  try {
    const measured = await withTimeout(popup.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight, dpr: window.devicePixelRatio })), timeoutMs);
    if (!(measured.width > 0 && measured.height > 0)) return null;
    return scaledSize(measured, measured.dpr > 0 ? measured.dpr : 1);
  } catch {
    return null; // closed, navigating or not answering: the lane's size stands in
  }
}

/**
 * What a popup is captured at: its own shape, no larger than its lane's picture (the video
 * shows it inside that picture, so more pixels would only cost the capture time).
 */
export function popupCaptureSize(content: Size | null, lanePicture: Size): Size {
  if (!content) return lanePicture;
  const r = fitInside(content, { x: 0, y: 0, w: Math.min(content.width, lanePicture.width), h: Math.min(content.height, lanePicture.height) });
  return { width: r.w, height: r.h };
}
