// Composes a recorded run into the master video, its sidecars and clips, segment by segment, after recording or by `compose`.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FREE_SPACE_AND_COMPOSE } from '../../common/disk-full';
import { UserError, forApp, isUserError } from '../../common/errors';
import { ASSETS_FONTS_DIR } from '../assets/fonts';
import { clipPermissions, cutClips } from '../clips';
import { commitFile, readManifest, removePartials, tempName, writeManifest, sourceColour } from '../run-folder';
import type { CaptureRecord, EncoderSettings, Manifest, PopupRecord } from '../run-folder';
import { assDrawMatrix, readerSync } from '../../media/capabilities';
import { type Matrix } from '../../media/colour';
import { CANVAS_COLOR, buildAss, type OverlayInput, type PopupWindow } from './ass';
import { FfmpegRunError, runArgs } from '../../media/process';
import { ffmpegVersion } from '../../media/probe';
import { resolveFfmpegTools, type FfmpegTools } from '../../media/tools';
import { runPlan } from '../../media/plan';
import { buildBackgroundPlan, buildConcatPlan, buildSegmentPlan, concatList, frameGrabsArgs, planSegments } from './filter-graph';
import type { LaneSource, PlannedSegment, PopupSource } from './filter-graph';
import { windowAss } from './ass-window';
import { layoutCanvas, popupPlacement, type CanvasLayout, type CanvasWidth } from '../../media/canvas';
import { lockFolderOfRun, oneAtATime } from '../one-at-a-time';
import { buildSrt } from './srt';
import { cutPoints, fadeInAt, fadeOutAt, planCuts, type WaitsMode } from './time-map';
import { captionCues, chapters as chaptersOf, standbyUntil, stepEnds, toUncutSec, toVideoSec, urlSpans, videoDurationSec } from './video-time';
import type { CaptionCue, Chapter, VideoClock } from './video-time';
import { escapeRegExp } from '../../common/escape-regexp';

export interface ComposeOptions {
  tools?: FfmpegTools;
  ffmpegPath?: string;
  canvas?: CanvasWidth;
  signal?: AbortSignal;
  /** Fraction over compose + clips + step pictures (0..1). */
  onProgress?: (stage: 'compose' | 'clips' | 'steps', fraction: number, message: string) => void;
  /** Skip the step pictures (they need one ffmpeg run per step). */
  skipStepPictures?: boolean;
  /** Which waits to shorten (time-map.ts); absent: as the run folder says (`assisted` unless it was recorded with another choice). */
  waits?: WaitsMode;
  /**
   * Segments composed at once. One segment already uses two cores (its lanes are decoded by
   * reader processes); more jobs help on bigger machines, at ~350 MB each at 1080p.
   */
  jobs?: number;
}

async function writeCommitted(file: string, text: string): Promise<void> {
  await fs.writeFile(tempName(file), text);
  await commitFile(file);
}

export interface ComposedSegment extends PlannedSegment {
  file: string;
}

/** What a composition needs from a run at a given clock: the final one, or "now" while recording. */
export interface Composition {
  clock: VideoClock;
  durationSec: number;
  layout: CanvasLayout;
  cues: CaptionCue[];
  chapters: Chapter[];
  overlay: OverlayInput;
  /** The moving part of the overlay (URLs, captions, cards), built once for every segment. */
  movingAss: string;
  lanes: LaneSource[];
  popups: PopupSource[];
  segments: PlannedSegment[];
}

