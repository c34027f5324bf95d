// Pure builders of ffmpeg inputs, filter graphs and output options for every composing step; app/media/plan.ts executes what they return.
import { argv } from '../../common/argv';
import type { Rect } from '../../media/canvas';
import { RGB_TO_VIDEO, VIDEO_COLOUR_TAGS, toVideoColour, type SourceColour } from '../../media/colour';
import { VSYNC_PASSTHROUGH, type ReaderSync } from '../../media/capabilities';
import { escapeFilterValue, type FfmpegInput, type FfmpegPlan } from '../../media/plan';
import type { EncoderSettings } from '../run-folder';
import { FPS } from './video-time';
import { cutPoints, sourceSec, type Cut } from './time-map';

/**
 * Memory decides these x264 settings: its defaults (frame threads 1.5× the cores, 3 B-frames,
 * deep look-ahead) took a segment's ffmpeg to ~490 MB at 1080p, these to ~350 MB for 2 % more
 * bytes; more cores are used by composing segments at once (`--jobs`). Sub-pixel refinement 1:
 * 11 % less encoder CPU for 6 % more bytes (BENCHMARKS.md, third and fifth sessions).
 */
export const DEFAULT_ENCODER: EncoderSettings = {
  codec: 'libx264',
  preset: 'veryfast',
  crf: 20,
  pixFmt: 'yuv420p',
  fps: FPS,
  x264Params: 'threads=2:bframes=0:rc-lookahead=3:sync-lookahead=0:subme=1',
};

const n3 = (x: number) => Number(x.toFixed(3)).toString();

/**
 * Moves a stream `sec` later, to the nearest tick of its time base. setpts cuts its result down
 * to a whole tick: `PTS+5.333/TB` at 1/30 s is 159.99, so 159, and every caption of a segment
 * starting at 5.333 s came a frame late.
 */
const shiftBy = (sec: number) => `setpts=PTS+floor(${Number(sec.toFixed(6))}/TB+0.5)`;

export function encoderOutputOptions(enc: EncoderSettings, durationSec: number, faststart = true): string[] {
  return [
    ...argv`-an -c:v ${enc.codec} -preset ${enc.preset} -crf ${enc.crf}`,
    ...(enc.x264Params ? ['-x264-params', enc.x264Params] : []),
    ...argv`-pix_fmt ${enc.pixFmt}`,
    ...VIDEO_COLOUR_TAGS,
    // Without an explicit output rate, variable-rate inputs made ffmpeg run "forever".
    ...argv`-r ${enc.fps} -t ${n3(durationSec)}`,
    ...(faststart ? ['-movflags', '+faststart'] : []),
  ];
}

export interface LaneSource {
  path: string;
  /** Seconds of uncut video time (time-map.ts) before this lane's first frame (its capture started later than the origin). */
  offsetSec: number;
  picture: Rect;
  /** Video seconds until which the overlay hides this lane's picture (its standby panel). */
  coveredUntil?: number;
  /** What the file's YUV is; converted to the video's (BT.709, limited range). Absent: already that. */
  colour?: SourceColour;
}

export interface PopupSource {
  path: string;
  /** Uncut video time of the popup capture's first frame. */
  offsetSec: number;
  picture: Rect;
  /** When the popup is shown over its lane (video time). */
  start: number;
  end: number;
  /** Uncut video time of its close: closed inside a cut, it shows at the cut only in the pictures the cut fades from. */
  closedSec?: number;
  /** As a lane's. */
  colour?: SourceColour;
}

/** A piece of the composed video, composed on its own and joined to the others by stream copy. */
export interface Segment {
  start: number;
  end: number;
}

export interface PlannedSegment extends Segment {
  index: number;
  /** The opening title card: no lane is visible under it, so no lane is decoded. */
  title: boolean;
  /**
   * Where its pictures were recorded: the uncut video second its start shows (time-map.ts;
   * absent: `start`, nothing cut before it). A segment never spans a cut, so the rest follows.
   */
  source?: number;
  /** It opens at a cut: its first `sec` cross-fade from the pictures at `fromSec` (uncut), the recording going on into the cut. */
  fade?: { fromSec: number; sec: number };
}

/** The uncut stretch of a segment's pictures. */
function sourceOf(seg: Segment & { source?: number }): Segment {
  const from = seg.source ?? seg.start;
  return { start: from, end: from + (seg.end - seg.start) };
}

const frames = (sec: number) => Math.round(sec * FPS);

