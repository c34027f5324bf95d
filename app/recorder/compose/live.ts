// Composes finished parts of the video while the scenario still plays.
import os from 'node:os';
import { nowMs } from '../../common/progress';
import type { LaneRecord, Manifest, PopupRecord } from '../run-folder';
import type { Matrix } from '../../media/colour';
import { drawBackground, ensureSegment, planComposition, withCuts } from './compose';
import { KEEP_BEFORE_SEC, mapSec, openAssistAt, openStepAt } from './time-map';
import type { FfmpegTools } from '../../media/tools';
import type { PlannedSegment } from './filter-graph';
import { toUncutSec, toVideoSec, type VideoClock } from './video-time';

/** What the live composer needs of the capture: each lane's record so far, how much of its file is final, whether its place may still move, and the popups. */
export interface LiveLanes {
  liveLanes(): Array<{ record: LaneRecord; finalSec: number }>;
  popupRecords(): PopupRecord[];
}

/**
 * Composes segments of the video while the scenario still runs, from the parts of the lane
 * files that are already final, at the lowest CPU priority (the browsers come first). When the
 * scenario ends, the final composition finds those segments by their keys and only composes
 * the rest, so the video is ready soon after the last step.
 *
 * A segment is taken only when nothing that happens later can change it: its lanes are final
 * on disk past its end, the timeline has settled past it, and no popup is still being recorded.
 */
export interface LiveComposerOptions {
  tools: FfmpegTools;
  dir: string;
  /** The manifest being filled (its timeline grows while recording). */
  manifest: Manifest;
  /** The lanes as they are recorded (capture/run-capture.ts RunCapture.liveLanes). */
  capture: LiveLanes;
  onError?: (e: unknown) => void;
  /** How the ffmpeg's `ass` filter draws colours (colour.ts `assDrawMatrix`), as the final composition will use. */
  drawMatrix?: Matrix;
}

/** How long after a moment its events are taken as complete. */
const SETTLE_SEC = 1.5;
/** How often the composer looks for a segment it can take. */
const LOOK_EVERY_MS = 1000;
/** A segment is taken only when at least this share of the machine was spare in the last look (half: a whole core of two). */
const MIN_SPARE_CPU = 0.5;

function cpuTimes(): { total: number; spare: number } {
  let total = 0;
  let spare = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
    spare += t.idle + t.nice;
  }
  return { total, spare };
}
/** Seconds of a lane that must be final past a segment's end before it is composed: its reading looks a little beyond the end. */
const READ_PAST_END = 0.6;

export class LiveComposer {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private readonly done = new Set<number>();
  private readonly abort = new AbortController();
  private background: { file: string; hash: string } | undefined;
  private failures = 0;
  private lastCpu: { total: number; spare: number } | undefined;
  /** Segments composed while recording (for the manifest and the benchmark). */
  composed = 0;

  constructor(private readonly o: LiveComposerOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.busy) this.busy = this.tick().finally(() => (this.busy = undefined));
    }, LOOK_EVERY_MS);
    this.timer.unref();
  }

  /** Stops taking new segments; the one in progress is finished (its work is kept). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.busy;
  }

  /** Stops at once, dropping the segment in progress (cancel, failure). */
  async cancel(): Promise<void> {
    clearInterval(this.timer);
    this.abort.abort();
    await this.busy?.catch(() => undefined);
  }

  /** The next segment that can no longer change and is not composed yet, or null. */
  nextReady(now = nowMs()): { segment: PlannedSegment; plan: ReturnType<typeof planComposition> } | null {
    const s = this.settled(now);
    const segment = s?.segments.find((x) => !this.done.has(x.index));
    return s && segment ? { segment, plan: s.plan } : null;
  }

  /** Every segment that can no longer change at `now`, in order, composed or not; null before the first step. */
  settled(now = nowMs()): { segments: PlannedSegment[]; plan: ReturnType<typeof planComposition> } | null {
    const m = this.o.manifest;
    // All lanes are up once the first step starts (the runner opens every lane before it).
    if (!m.timeline.some((e) => e.type === 'step-started')) return null;
    const live = this.o.capture.liveLanes();
    if (!live.length || live.some((l) => !l.record.capture)) return null;
    const popups = this.o.capture.popupRecords();
    const clock: VideoClock = withCuts(
      { originMs: Math.min(...live.map((l) => l.record.capture!.startMs)), endMs: now, titleSec: m.titleSec },
      m.timeline,
      m.waits,
    );
    const plan = planComposition(this.o.dir, { ...m, lanes: live.map((l) => l.record), popups: popups.filter((p) => p.capture) }, clock, this.o.drawMatrix);
    const settled = plan.durationSec - SETTLE_SEC;
    // A lane that has opened no page yet is hidden by its standby panel and not read at all
    // (an idle page makes Chrome write its fragments late, which held everything back).
    const cuts = clock.cuts ?? [];
    const laneFinal = Math.min(
      ...live.map((l, i) => Math.max(mapSec(cuts, plan.lanes[i]!.offsetSec + l.finalSec), Math.min(plan.lanes[i]!.coveredUntil ?? 0, settled))),
    );
    // A popup still open (or its recording not yet closed) may cover anything from its opening on.
    const blockedFrom = Math.min(Number.POSITIVE_INFINITY, ...popups.filter((p) => !p.capture).map((p) => toVideoSec(clock, p.openedMs) - 1));
    // A wait that may yet be cut (a hand-over going on; with `all`, the step running) changes everything after its first moments.
    const waiting = m.waits === 'keep' ? null : m.waits === 'all' ? openStepAt(m.timeline) : openAssistAt(m.timeline);
    const cutFrom = waiting === null ? Number.POSITIVE_INFINITY : mapSec(cuts, toUncutSec(clock, waiting) + KEEP_BEFORE_SEC);
    const limit = Math.min(laneFinal - READ_PAST_END, settled, blockedFrom, cutFrom);
    const end = plan.segments.findIndex((s) => s.end > limit || s.end >= plan.durationSec);
    return { segments: end < 0 ? plan.segments : plan.segments.slice(0, end), plan };
  }

  /** Share of the CPU that was idle or ours (niced) since the last tick. */
  private spareCpu(): number {
    const now = cpuTimes();
    const before = this.lastCpu;
    this.lastCpu = now;
    if (!before) return 0;
    const total = now.total - before.total;
    return total > 0 ? (now.spare - before.spare) / total : 0;
  }

  private async tick(): Promise<void> {
    if (this.failures >= 3 || this.abort.signal.aborted) return;
    // Busy browsers (an animated page) need every cycle to keep 30 fps: wait for a quieter moment.
    if (this.spareCpu() < MIN_SPARE_CPU) return;
    try {
      const next = this.nextReady();
      if (!next) return;
      this.background ??= await drawBackground(this.o.tools, this.o.dir, next.plan, this.abort.signal);
      await ensureSegment({
        tools: this.o.tools,
        dir: this.o.dir,
        composition: next.plan,
        segment: next.segment,
        background: this.background,
        encoder: this.o.manifest.encoder,
        signal: this.abort.signal,
        lowPriority: true,
      });
      this.done.add(next.segment.index);
      this.composed++;
    } catch (e) {
      // Nothing is lost: the final composition makes whatever is missing.
      if (!this.abort.signal.aborted) {
        this.failures++;
        this.o.onError?.(e);
      }
    }
  }
}