/** `drawMatrix`: how the composing ffmpeg's `ass` filter draws colours (colour.ts `assDrawMatrix`; BT.601 for the bundled 4.1). */
export function planComposition(
  dir: string,
  m: Pick<Manifest, 'lanes' | 'popups' | 'timeline' | 'titleSec' | 'canvas' | 'title'>,
  clock: VideoClock,
  drawMatrix: Matrix = 'bt601',
): Composition {
  const lanes = m.lanes.filter((l) => l.capture);
  const durationSec = videoDurationSec(clock);
  const layout = layoutCanvas(
    m.canvas.width === 1440 ? 1440 : 1920,
    lanes.map((l) => ({ width: l.capture!.width, height: l.capture!.height })),
  );
  const cues = captionCues(m.timeline, clock);
  const chapters = chaptersOf(m.timeline, clock);
  const urls = urlSpans(m.timeline, clock);
  const laneSources: LaneSource[] = lanes.map((l, i) => ({
    path: path.join(dir, l.capture!.file),
    offsetSec: toUncutSec(clock, l.capture!.startMs),
    picture: layout.lanes[i]!.picture,
    coveredUntil: standbyUntil(urls, l.id, durationSec),
    colour: sourceColour(l.capture!),
  }));
  const popupSources: PopupSource[] = [];
  const popupWindows: PopupWindow[] = [];
  for (const p of m.popups) {
    const laneIndex = lanes.findIndex((l) => l.id === p.laneId);
    const shown = popupShownMs(p);
    if (laneIndex < 0 || !shown) continue;
    const cap = shown.capture;
    const place = popupPlacement(layout.lanes[laneIndex]!.picture, { width: cap.width, height: cap.height }, layout.scale);
    const start = toVideoSec(clock, shown.from);
    const closedSec = toUncutSec(clock, shown.until);
    // Closed inside a cut: it stays over the cut's cross-fade as long as the pictures it fades from had it.
    const fadeOut = clock.cuts ? fadeOutAt(clock.cuts, toUncutSec(clock, shown.from), closedSec) : null;
    const end = fadeOut ? toVideoSec(clock, shown.until) + fadeOut.sec : toVideoSec(clock, shown.until);
    if (end <= start) continue;
    popupSources.push({
      path: path.join(dir, cap.file),
      offsetSec: toUncutSec(clock, cap.startMs),
      picture: place.picture,
      start,
      end,
      ...(fadeOut ? { closedSec } : {}),
      colour: sourceColour(cap),
    });
    const fadeIn = clock.cuts ? fadeInAt(clock.cuts, toUncutSec(clock, shown.from)) : null;
    popupWindows.push({ laneIndex, start, end, ...place, ...(fadeIn ? { fadeIn } : {}), ...(fadeOut ? { fadeOut } : {}) });
  }
  const laneTitles = lanes.map((l) => l.title);
  const laneIds = lanes.map((l) => l.id);
  const title = { ...m.title, lanes: laneTitles };
  const overlay: OverlayInput = { layout, laneTitles, laneIds, cues, chapters, urls, popups: popupWindows, title, titleSec: m.titleSec, durationSec };
  const segments = planSegments({ titleSec: m.titleSec, chapterStarts: chapters.map((ch) => ch.start), durationSec, cuts: clock.cuts });
  const movingAss = buildAss(overlay, 'moving', drawMatrix);
  return { clock, durationSec, layout, cues, chapters, overlay, movingAss, lanes: laneSources, popups: popupSources, segments };
}

/** The still background (labels, address strips, caption band), drawn once per composition. */
export async function drawBackground(tools: FfmpegTools, dir: string, c: Composition, signal?: AbortSignal): Promise<{ file: string; hash: string }> {
  const stillAss = path.join(dir, 'background.ass');
  await writeCommitted(stillAss, buildAss(c.overlay, 'static'));
  const file = path.join(dir, 'background.png');
  const plan = buildBackgroundPlan({ ...c.layout, canvasColor: CANVAS_COLOR, staticAss: stillAss, fontsDir: ASSETS_FONTS_DIR });
  await runPlan(tools, plan, tempName(file), { what: 'drawing the background', signal });
  await commitFile(file);
  return { file, hash: sha256(await fs.readFile(file)) };
}

const sha256 = (x: string | Buffer) => createHash('sha256').update(x).digest('hex');