/**
 * Cuts the video at the title's end, at every chapter start (so a clip is a list of whole
 * segments, joined without re-encoding) and at every place a wait was cut out (`cuts`,
 * time-map.ts: so a segment's pictures are one stretch of the recording), and every `SEGMENT_SEC`
 * after a cut. The cuts depend only on what happened before them, so a segment can be composed
 * while the recording goes on.
 */
export function planSegments(o: { titleSec: number; chapterStarts: number[]; durationSec: number; cuts?: Cut[] }): PlannedSegment[] {
  const total = frames(o.durationSec);
  const title = Math.min(total, frames(o.titleSec));
  const bounds = new Set<number>([0, title, total]);
  const waits = o.cuts ?? [];
  const jumps = new Map<number, Cut>();
  cutPoints(waits).forEach((at, i) => jumps.set(frames(at), waits[i]!));
  for (const c of [...o.chapterStarts.map(frames), ...jumps.keys()]) if (c > 0 && c < total) bounds.add(c);
  const step = Math.max(FPS, frames(SEGMENT_SEC));
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: PlannedSegment[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const b = sorted[i + 1]!;
    for (let a = sorted[i]!; a < b; a += step) {
      const seg: PlannedSegment = { index: out.length, start: a / FPS, end: Math.min(b, a + step) / FPS, title: Math.min(b, a + step) <= title };
      if (waits.length) {
        const source = sourceSec(waits, seg.start);
        if (Math.abs(source - seg.start) > 1e-9) seg.source = source;
        const jump = a === sorted[i] ? jumps.get(a) : undefined;
        const sec = jump ? Math.min(jump.fadeSec, seg.end - seg.start) : 0;
        if (jump && sec > 0) seg.fade = { fromSec: jump.start, sec };
      }
      out.push(seg);
    }
  }
  return out;
}

/** Longest segment: short enough to start composing soon, long enough that starting ffmpeg is cheap. */
export const SEGMENT_SEC = 10;

/**
 * A lane or popup file read from the keyframe before the segment. Without accurate seek the
 * decoder starts at that keyframe, so a still picture shown since before the segment is not
 * lost; -copyts (in the output options) keeps the file's own timestamps, which the chain maps
 * onto the video clock. No input duration: ffmpeg counts it from that keyframe (which can be a
 * minute back on a still lane), so the trim in the chain and the output length end the reading.
 */
function laneInput(path: string, src: Segment, offsetSec: number): FfmpegInput {
  return { path, options: ['-noaccurate_seek', '-ss', n3(Math.max(0, src.start - offsetSec))] };
}

/** Where a stream's first picture lands on the 30 fps grid (the fps filter rounds to the nearest slot). */
const firstFrameAt = (offsetSec: number) => Math.round(offsetSec * FPS) / FPS;

interface StreamOptions {
  hold: boolean;
  startMode: 'clone' | 'add';
  colour?: SourceColour;
  /** A popup window: it can open inside a cut, and then fades in with it. */
  window?: boolean;
  /** A popup window's close (uncut seconds): from there on it has no pictures to fade into. */
  closedSec?: number;
  /** Transparent where the stream has no picture yet (a popup not open yet), instead of padded with black. */
  clear?: boolean;
}

/** Whether a stream starting at `offsetSec` has a picture inside the segment (else it must be left out: an empty stream stalls the graph). */
const showsIn = (offsetSec: number, seg: Segment) => firstFrameAt(offsetSec) < seg.end - 1e-6;

/**
 * A lane or popup stream on the video clock (its offset added), on the constant 30 fps grid,
 * cut to the segment and restarted at 0. A lane whose file ends early holds its last picture;
 * a stream that starts inside the segment is padded in front.
 */
function segmentChain(input: number, picture: Rect, offsetSec: number, seg: Segment, o: StreamOptions): string {
  // Into the video's colours first (colour.ts). Left to itself, ffmpeg 4.1 passed Chrome's
  // full-range lanes through at their size, and players showed them too contrasty: Facebook's
  // #f0f2f5 page came out white; the screencast's BT.601 popups showed #42b72a as #3ca224.
  const colour = o.colour ? toVideoColour(o.colour) : '';
  const parts = [`[${input}:v]${colour ? `${colour},` : ''}${shiftBy(offsetSec)}`, `fps=${FPS}`];
  if (o.hold) parts.push(`tpad=stop_mode=clone:stop_duration=${n3(seg.end - seg.start + 1)}`);
  parts.push(`trim=start=${n3(seg.start)}:end=${n3(seg.end)}`, 'setpts=PTS-STARTPTS', `scale=${picture.w}:${picture.h}:flags=lanczos`, 'setsar=1');
  const lead = firstFrameAt(offsetSec) - seg.start;
  if (o.clear) parts.push('format=yuva420p');
  if (lead > 0.0005) parts.push(`tpad=start_duration=${n3(lead)}:start_mode=${o.startMode}${o.clear ? ':color=black@0' : ''}`);
  return parts.join(',');
}

