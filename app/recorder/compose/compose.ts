import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError, isUserError } from '../../common/errors';
import { ASSETS_FONTS_DIR } from '../assets/fonts';
import { clipPermissions, cutClips } from '../clips';
import { commitFile, readManifest, tempName, writeManifest, type Manifest } from '../run-folder';
import { CANVAS_COLOR, buildAss, type PopupWindow } from './ass';
import { FfmpegRunError, ffmpegVersion, resolveFfmpegTools, runArgs, runPlan, type FfmpegTools } from './ffmpeg';
import { buildComposePlan, frameGrabArgs, type LaneSource, type PopupSource } from './filter-graph';
import { layoutCanvas, popupPlacement, type CanvasWidth } from './layout';
import { buildSrt } from './srt';
import { captionCues, chapters as chaptersOf, stepEnds, toVideoSec, urlSpans, videoDurationSec, type VideoClock } from './video-time';

export interface ComposeOptions {
  tools?: FfmpegTools;
  ffmpegPath?: string;
  canvas?: CanvasWidth;
  signal?: AbortSignal;
  /** Fraction over compose + clips + step pictures (0..1). */
  onProgress?: (stage: 'compose' | 'clips' | 'steps', fraction: number, message: string) => void;
  /** Skip the step pictures (they need one ffmpeg run per step). */
  skipStepPictures?: boolean;
}

/** The video clock of a run: origin at the earliest lane capture, end at the latest. */
export function clockOf(m: Manifest): VideoClock {
  const caps = m.lanes.map((l) => l.capture).filter((c): c is NonNullable<typeof c> => !!c);
  if (!caps.length) throw new UserError('not-found', 'the run has no recorded lanes to compose', { hint: 'record again: the capture did not start' });
  return { originMs: Math.min(...caps.map((c) => c.startMs)), endMs: Math.max(...caps.map((c) => c.endMs)), titleSec: m.titleSec };
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);