/**
 * Lanes decoded by reader processes piped into the composer (see runPlan). Not on Windows,
 * where a child's extra pipes are not the plain file descriptors ffmpeg's `pipe:N` reads.
 */
const LANE_READERS = process.platform !== 'win32';

const segmentBase = (dir: string, s: PlannedSegment) => path.join(dir, 'segments', String(s.index).padStart(3, '0'));

/** What composing a run's segments needs. */
interface SegmentJob {
  tools: FfmpegTools;
  dir: string;
  composition: Composition;
  background: { file: string; hash: string };
  encoder: EncoderSettings;
}

/**
 * Makes sure `segments/NNN.mp4` holds this segment as the composition now describes it.
 * Its key covers everything that decides its pictures (inputs, filter graph, the overlay
 * events around it, the background): a segment composed earlier (while recording, or before
 * a caption fix elsewhere) with the same key is kept as it is.
 */
export async function ensureSegment(
  o: SegmentJob & { segment: PlannedSegment; signal?: AbortSignal; lowPriority?: boolean; onProgress?: (fraction: number) => void },
): Promise<ComposedSegment> {
  const seg = o.segment;
  const base = segmentBase(o.dir, seg);
  const file = `${base}.mp4`;
  const assFile = `${base}.ass`;
  const win = windowAss(o.composition.movingAss, seg.start, seg.end);
  const plan = buildSegmentPlan({
    segment: seg,
    background: o.background.file,
    lanes: o.composition.lanes,
    popups: o.composition.popups,
    assFile,
    fontsDir: ASSETS_FONTS_DIR,
    encoder: o.encoder,
    readers: LANE_READERS,
    readerSync: await readerSync(o.tools),
  });
  const key = sha256(placeless(JSON.stringify({ v: 2, plan, events: win.key, background: o.background.hash }), o.dir));
  const have = await fs.readFile(`${base}.key`, 'utf8').catch(() => '');
  if (have === key && (await fs.stat(file).catch(() => null))) return { ...seg, file };
  await fs.mkdir(path.dirname(base), { recursive: true });
  await fs.rm(`${base}.key`, { force: true });
  await fs.writeFile(assFile, win.text);
  await runPlan(o.tools, plan, tempName(file), {
    what: `composing the video (${fmtSec(seg.start)}–${fmtSec(seg.end)})`,
    signal: o.signal,
    lowPriority: o.lowPriority,
    onProgress: o.onProgress,
  });
  await commitFile(file);
  await fs.writeFile(`${base}.key`, key);
  return { ...seg, file };
}

/**
 * A segment key with the run folder and the app's fonts folder named instead of where they are,
 * so that a moved run folder, or the same run composed by another install of the app, keeps its
 * segments: what the paths point to moves with them.
 */
function placeless(key: string, runDir: string): string {
  // The folder as JSON writes it, and not where a longer name goes on (`/runs/a` is not `/runs/ab`).
  const folder = (dir: string) => new RegExp(`${escapeRegExp(JSON.stringify(dir).slice(1, -1))}(?![\\w.-])`, 'g');
  const out = key.replace(folder(ASSETS_FONTS_DIR), '<fonts>');
  return path.isAbsolute(runDir) ? out.replace(folder(runDir), '<run>') : out;
}