/** A plain canvas from ffmpeg's own generator (fluent-ffmpeg wants every command to have an input). */
function colorInput(color: string, width: number, height: number, sec: number): FfmpegInput {
  return { path: `color=c=0x${color.replace('#', '')}:s=${width}x${height}:r=${FPS}:d=${n3(sec)}`, options: ['-f', 'lavfi'] };
}

/** The still background (canvas colour, lane labels, address strips, caption band) as one picture. */
export function buildBackgroundPlan(o: { width: number; height: number; canvasColor: string; staticAss: string; fontsDir: string }): FfmpegPlan {
  return {
    inputs: [colorInput(o.canvasColor, o.width, o.height, 1)],
    // Drawn in RGB (so the document's colours are the picture's), turned into the video's YUV once per segment.
    filterComplex: `[0:v]format=rgb24,ass=f=${escapeFilterValue(o.staticAss)}:fontsdir=${escapeFilterValue(o.fontsDir)}[out]`,
    outLabel: 'out',
    outputOptions: ['-frames:v', '1'],
    durationSec: 1 / FPS,
    format: 'image2',
  };
}

/** One picture repeated for `sec` on the 30 fps grid (made once, not per frame). */
const repeatFor = (sec: number) => `loop=loop=-1:size=1:start=0,settb=1/${FPS},setpts=N,trim=end_frame=${frames(sec)}`;

/** The still background looped for `sec`. */
function backgroundChain(input: number, sec: number): string {
  return `[${input}:v]${RGB_TO_VIDEO},${repeatFor(sec)}`;
}

/**
 * One segment of the split-screen video: the still background, the lanes (and any popup open
 * during the segment) at their places, then the moving overlay (URLs, captions, cards) timed on
 * the video clock. Every segment is encoded alike, so they join by stream copy.
 */
export function buildSegmentPlan(o: {
  segment: PlannedSegment;
  background: string;
  lanes: LaneSource[];
  popups: PopupSource[];
  assFile: string;
  fontsDir: string;
  encoder: EncoderSettings;
  /** Decode each lane in a reader process of its own (see FfmpegInput.reader). */
  readers?: boolean;
  /** How a reader passes its frames through (app/media/capabilities.ts: depends on the ffmpeg). */
  readerSync?: ReaderSync;
}): FfmpegPlan {
  const seg = o.segment;
  const d = seg.end - seg.start;
  const inputs: FfmpegInput[] = [{ path: o.background, options: [] }];
  const ass = `ass=f=${escapeFilterValue(o.assFile)}:fontsdir=${escapeFilterValue(o.fontsDir)}`;
  return {
    inputs,
    // The title card is still: drawn once on the background's one picture, then repeated
    // (libass blending a full-screen card into every frame took most of this segment's time).
    filterComplex: seg.title ? `[0:v]${RGB_TO_VIDEO},setpts=PTS-STARTPTS,${ass},${repeatFor(d)},format=yuv420p[out]` : lanesGraph(o, seg, inputs, ass),
    outLabel: 'out',
    outputOptions: [...(o.readers ? [] : ['-copyts']), ...encoderOutputOptions(o.encoder, d, false)],
    durationSec: d,
  };
}

/** The raw pictures a lane reader hands the composer (with their alpha: a popup fading in at a cut). */
function rawInputOptions(picture: Rect, pixFmt = 'yuv420p'): string[] {
  // A raw lane picture is 0.9–1.6 MB (736×828 to 960×1080): two queued per input are enough (the default 8 held ~20 MB).
  return argv`-thread_queue_size 2 -f rawvideo -pix_fmt ${pixFmt} -s ${picture.w}x${picture.h} -r ${FPS}`;
}

/**
 * A lane or popup stream of a segment, ready to overlay as `[label]`: read in this ffmpeg, or
 * (`readers`) by a reader process of its own whose raw output is this plan's input `pipe:N`.
 * Its pictures are those of the segment's uncut stretch; a segment that opens at a cut
 * cross-fades into them from the pictures recorded just after the cut's start (the same in
 * every lane, so the video stays one moment everywhere).
 */