/** Records why a run stopped; keeps everything already written as evidence. */
export async function markStopped(dir: string, m: Manifest, stage: string, e: unknown): Promise<void> {
  const cancelled = (isUserError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError');
  m.status = cancelled ? 'cancelled' : 'failed';
  m.error = {
    message: e instanceof Error ? e.message : String(e),
    stage,
    ...(isUserError(e) && e.hint ? { hint: e.hint } : {}),
    ...(e instanceof FfmpegRunError ? { stderrTail: e.stderrTail.slice(-20) } : {}),
  };
  await writeManifest(dir, m).catch(() => undefined);
}

/**
 * Composes the master video, the sidecars and the clips of a recorded run from its lane
 * files and manifest. Used right after recording and by `review-assistant compose`.
 */
export async function composeRun(dir: string, opts: ComposeOptions = {}): Promise<Manifest> {
  const m = await readManifest(dir);
  const report = opts.onProgress ?? (() => undefined);
  let stage = 'compose';
  try {
    // Outputs of an earlier compose are no longer current once we start again.
    m.files = { ...m.files, demo: null, captions: null, chapters: null, clips: {}, steps: [], overlay: null };
    const tools = opts.tools ?? resolveFfmpegTools(opts.ffmpegPath ? { ffmpegPath: opts.ffmpegPath } : {});
    if (opts.canvas) m.canvas = opts.canvas === 1440 ? { width: 1440, height: 810 } : { width: 1920, height: 1080 };
    m.status = 'composing';
    m.error = null;
    m.ffmpeg = { version: await ffmpegVersion(tools) };
    await writeManifest(dir, m);

    const lanes = m.lanes.filter((l) => l.capture);
    for (const l of lanes) {
      const f = path.join(dir, l.capture!.file);
      await fs.access(f).catch((e: unknown) => {
        throw new UserError('not-found', `the recording of lane "${l.id}" is missing (${f})`, { hint: 'record again', cause: e });
      });
    }
    const clock = clockOf(m);
    const durationSec = videoDurationSec(clock);
    const layout = layoutCanvas(m.canvas.width, lanes.map((l) => ({ width: l.capture!.width, height: l.capture!.height })));
    const cues = captionCues(m.timeline, clock);
    const chapters = chaptersOf(m.timeline, clock);
    const urls = urlSpans(m.timeline, clock);

    const laneSources: LaneSource[] = lanes.map((l, i) => ({
      path: path.join(dir, l.capture!.file),
      offsetSec: toVideoSec(clock, l.capture!.startMs),
      picture: layout.lanes[i]!.picture,
    }));
    const popupSources: PopupSource[] = [];
    const popupWindows: PopupWindow[] = [];
    for (const p of m.popups) {
      const laneIndex = lanes.findIndex((l) => l.id === p.laneId);
      const cap = p.capture;
      if (laneIndex < 0 || !cap) continue;
      const place = popupPlacement(layout.lanes[laneIndex]!.picture, { width: cap.width, height: cap.height }, layout.scale);
      const start = toVideoSec(clock, Math.max(p.openedMs, cap.startMs));
      const end = toVideoSec(clock, Math.min(p.closedMs ?? cap.endMs, cap.endMs));
      if (end <= start) continue;
      popupSources.push({ path: path.join(dir, cap.file), offsetSec: toVideoSec(clock, cap.startMs), picture: place.picture, start, end });
      popupWindows.push({ laneIndex, start, end, ...place });
    }

    const assPath = path.join(dir, 'overlay.ass');
    const ass = buildAss({
      layout,
      laneTitles: lanes.map((l) => l.title),
      laneIds: lanes.map((l) => l.id),
      cues,
      chapters,
      urls,
      popups: popupWindows,
      title: { ...m.title, lanes: lanes.map((l) => l.title) },
      titleSec: m.titleSec,
      durationSec,
    });
    await fs.writeFile(tempName(assPath), ass);
    await commitFile(assPath);

    const plan = buildComposePlan({ layout, lanes: laneSources, popups: popupSources, assFile: assPath, fontsDir: ASSETS_FONTS_DIR, durationSec, canvasColor: CANVAS_COLOR, encoder: m.encoder });
    const demo = path.join(dir, 'demo.mp4');
    const t0 = Date.now();
    report('compose', 0, 'composing the split-screen video');
    await runPlan(tools, plan, tempName(demo), {
      what: 'composing the video',
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (f) => report('compose', f * 0.7, `composing the video: ${Math.round(f * 100)} %`),
    });
    const srtPath = path.join(dir, 'captions.srt');
    const chaptersPath = path.join(dir, 'chapters.json');
    await fs.writeFile(tempName(srtPath), buildSrt(cues));
    await fs.writeFile(tempName(chaptersPath), JSON.stringify({ durationSec, chapters }, null, 2) + '\n');
    await commitFile(demo);
    await commitFile(srtPath);
    await commitFile(chaptersPath);
    m.timings.composeMs = Date.now() - t0;
    m.video = { durationSec, originMs: clock.originMs, endMs: clock.endMs };
    m.chapters = chapters;
    m.files.demo = 'demo.mp4';
    m.files.captions = 'captions.srt';
    m.files.chapters = 'chapters.json';
    m.files.overlay = 'overlay.ass';
    await writeManifest(dir, m);

    stage = 'clips';
    const t1 = Date.now();
    const { clips } = await cutClips({
      tools,
      runDir: dir,
      master: demo,
      chapters,
      permissions: clipPermissions(chapters, m.permissions),
      canvas: m.canvas,
      encoder: m.encoder,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (f, p) => report('clips', 0.7 + f * 0.25, `cutting the clip for ${p}`),
    });
    m.files.clips = clips;
    m.timings.clipsMs = Date.now() - t1;
    await writeManifest(dir, m);

    if (!opts.skipStepPictures) {
      stage = 'steps';
      m.files.steps = await stepPictures(tools, dir, m, opts.signal, (f) => report('steps', 0.95 + f * 0.05, 'saving step pictures'));
    }
    m.status = 'done';
    await writeManifest(dir, m);
    report('steps', 1, 'done');
    return m;
  } catch (e) {
    await markStopped(dir, m, stage, e);
    throw e;
  }
}

/** One picture per finished step, taken from the lane the step acted in, at the moment it ended. */
async function stepPictures(tools: FfmpegTools, dir: string, m: Manifest, signal: AbortSignal | undefined, progress: (f: number) => void): Promise<string[]> {
  const laneOfStep = new Map<number, string>();
  for (const e of m.timeline) if (e.type === 'step-started') laneOfStep.set(e.index, e.laneId);
  const ends = [...stepEnds(m.timeline).entries()].sort((a, b) => a[0] - b[0]);
  const out: string[] = [];
  await fs.mkdir(path.join(dir, 'steps'), { recursive: true });
  for (const [k, [index, end]] of ends.entries()) {
    const lane = m.lanes.find((l) => l.id === laneOfStep.get(index));
    if (!lane?.capture) continue;
    const rel = path.join('steps', `${String(index + 1).padStart(2, '0')}-${safeName(end.stepId)}.png`);
    const file = path.join(dir, rel);
    const at = Math.min((end.t - lane.capture.startMs) / 1000, (lane.capture.endMs - lane.capture.startMs) / 1000 - 0.5);
    await runArgs(tools, frameGrabArgs(path.join(dir, lane.capture.file), at, tempName(file)), signal);
    // Seeking past a file's last frame writes nothing; that step simply has no picture.
    if (!(await fs.stat(tempName(file)).catch(() => null))) continue;
    await commitFile(file);
    out.push(rel);
    progress((k + 1) / ends.length);
  }
  return out;
}

/** `review-assistant compose RUN_FOLDER`: compose again from the lane recordings. */
export async function recompose(dir: string, opts: ComposeOptions = {}): Promise<Manifest> {
  return composeRun(path.resolve(dir), opts);
}