/** Composes (or keeps) every segment, up to `jobs` at once. */
async function composeSegments(o: SegmentJob & { jobs: number; signal?: AbortSignal; onProgress: (fraction: number) => void }): Promise<ComposedSegment[]> {
  const plans = o.composition.segments;
  // Segments of an earlier, longer composition are not part of this one.
  const keep = new Set(plans.map((s) => path.basename(segmentBase(o.dir, s))));
  const segDir = path.join(o.dir, 'segments');
  await fs.mkdir(segDir, { recursive: true });
  for (const f of await fs.readdir(segDir)) if (!keep.has(f.replace(/\..*$/, ''))) await fs.rm(path.join(segDir, f), { force: true });
  const total = plans.reduce((a, s) => a + (s.end - s.start), 0) || 1;
  const done = new Map<number, number>();
  const progress = () => o.onProgress(Math.min(1, [...done.values()].reduce((a, b) => a + b, 0) / total));
  const out: ComposedSegment[] = new Array<ComposedSegment>(plans.length);
  let next = 0;
  // One failed segment stops the others (the first error is the one reported).
  const stop = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal;
  const worker = async () => {
    while (next < plans.length) {
      const i = next++;
      const seg = plans[i]!;
      if (signal.aborted) throw new UserError('cancelled', 'composing the video was cancelled');
      out[i] = await ensureSegment({
        ...o,
        segment: seg,
        signal,
        onProgress: (f) => {
          done.set(seg.index, f * (seg.end - seg.start));
          progress();
        },
      });
      done.set(seg.index, seg.end - seg.start);
      progress();
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(o.jobs, plans.length)) }, () =>
      worker().catch((e: unknown) => {
        stop.abort();
        throw e;
      }),
    ),
  );
  return out;
}

const fmtSec = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

/** The video clock of a run: origin at the earliest lane capture, end at the latest, less the waits its `waits` choice cuts. */
export function clockOf(m: Pick<Manifest, 'lanes' | 'titleSec' | 'timeline' | 'waits'>): VideoClock {
  const caps = m.lanes.map((l) => l.capture).filter((c): c is NonNullable<typeof c> => !!c);
  if (!caps.length) throw new UserError('not-found', 'the run has no recorded lanes to compose', { hint: 'record again: the capture did not start' });
  return withCuts(
    { originMs: Math.min(...caps.map((c) => c.startMs)), endMs: Math.max(...caps.map((c) => c.endMs)), titleSec: m.titleSec },
    m.timeline,
    m.waits,
  );
}

/** A clock with the cuts its timeline asks for under `waits` (time-map.ts planCuts): after the title card, before the end. */
export function withCuts(clock: VideoClock, timeline: Manifest['timeline'], waits: WaitsMode): VideoClock {
  const plain: VideoClock = { originMs: clock.originMs, endMs: clock.endMs, titleSec: clock.titleSec };
  const cuts = planCuts(timeline, (t) => toUncutSec(plain, t), waits, { from: plain.titleSec, to: toUncutSec(plain, plain.endMs) });
  return cuts.length ? { ...plain, cuts } : plain;
}

/** What the manifest says was cut: each cut's place in the video, its length, why, and when it was on the run clock. */
export function cutRecords(clock: VideoClock): NonNullable<Manifest['cuts']> {
  const cuts = clock.cuts ?? [];
  const toRun = (sec: number) => Math.round(clock.originMs + (sec - clock.titleSec) * 1000);
  return cuts.map((c, i) => ({
    atSec: cutPoints(cuts)[i]!,
    removedSec: Math.round((c.end - c.start) * 1000) / 1000,
    fromMs: toRun(c.start),
    toMs: toRun(c.end),
    reason: c.reason,
    stepId: c.stepId,
  }));
}

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60);

/** The error as the app shows it, for the recording's page (the manifest's own message and hint are the command line's). */
function appError(e: UserError): { message: string; hint?: string } {
  const a = forApp(e);
  return { message: a.message, ...(a.hint ? { hint: a.hint } : {}) };
}

