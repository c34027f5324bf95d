// The capture of a whole run: a capture per lane by the first chosen method that starts for it, one per popup, and the run folder's records of them.
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { isDiskFull } from '../../common/disk-full';
import { nowMs } from '../../common/progress';
import { sleep, withTimeout } from '../../common/timeout';
import { fitInside, scaledSize, type Size } from '../../media/canvas';
import { matrixOf } from '../../media/colour';
import { probe, type ProbeStream } from '../../media/probe';
import type { FfmpegTools } from '../../media/tools';
import type { CaptureRecord, LaneRecord, PopupRecord } from '../run-folder';
import type { LaneInfo, LaneScreen, RunnerHooks } from '../runner/types';
import type { CaptureMethod, CaptureResult, LaneCapture } from './method';
import { screencast, startScreencast } from './screencast';

/** The runner's hooks, every one of them: the capture is what the runner calls (one contract, runner/types.ts). */
export type CaptureHooks = Required<RunnerHooks>;

/** A capture as the run folder records it. A method's picture lag moves the file earlier on the run clock: its pictures are placed where the page drew them. */
const toRecord = (dir: string, r: Omit<CaptureResult, 'requestedMs'> & { requestedMs?: number }, lagMs: number): CaptureRecord => ({
  method: r.method,
  file: path.relative(dir, r.file),
  startMs: r.startMs - lagMs,
  ...(lagMs ? { pictureLag: { placedMs: lagMs } } : {}),
  endMs: r.endMs,
  ...(r.requestedMs !== undefined ? { requestedMs: r.requestedMs } : {}),
  width: r.width,
  height: r.height,
  frames: r.frames,
  frameCount: null,
});

interface LaneEntry {
  info: LaneInfo;
  page: Page;
  capture: LaneCapture | null;
  result: CaptureResult | null;
  error: unknown;
}

interface PopupEntry {
  laneId: string;
  openedMs: number;
  closedMs: number | null;
  capture: LaneCapture | null;
  starting: Promise<void> | null;
  result: CaptureResult | null;
  stopping: Promise<void> | null;
}

/** How long a lost lane waits for its screen's end to be seen (an X server's exit is noticed within milliseconds). */
const LOST_GRACE_MS = 1000;

/** How many picture lags a lagging method records past the last step (the glides that once measured the lag gave about 0.9 s). */
const STOP_TAIL_LAGS = 6;

const fileName = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * Starts a capture per lane when the runner reports it ready, and one per popup window.
 * Popups always use the screencast: Chrome's recorder hands its file over only when asked
 * to stop, and a popup that closed itself can no longer be asked.
 */
export class RunCapture implements CaptureHooks {
  private lanes: LaneEntry[] = [];
  private popups: PopupEntry[] = [];
  private stopped = false;
  private screens = new Map<string, LaneScreen & { stop(): Promise<void> }>();

  /** `methods`: what chooseCapture decided, in order; each lane is recorded by the first that starts for it. */
  constructor(
    private readonly o: {
      dir: string;
      tools: FfmpegTools;
      methods: readonly CaptureMethod[];
      fps?: number;
      onError?: (e: unknown) => void;
      /** A lane's recording ended while the run went on (a full disk, its encoder killed). */
      onLaneLost?: (laneId: string, e: unknown) => void;
    },
  ) {}

  private get fps(): number {
    return this.o.fps ?? 30;
  }

  async screenFor(laneId: string, picture: Size): Promise<LaneScreen | null> {
    const method = this.o.methods.find((m) => m.screenFor);
    if (!method || this.stopped) return null;
    const screen = await method.screenFor!(laneId, picture);
    // Cancelled or failed while it started: abort() and dispose() have been and gone.
    if (screen && this.stopped) {
      await screen.stop();
      return null;
    }
    await this.screens.get(laneId)?.stop();
    if (screen) this.screens.set(laneId, screen);
    return screen;
  }

  async onLaneReady(lane: LaneInfo, page: Page): Promise<void> {
    const entry: LaneEntry = { info: lane, page, capture: null, result: null, error: null };
    this.lanes.push(entry);
    if (this.stopped) return;
    const base = path.join(this.o.dir, 'lanes', fileName(lane.id));
    const start = {
      page,
      lane,
      picture: scaledSize(lane.viewport, lane.captureScale ?? 1),
      fps: this.fps,
      tools: this.o.tools,
      screen: this.screens.get(lane.id) ?? null,
      onLost: (e: unknown) => {
        // Once stopping, an ending capture is expected.
        if (this.stopped) return;
        if (isDiskFull(e)) return this.o.onLaneLost?.(lane.id, e);
        // A lane's screen that ended takes its capture and its browser with it, and the runner
        // names the screen: which of the two ends is seen first is up to the scheduler, so the
        // loss waits a moment and is told only if the screen still runs.
        setTimeout(() => {
          if (!this.stopped && !this.screens.get(lane.id)?.ended?.()) this.o.onLaneLost?.(lane.id, e);
        }, LOST_GRACE_MS).unref();
      },
    };
    let failure: unknown;
    for (const method of this.o.methods) {
      try {
        entry.capture = await method.start({ ...start, file: `${base}.${method.container}` });
        return;
      } catch (e) {
        failure ??= e;
      }
    }
    throw failure;
  }

