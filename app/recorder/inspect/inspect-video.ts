// The frame check of a run: samples its composed video through ffmpeg and judges each lane's pictures (lane-frames.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../common/errors';
import { CHAPTER_CARD_SEC, chapterCardBox } from '../compose/ass';
import { clockOf, planComposition } from '../compose/compose';
import { streamSampledFrames } from '../../media/frames';
import { type FfmpegTools } from '../../media/tools';
import type { Rect } from '../../media/canvas';
import { standbyUntil, toVideoSec } from '../compose/video-time';
import type { Manifest } from '../run-folder';
import { FRAME_CHECK_VERSION, type FrameCheck } from './frame-check-schema';
import { VideoLooker, findFindings, type Box, type VideoPlan } from './lane-frames';

/** Two pictures a second: a stretch of a few seconds is seen several times, and decoding stays a few seconds for a two-minute video. */
export const SAMPLE_FPS = 2;

/** Pictures a quarter of the canvas each way: a lane is ~235×207, enough to see a page's layout; a page's flat areas stay flat. */
export const SAMPLE_SCALE = 1 / 4;

/** Steps whose action changes what the lane shows (the cursor moves, text is typed, a page opens). */
const ACTING = new Set(['goto', 'click', 'fill', 'press']);

/** The fade around a chapter card (ass.ts fades it in and out over 0.2 s): its pictures are not judged either. */
const CARD_MARGIN_SEC = 0.3;

/**
 * A lane's rectangle on the canvas, in the sampled pictures' pixels, one sampled pixel in from
 * each edge: area scaling mixes the lane's edge with the canvas around it.
 */
function scaledInside(r: Rect, sx: number, sy: number): Box {
  const x0 = Math.ceil(r.x * sx) + 1;
  const y0 = Math.ceil(r.y * sy) + 1;
  const x1 = Math.floor((r.x + r.w) * sx) - 1;
  const y1 = Math.floor((r.y + r.h) * sy) - 1;
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

/** Where the lanes and overlays of a run's composed video are, as the composer placed them (planComposition), in sampled pixels. */
export function videoPlanOf(dir: string, m: Manifest): VideoPlan {
  const recorded = m.lanes.filter((l) => l.capture);
  if (!recorded.length) throw new UserError('not-found', 'the run has no recorded lanes, so its video has no lane pictures to check', { hint: 'record again' });
  const clock = clockOf(m);
  const c = planComposition(dir, m, clock);
  const width = Math.max(2, Math.round((c.layout.width * SAMPLE_SCALE) / 2) * 2);
  const height = Math.max(2, Math.round((c.layout.height * SAMPLE_SCALE) / 2) * 2);
  const sx = width / c.layout.width;
  const sy = height / c.layout.height;
  const starts = m.timeline.filter((e): e is Extract<Manifest['timeline'][number], { type: 'step-started' }> => e.type === 'step-started');
  const card = scaledInside(chapterCardBox(c.layout), sx, sy);
  return {
    width,
    height,
    durationSec: c.durationSec,
    titleSec: m.titleSec,
    lanes: recorded.map((l, i) => ({
      id: l.id,
      title: l.title,
      box: scaledInside(c.layout.lanes[i]!.picture, sx, sy),
      shownFromSec: standbyUntil(c.overlay.urls, l.id, c.durationSec),
      actions: starts.filter((e) => e.laneId === l.id && ACTING.has(e.action)).map((e) => toVideoSec(clock, e.t)),
    })),
    // A step changes the picture when it acts or shows a caption (one without keeps the last caption up).
    steps: starts.filter((e) => ACTING.has(e.action) || e.caption.trim() !== '').map((e) => toVideoSec(clock, e.t)),
    covers: c.chapters.map((ch) => ({
      fromSec: ch.start - CARD_MARGIN_SEC,
      toSec: Math.min(ch.end, ch.start + CHAPTER_CARD_SEC) + CARD_MARGIN_SEC,
      box: card,
    })),
  };
}

export interface InspectOptions {
  tools: FfmpegTools;
  signal?: AbortSignal;
  /** 0..1 over the video's length. */
  onProgress?: (fraction: number) => void;
}

/** Samples a video file and judges it against its plan. */
export async function inspectVideo(
  file: string,
  plan: VideoPlan,
  o: InspectOptions,
): Promise<Pick<FrameCheck, 'samples' | 'findings' | 'sampleFps'> & { seenSec: number }> {
  const looker = new VideoLooker(plan);
  const samples = await streamSampledFrames(
    o.tools,
    file,
    { fps: SAMPLE_FPS, width: plan.width, height: plan.height },
    (sec, rgb) => {
      looker.add(sec, { width: plan.width, height: plan.height, rgb });
      if (plan.durationSec > 0) o.onProgress?.(Math.min(1, sec / plan.durationSec));
    },
    o.signal,
  );
  const last = looker.looks.at(-1);
  // How much video the pictures cover (the file's length, to a sample): the manifest's length is what was planned.
  return { samples, sampleFps: SAMPLE_FPS, findings: findFindings(plan, looker.looks, 1 / SAMPLE_FPS), seenSec: last ? last.sec + 1 / SAMPLE_FPS : 0 };
}

/** The frame check of a composed run: its demo.mp4 sampled and judged lane by lane. */
export async function inspectRun(dir: string, m: Manifest, o: InspectOptions): Promise<FrameCheck> {
  const rel = m.files.demo ?? 'demo.mp4';
  const file = path.join(dir, rel);
  const stat = await fs.stat(file).catch((e: unknown) => {
    throw new UserError('not-found', `the run has no video to check (${file})`, {
      hint: 'compose the run ("review-assistant compose RUN_FOLDER") or record again',
      cause: e,
    });
  });
  const plan = videoPlanOf(dir, m);
  const t0 = Date.now();
  const r = await inspectVideo(file, plan, o);
  return {
    version: FRAME_CHECK_VERSION,
    ok: r.findings.length === 0,
    checkedAt: new Date().toISOString(),
    video: { file: rel, sizeBytes: stat.size, durationSec: r.seenSec },
    sampleFps: r.sampleFps,
    samples: r.samples,
    elapsedMs: Date.now() - t0,
    lanes: plan.lanes.map((l) => ({ id: l.id, title: l.title })),
    findings: r.findings,
  };
}

/** Whether a stored result still describes the run's video (same analysis, same file). */
export function isCurrent(check: FrameCheck | undefined, m: Pick<Manifest, 'files'>, sizeBytes: number): check is FrameCheck {
  return !!check && check.version === FRAME_CHECK_VERSION && check.video.file === (m.files.demo ?? 'demo.mp4') && check.video.sizeBytes === sizeBytes;
}