/** Records why a run stopped; keeps everything already written as evidence. */
export async function markStopped(dir: string, m: Manifest, stage: string, e: unknown): Promise<void> {
  const cancelled = (isUserError(e) && e.kind === 'cancelled') || (e instanceof Error && e.name === 'AbortError');
  m.status = cancelled ? 'cancelled' : 'failed';
  m.error = {
    message: e instanceof Error ? e.message : String(e),
    stage,
    ...(isUserError(e) && e.hint ? { hint: e.hint } : {}),
    ...(e instanceof FfmpegRunError ? { stderrTail: e.stderrTail.slice(-20) } : {}),
    ...(isUserError(e) ? { app: appError(e) } : {}),
  };
  await removePartials(dir);
  try {
    await writeManifest(dir, m);
  } catch (err) {
    if ((err as NodeJS.ErrnoException | null)?.code !== 'ENOSPC') return;
    // Still no room to say so: the composed segments are a cache that compose makes again
    // (the lane recordings, the evidence, stay). A run left saying "composing" would be a lie.
    await fs.rm(path.join(dir, 'segments'), { recursive: true, force: true }).catch(() => undefined);
    await writeManifest(dir, m).catch(() => undefined);
  }
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
    // The frame check read the video about to be replaced.
    delete m.frames;
    const tools = opts.tools ?? resolveFfmpegTools(opts.ffmpegPath ? { ffmpegPath: opts.ffmpegPath } : {});
    if (opts.canvas) m.canvas = opts.canvas === 1440 ? { width: 1440, height: 810 } : { width: 1920, height: 1080 };
    if (opts.waits) m.waits = opts.waits;
    m.status = 'composing';
    m.error = null;
    m.ffmpeg = { version: await ffmpegVersion(tools) };
    await writeManifest(dir, m);

    for (const l of m.lanes.filter((x) => x.capture)) {
      const f = path.join(dir, l.capture!.file);
      await fs.access(f).catch((e: unknown) => {
        throw new UserError('not-found', `the recording of lane "${l.id}" is missing (${f})`, { hint: 'record again', cause: e });
      });
    }
    const c = planComposition(dir, m, clockOf(m), await assDrawMatrix(tools));
    const { clock, durationSec, cues, chapters } = c;
    const assPath = path.join(dir, 'overlay.ass');
    await writeCommitted(assPath, c.movingAss);
    const background = await drawBackground(tools, dir, c, opts.signal);

    const demo = path.join(dir, 'demo.mp4');
    const t0 = Date.now();
    report('compose', 0, 'composing the split-screen video');
    const segments = await composeSegments({
      tools,
      dir,
      composition: c,
      background,
      encoder: m.encoder,
      jobs: opts.jobs ?? 1,
      signal: opts.signal,
      onProgress: (f) => report('compose', f * 0.65, 'composing the video'),
    });
    const list = path.join(dir, 'segments', 'demo.ffconcat');
    await fs.writeFile(list, concatList(segments.map((x) => ({ file: x.file, durationSec: x.end - x.start }))));
    await runPlan(tools, buildConcatPlan(list, durationSec), tempName(demo), {
      what: 'joining the video',
      signal: opts.signal,
      onProgress: (f) => report('compose', 0.65 + f * 0.05, 'joining the video'),
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
    m.cuts = cutRecords(clock);
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
      segments,
      chapters,
      permissions: clipPermissions(chapters, m.permissions),
      canvas: m.canvas,
      encoder: m.encoder,
      signal: opts.signal,
      onProgress: (f, p) => report('clips', 0.7 + f * 0.25, `cutting the clip for ${p}`),
    });
    // The segments stay: composing again after a caption fix redoes only the segments it changed.
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
    const err = diskFull(e) ?? e;
    await markStopped(dir, m, stage, err);
    throw err;
  }
}

/** A write that failed for lack of space, told as the user's problem to solve. */
function diskFull(e: unknown): UserError | null {
  if ((e as NodeJS.ErrnoException | null)?.code !== 'ENOSPC') return null;
  return new UserError('external', `the disk is full: ${(e as Error).message}`, { hint: FREE_SPACE_AND_COMPOSE, cause: e });
}

/**
 * One picture per finished step, taken from what the step acted in at the moment it ended:
 * its lane, or the lane's popup window while one was open (the Facebook login and consent
 * steps happen there, and the lane's own picture showed the page behind it). One ffmpeg run
 * per recording (starting ffmpeg per step took longer than the pictures).
 */