  private methodOf(id: string | undefined): CaptureMethod | undefined {
    return [...this.o.methods, screencast].find((m) => m.id === id);
  }

  async onPopup(laneId: string, popup: Page): Promise<void> {
    const entry: PopupEntry = { laneId, openedMs: nowMs(), closedMs: null, capture: null, starting: null, result: null, stopping: null };
    const n = this.popups.length;
    this.popups.push(entry);
    const lane = this.lanes.find((l) => l.info.id === laneId);
    // On a lane's own screen the popup window is in the lane's picture already.
    if (this.stopped || this.methodOf(lane?.capture?.method)?.popupsInPicture) return;
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
        file: path.join(this.o.dir, 'lanes', `${fileName(laneId)}-popup${n + 1}.${screencast.container}`),
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

  private async stopPopup(entry: PopupEntry): Promise<void> {
    await entry.starting;
    if (!entry.capture || entry.result) return;
    try {
      entry.result = await entry.capture.stop();
    } catch (e) {
      this.o.onError?.(e);
    }
  }

  /** How much earlier than read a lane's pictures were drawn, by its method (ms). */
  private lagOf(capture: LaneCapture | null): number {
    return this.methodOf(capture?.method)?.pictureLagMs ?? 0;
  }

  /**
   * Stops every capture and finishes the files. Lane errors are rethrown after all stopped. A
   * method whose pictures reach it late (its picture lag) records a moment longer, so the last
   * step's pictures are in its file, on a loaded machine too.
   */
  async beforeClose(): Promise<void> {
    if (this.stopped) return;
    const lag = Math.max(0, ...this.lanes.map((l) => (l.capture && !l.result ? this.lagOf(l.capture) : 0)));
    if (lag > 0) await sleep(STOP_TAIL_LAGS * lag);
    this.stopped = true;
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
    const failed = this.lanes.find((l) => l.error);
    if (failed) throw failed.error;
  }

  /** Cancel/failure: stop everything, keep whatever reached the disk. */
  async abort(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.lanes, ...this.popups].map((x) => (x.capture && !x.result ? x.capture.abort() : Promise.resolve())));
  }

  /** Ends the lanes' screens: after the driver has closed its browsers (they would see their screen vanish). */
  async dispose(): Promise<void> {
    const screens = [...this.screens.values()];
    this.screens.clear();
    await Promise.all(screens.map((s) => s.stop()));
  }

  /** A lane's record: its finished capture, or (given `now`) the running one up to now. */
  private laneRecord(l: LaneEntry, now?: number): LaneRecord {
    const running = now !== undefined && l.capture ? { ...l.capture, endMs: now, frames: null } : null;
    const r = l.result ?? running;
    return { id: l.info.id, title: l.info.title, viewport: l.info.viewport, capture: r ? toRecord(this.o.dir, r, this.lagOf(l.capture)) : null };
  }

  /** The lanes while recording: capture records up to now, and how much of each file is final on disk. */
  liveLanes(): Array<{ record: LaneRecord; finalSec: number }> {
    const now = nowMs();
    return this.lanes.map((l) => ({ record: this.laneRecord(l, now), finalSec: l.result ? Number.POSITIVE_INFINITY : (l.capture?.finalSec?.() ?? 0) }));
  }

  laneRecords(): LaneRecord[] {
    return this.lanes.map((l) => this.laneRecord(l));
  }

  popupRecords(): PopupRecord[] {
    return this.popups.map((p) => ({
      laneId: p.laneId,
      openedMs: p.openedMs,
      closedMs: p.closedMs,
      capture: p.result ? toRecord(this.o.dir, p.result, 0) : null,
    }));
  }

  /**
   * The records of the finished captures, completed from what the files say: frame count, size
   * (a browser may round a scaled picture its own way), colours (else what the method writes),
   * and the place on the run clock each method corrects (`keepProvisional`: segments were
   * composed while recording with the place the capture had).
   */
  async finishedRecords(o: { keepProvisional: boolean }): Promise<{ lanes: LaneRecord[]; popups: PopupRecord[] }> {
    const lanes = this.laneRecords();
    const popups = this.popupRecords();
    const complete = async (cap: CaptureRecord | null, lane: boolean) => {
      if (!cap) return;
      const method = this.methodOf(cap.method);
      const pr = await probe(this.o.tools, path.join(this.o.dir, cap.file), { countPackets: lane }).catch(() => undefined);
      const stream: ProbeStream | undefined = pr?.streams[0];
      if (lane) {
        const n = Number(stream?.nb_read_packets);
        cap.frameCount = Number.isFinite(n) ? n : null;
        const w = Number(stream?.width);
        const h = Number(stream?.height);
        if (w > 0 && h > 0) Object.assign(cap, { width: w, height: h });
      }
      cap.colorRange = stream?.color_range ? (stream.color_range === 'pc' ? 'full' : 'limited') : (method?.colour.range ?? 'limited');
      const matrix = matrixOf(stream?.color_space) ?? method?.colour.matrix;
      if (matrix) cap.colorMatrix = matrix;
      if (lane) method?.place?.(cap, pr, o);
    };
    for (const l of lanes) await complete(l.capture, true);
    for (const p of popups) await complete(p.capture, false);
    return { lanes, popups };
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
    const measured = await withTimeout(
      popup.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight, dpr: window.devicePixelRatio })),
      timeoutMs,
    );
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
