import type { CanvasLayout, Rect } from './layout';
import { FPS } from './video-time';

/**
 * Pure builders of ffmpeg inputs, filter graphs and output options. The adapter
 * (`ffmpeg.ts`) only executes what these return, so unit tests can check every argument.
 */
export interface FfmpegInput {
  path: string;
  options: string[];
}

export interface FfmpegPlan {
  inputs: FfmpegInput[];
  filterComplex: string;
  /** Label of the filter graph output to map. */
  outLabel: string;
  outputOptions: string[];
  durationSec: number;
}

export interface EncoderSettings {
  codec: 'libx264';
  preset: string;
  crf: number;
  pixFmt: 'yuv420p';
  fps: number;
}

export const DEFAULT_ENCODER: EncoderSettings = { codec: 'libx264', preset: 'veryfast', crf: 20, pixFmt: 'yuv420p', fps: FPS };

/**
 * Escapes a value for a filter option inside a `-filter_complex` graph: first for the
 * option level (`\\ ' :`), then for the graph level (`\\ ' [ ] , ;`), as ffmpeg-filters(1) says.
 */
export function escapeFilterValue(v: string): string {
  const option = v.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

const n3 = (x: number) => Number(x.toFixed(3)).toString();

export function encoderOutputOptions(enc: EncoderSettings, durationSec: number): string[] {
  return [
    '-an',
    '-c:v', enc.codec,
    '-preset', enc.preset,
    '-crf', String(enc.crf),
    '-pix_fmt', enc.pixFmt,
    // Without an explicit output rate, variable-rate inputs made ffmpeg run "forever".
    '-r', String(enc.fps),
    '-t', n3(durationSec),
    '-movflags', '+faststart',
  ];
}

export interface LaneSource {
  path: string;
  /** Seconds of video time before this lane's first frame (its capture started later than the origin). */
  offsetSec: number;
  picture: Rect;
}

export interface PopupSource {
  path: string;
  /** Video time of the popup capture's first frame. */
  offsetSec: number;
  picture: Rect;
  /** When the popup is shown over its lane. */
  start: number;
  end: number;
}

/** A lane or popup stream normalised to constant 30 fps, scaled to its place, delayed to its start. */
function streamChain(input: number, picture: Rect, offsetSec: number, startMode: 'clone' | 'add'): string {
  const parts = [`[${input}:v]setpts=PTS-STARTPTS`, `fps=${FPS}`, `scale=${picture.w}:${picture.h}:flags=lanczos`, 'setsar=1'];
  if (offsetSec > 0.0005) parts.push(`tpad=start_duration=${n3(offsetSec)}:start_mode=${startMode}`);
  return parts.join(',');
}

export function buildComposePlan(o: {
  layout: CanvasLayout;
  lanes: LaneSource[];
  popups: PopupSource[];
  assFile: string;
  fontsDir: string;
  durationSec: number;
  canvasColor: string;
  encoder: EncoderSettings;
}): FfmpegPlan {
  const { layout: L } = o;
  const D = n3(o.durationSec);
  const inputs: FfmpegInput[] = [...o.lanes, ...o.popups].map((s) => ({ path: s.path, options: [] }));
  const g: string[] = [`color=c=0x${o.canvasColor.replace('#', '')}:s=${L.width}x${L.height}:r=${FPS}:d=${D}[bg]`];
  let cur = 'bg';
  o.lanes.forEach((lane, i) => {
    g.push(`${streamChain(i, lane.picture, lane.offsetSec, 'clone')}[lane${i}]`);
    const next = `c${i}`;
    g.push(`[${cur}][lane${i}]overlay=x=${lane.picture.x}:y=${lane.picture.y}:eof_action=repeat[${next}]`);
    cur = next;
  });
  o.popups.forEach((p, j) => {
    const idx = o.lanes.length + j;
    g.push(`${streamChain(idx, p.picture, p.offsetSec, 'add')}[pop${j}]`);
    const next = `p${j}`;
    g.push(`[${cur}][pop${j}]overlay=x=${p.picture.x}:y=${p.picture.y}:enable='between(t,${n3(p.start)},${n3(p.end)})':eof_action=pass[${next}]`);
    cur = next;
  });
  g.push(`[${cur}]ass=f=${escapeFilterValue(o.assFile)}:fontsdir=${escapeFilterValue(o.fontsDir)},format=yuv420p[out]`);
  return { inputs, filterComplex: g.join(';'), outLabel: 'out', outputOptions: encoderOutputOptions(o.encoder, o.durationSec), durationSec: o.durationSec };
}

export interface Segment {
  start: number;
  end: number;
}

/** A clip: the permission card, then the master's segments back to back. */
export function buildClipPlan(o: {
  master: string;
  segments: Segment[];
  cardAss: string;
  fontsDir: string;
  cardSec: number;
  width: number;
  height: number;
  canvasColor: string;
  encoder: EncoderSettings;
}): FfmpegPlan {
  const inputs: FfmpegInput[] = [
    { path: `color=c=0x${o.canvasColor.replace('#', '')}:s=${o.width}x${o.height}:r=${FPS}:d=${n3(o.cardSec)}`, options: ['-f', 'lavfi'] },
    ...o.segments.map((s) => ({ path: o.master, options: ['-ss', n3(s.start), '-t', n3(s.end - s.start)] })),
  ];
  const g: string[] = [`[0:v]ass=f=${escapeFilterValue(o.cardAss)}:fontsdir=${escapeFilterValue(o.fontsDir)},format=yuv420p,setsar=1[card]`];
  o.segments.forEach((_, i) => g.push(`[${i + 1}:v]setpts=PTS-STARTPTS,fps=${FPS},format=yuv420p,setsar=1[s${i}]`));
  const labels = ['[card]', ...o.segments.map((_, i) => `[s${i}]`)].join('');
  g.push(`${labels}concat=n=${o.segments.length + 1}:v=1:a=0[out]`);
  const durationSec = o.cardSec + o.segments.reduce((a, s) => a + (s.end - s.start), 0);
  return { inputs, filterComplex: g.join(';'), outLabel: 'out', outputOptions: encoderOutputOptions(o.encoder, durationSec), durationSec };
}

/** Arguments that pull single frames (step screenshots) out of a lane file: one PNG per time. */
export function frameGrabArgs(input: string, atSec: number, output: string): string[] {
  return ['-hide_banner', '-y', '-ss', n3(Math.max(0, atSec)), '-i', input, '-frames:v', '1', output];
}