function addStream(
  inputs: FfmpegInput[],
  g: string[],
  readers: ReaderSync | null,
  path: string,
  seg: Segment & Pick<PlannedSegment, 'source' | 'fade'>,
  offsetSec: number,
  picture: Rect,
  label: string,
  o: StreamOptions,
): void {
  const src = sourceOf(seg);
  const fade = seg.fade && showsIn(offsetSec, { start: seg.fade.fromSec, end: seg.fade.fromSec + seg.fade.sec }) ? seg.fade : null;
  const fadeSrc = fade ? { start: fade.fromSec, end: fade.fromSec + fade.sec } : null;
  // A popup that opened inside the cut (or during its fade) is not in the outgoing pictures: it
  // fades in as they fade out, and where it was not open yet it is clear, not black.
  const appears = !!o.window && !!seg.fade && firstFrameAt(offsetSec) > seg.fade.fromSec + 1e-6;
  const so: StreamOptions = appears ? { ...o, clear: true } : o;
  const incoming = (first: number) => `${segmentChain(first, picture, offsetSec, src, so)}${appears ? `,fade=t=in:st=0:d=${n3(seg.fade!.sec)}:alpha=1` : ''}`;
  // A popup closed inside the cut: only its outgoing pictures, fading out as they do.
  const gone = !!fadeSrc && o.closedSec !== undefined && o.closedSec <= src.start + 1e-6;
  const outgoing = (input: number) => `${segmentChain(input, picture, offsetSec, fadeSrc!, so)},format=yuva420p,fade=t=out:st=0:d=${n3(fade!.sec)}:alpha=1`;
  const own = gone ? [laneInput(path, fadeSrc!, offsetSec)] : [laneInput(path, src, offsetSec), ...(fadeSrc ? [laneInput(path, fadeSrc, offsetSec)] : [])];
  // The outgoing pictures over the incoming ones, their alpha going to nothing: a cross-fade
  // that ffmpeg 4.1 can do (its `xfade` came in 4.3).
  const chain = (first: number) =>
    gone
      ? outgoing(first)
      : fade && fadeSrc
        ? `${incoming(first)}[${label}in];${outgoing(first + 1)}[${label}out];[${label}in][${label}out]overlay=eof_action=pass`
        : incoming(first);
  if (!readers) {
    const first = inputs.length;
    inputs.push(...own);
    g.push(`${chain(first)}[${label}]`);
    return;
  }
  const fd = 3 + inputs.filter((i) => i.reader).length;
  const pixFmt = appears || gone ? 'yuva420p' : 'yuv420p';
  inputs.push({
    path: `pipe:${fd}`,
    options: rawInputOptions(picture, pixFmt),
    reader: {
      // One decoding thread: ffmpeg's default (one a core and one more) held 27 MB a reader
      // against 21, and the two lanes' readers already decode side by side.
      inputs: own.map((input) => ({ ...input, options: ['-threads', '1', ...input.options] })),
      filterComplex: `${chain(0)},format=${pixFmt}[out]`,
      outLabel: 'out',
      // -copyts: the chain maps the file's own timestamps onto the video clock.
      // Passthrough (`readers`): the chain's fps filter already made the 30 fps grid, and a raw
      // pipe carries no timestamps, so every frame must leave as it was made. Left to its
      // default, ffmpeg 4.1 duplicated and dropped frames by the rate it guessed for the file:
      // a still page's lane (Chrome writes a frame when the page changes, about one a second)
      // was guessed at 1 fps, 29 copies of its first picture went in front, and the lane came a
      // second late.
      outputOptions: ['-copyts', ...readers, '-an', '-pix_fmt', pixFmt],
      durationSec: seg.end - seg.start,
      format: 'rawvideo',
    },
  });
  g.push(`[${inputs.length - 1}:v]setpts=PTS-STARTPTS,setsar=1[${label}]`);
}