async function stepPictures(tools: FfmpegTools, dir: string, m: Manifest, signal: AbortSignal | undefined, progress: (f: number) => void): Promise<string[]> {
  const laneOfStep = new Map<number, string>();
  for (const e of m.timeline) if (e.type === 'step-started') laneOfStep.set(e.index, e.laneId);
  const ends = [...stepEnds(m.timeline).entries()].sort((a, b) => a[0] - b[0]);
  const stepsDir = path.join(dir, 'steps');
  await fs.mkdir(stepsDir, { recursive: true });
  const out: string[] = [];
  const sources = pictureSources(m);
  const bySource = new Map<CaptureRecord, Array<{ rel: string; at: number }>>();
  for (const [index, end] of ends) {
    const laneId = laneOfStep.get(index);
    const cap = sources.find((x) => x.laneId === laneId && x.from <= end.t && end.t < x.until)?.capture;
    if (!cap) continue;
    const list = bySource.get(cap) ?? [];
    list.push({
      rel: path.join('steps', `${String(index + 1).padStart(2, '0')}-${safeName(end.stepId)}.png`),
      at: Math.max(0, Math.min((end.t - cap.startMs) / 1000, (cap.endMs - cap.startMs) / 1000 - 0.5)),
    });
    bySource.set(cap, list);
  }
  let k = 0;
  for (const [cap, mine] of bySource) {
    const work = await fs.mkdtemp(path.join(stepsDir, '.grab-'));
    try {
      const moments = mine.map((x) => x.at);
      const grab = frameGrabsArgs(path.join(dir, cap.file), moments, path.join(work, '%03d.png'));
      await runArgs(tools, grab.args, signal);
      for (const [i, x] of mine.entries()) {
        const from = path.join(work, `${String(grab.pictureOf[i]).padStart(3, '0')}.png`);
        // A moment past the file's last frame has no picture: that step simply has none.
        if (!(await fs.stat(from).catch(() => null))) continue;
        const file = path.join(dir, x.rel);
        await fs.copyFile(from, tempName(file));
        await commitFile(file);
        out.push(x.rel);
      }
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
    progress(++k / bySource.size);
  }
  return out.sort();
}

/**
 * Where a lane's picture comes from, and when: its popups' captures while they were open
 * (first, so they win), then the lane's own capture at any time.
 */
export function pictureSources(m: Pick<Manifest, 'lanes' | 'popups'>): Array<{ laneId: string; from: number; until: number; capture: CaptureRecord }> {
  const popups = m.popups.flatMap((p) => {
    const shown = popupShownMs(p);
    return shown ? [{ laneId: p.laneId, ...shown }] : [];
  });
  const lanes = m.lanes.flatMap((l) => (l.capture ? [{ laneId: l.id, from: -Infinity, until: Infinity, capture: l.capture }] : []));
  return [...popups, ...lanes];
}

/** When a popup's own picture is shown (run clock, ms): from its capture's start while open, to its close or its capture's end. */
function popupShownMs(p: PopupRecord): { from: number; until: number; capture: CaptureRecord } | null {
  const cap = p.capture;
  if (!cap) return null;
  return { from: Math.max(p.openedMs, cap.startMs), until: Math.min(p.closedMs ?? cap.endMs, cap.endMs), capture: cap };
}

/** `review-assistant compose RUN_FOLDER`: compose again from the lane recordings. */
export async function recompose(dir: string, opts: ComposeOptions = {}): Promise<Manifest> {
  const abs = path.resolve(dir);
  // A folder that is no run is said as such, before a lock is written anywhere near it.
  await readManifest(abs);
  return oneAtATime(lockFolderOfRun(abs), `composing ${path.basename(abs)}`, () => composeRun(abs, opts));
}