/** The background, the lanes and popups at their places, then the moving overlay; adds the lane and popup inputs to `inputs`. */
function lanesGraph(
  o: { lanes: LaneSource[]; popups: PopupSource[]; readers?: boolean; readerSync?: ReaderSync },
  seg: PlannedSegment,
  inputs: FfmpegInput[],
  ass: string,
): string {
  const g: string[] = [`${backgroundChain(0, seg.end - seg.start)}[bg]`];
  const readers = o.readers ? (o.readerSync ?? VSYNC_PASSTHROUGH) : null;
  let cur = 'bg';
  o.lanes.forEach((lane, i) => {
    // Not started yet, or covered by its standby panel all along: nothing of it to decode.
    if (!showsIn(lane.offsetSec, sourceOf(seg)) || seg.end <= (lane.coveredUntil ?? 0) + 1e-6) return;
    addStream(inputs, g, readers, lane.path, seg, lane.offsetSec, lane.picture, `lane${i}`, { hold: true, startMode: 'clone', colour: lane.colour });
    g.push(`[${cur}][lane${i}]overlay=x=${lane.picture.x}:y=${lane.picture.y}:eof_action=repeat[c${i}]`);
    cur = `c${i}`;
  });
  o.popups
    .filter((p) => p.start < seg.end && p.end > seg.start && showsIn(p.offsetSec, sourceOf(seg)))
    .forEach((p, j) => {
      // Held like a lane: the fps filter ends a stream at its last frame's start, which left the
      // window's frame and title bar empty for a frame or two before the popup's close.
      const so: StreamOptions = { hold: true, startMode: 'add', window: true, closedSec: p.closedSec, colour: p.colour };
      addStream(inputs, g, readers, p.path, seg, p.offsetSec, p.picture, `pop${j}`, so);
      g.push(
        `[${cur}][pop${j}]overlay=x=${p.picture.x}:y=${p.picture.y}:enable='between(t,${n3(p.start - seg.start)},${n3(p.end - seg.start)})':eof_action=pass[p${j}]`,
      );
      cur = `p${j}`;
    });
  // The overlay is timed on the video clock: shift to it for libass, then back.
  g.push(`[${cur}]${shiftBy(seg.start)},${ass},setpts=PTS-STARTPTS,format=yuv420p[out]`);
  return g.join(';');
}

/** A clip's opening card, encoded exactly like the segments so it joins them by stream copy. */
export function buildCardPlan(o: {
  cardAss: string;
  fontsDir: string;
  cardSec: number;
  width: number;
  height: number;
  canvasColor: string;
  encoder: EncoderSettings;
}): FfmpegPlan {
  return {
    // Still: drawn on one picture, then repeated.
    inputs: [colorInput(o.canvasColor, o.width, o.height, 1 / FPS)],
    // Drawn in RGB like the background, so its document's colours need no adjusting (see colour.ts).
    filterComplex: `[0:v]format=rgb24,ass=f=${escapeFilterValue(o.cardAss)}:fontsdir=${escapeFilterValue(o.fontsDir)},${RGB_TO_VIDEO},${repeatFor(o.cardSec)},setsar=1[out]`,
    outLabel: 'out',
    outputOptions: encoderOutputOptions(o.encoder, o.cardSec, false),
    durationSec: o.cardSec,
  };
}

/** Joins the files of an ffconcat list by stream copy (they were encoded alike), ready to stream. */
export function buildConcatPlan(listFile: string, durationSec: number): FfmpegPlan {
  return {
    inputs: [{ path: listFile, options: ['-f', 'concat', '-safe', '0'] }],
    filterComplex: '',
    outLabel: '',
    outputOptions: ['-an', '-c', 'copy', '-movflags', '+faststart'],
    durationSec,
  };
}

/**
 * An ffconcat list joining whole files (absolute paths). Each file's exact length is given:
 * the container's own figure is off by a fraction of a frame, which would jitter the joins.
 */
export function concatList(files: Array<{ file: string; durationSec: number }>): string {
  const lines = ['ffconcat version 1.0'];
  for (const f of files) lines.push(`file '${f.file.replace(/'/g, "'\\''")}'`, `duration ${f.durationSec.toFixed(6)}`);
  return [...lines, ''].join('\n');
}

/**
 * One ffmpeg run that pulls many pictures out of a lane file: the file on the 30 fps grid, the
 * frames at `atSec` (what the lane showed at those moments) written in time order as
 * `pattern` (`…%03d.png`, numbered from 1). Times that fall on the same frame share a picture:
 * `pictureOf[i]` is the number of the picture for `atSec[i]`.
 */
export function frameGrabsArgs(input: string, atSec: number[], pattern: string): { args: string[]; frames: number[]; pictureOf: number[] } {
  const wanted = atSec.map((t) => Math.max(0, Math.round(t * FPS)));
  const frames = [...new Set(wanted)].sort((a, b) => a - b);
  const select = frames.map((n) => `eq(n\\,${n})`).join('+');
  return {
    args: argv`-hide_banner -nostdin -y -i ${input} -vf fps=${FPS},select=${select} -vsync 0 -frames:v ${frames.length} ${pattern}`,
    frames,
    pictureOf: wanted.map((n) => frames.indexOf(n) + 1),
  };
}
