import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureRecord } from '../run-folder';
import type { FfmpegTools } from './ffmpeg';

/**
 * The video's colours are BT.709, limited range, and tagged so (players otherwise guess, and
 * tools decoding an untagged picture take it as BT.601). Every picture that goes into it is
 * converted to that once, from what it is:
 *  - Chrome's recorder writes BT.709, full range (and tags it);
 *  - the screencast's JPEG frames are BT.601 (JPEG's own matrix), which the lane and popup
 *    encoder keeps, limited range, untagged;
 *  - the still background is drawn in RGB.
 * ffmpeg 4.1 passes a picture already at its size straight through `scale` whatever its
 * colours, so each conversion is spelled out.
 */
export type Matrix = 'bt709' | 'bt601';

export interface SourceColour {
  fullRange: boolean;
  matrix: Matrix;
}

/** Output options that tag the encoded video as what it holds. */
export const VIDEO_COLOUR_TAGS = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv'] as const;

/** RGB to the video's YUV (the `scale` that ffmpeg would otherwise insert uses BT.601). */
export const RGB_TO_VIDEO = 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p';

/**
 * The filter that turns a source's YUV into the video's ('' when it already is), one
 * `colorspace` for range and matrix (matrix only: the pages' primaries and transfer are sRGB's
 * whatever the JPEG's matrix says). Put first in a source's chain, so it runs on the frames the
 * file holds, not on the 30 fps grid made from them. `scale`'s own conversion cost 1.8 s of CPU
 * per minute of a 736×828 lane, on every grid frame, and put #42b72a's luma two steps low.
 */
export function toVideoColour(c: SourceColour): string {
  if (!c.fullRange && c.matrix === 'bt709') return '';
  return `colorspace=all=bt709:iall=${c.matrix === 'bt709' ? 'bt709' : 'bt601-6-625'}:irange=${c.fullRange ? 'pc' : 'tv'}:range=tv:fast=1`;
}

/** ffprobe's `color_space` as a matrix: unknown when untagged. */
export function matrixOf(colorSpace: string | undefined): Matrix | undefined {
  if (colorSpace === 'bt709') return 'bt709';
  if (colorSpace === 'smpte170m' || colorSpace === 'bt470bg') return 'bt601';
  return undefined;
}

/**
 * What a capture file holds: its tags as read after capture, else what its method writes
 * (older run folders, and the screencast encoder's untagged output).
 */
export function sourceColour(cap: Pick<CaptureRecord, 'method' | 'colorRange' | 'colorMatrix'>): SourceColour {
  const chrome = cap.method === 'chrome-recorder';
  return {
    fullRange: (cap.colorRange ?? (chrome ? 'full' : 'limited')) === 'full',
    matrix: cap.colorMatrix ?? (chrome ? 'bt709' : 'bt601'),
  };
}

const KR = { bt709: 0.2126, bt601: 0.299 } as const;
const KB = { bt709: 0.0722, bt601: 0.114 } as const;

function toYcc([r, g, b]: readonly number[], m: Matrix): [number, number, number] {
  const y = KR[m] * r! + (1 - KR[m] - KB[m]) * g! + KB[m] * b!;
  return [y, (b! - y) / (2 * (1 - KB[m])), (r! - y) / (2 * (1 - KR[m]))];
}

function fromYcc([y, cb, cr]: readonly number[], m: Matrix): [number, number, number] {
  const r = y! + 2 * (1 - KR[m]) * cr!;
  const b = y! + 2 * (1 - KB[m]) * cb!;
  return [r, (y! - KR[m] * r - KB[m] * b) / (1 - KR[m] - KB[m]), b];
}

/**
 * The colour to give ffmpeg's `ass` filter so that a `#rrggbb` drawn on the video's YUV picture
 * comes out as that colour. ffmpeg 4.1's filter turns RGB into YUV with BT.601 whatever the
 * picture (`drawMatrix` 'bt601'), and the video is BT.709 (both limited range, so only the
 * matrix differs); later ffmpegs draw with the picture's own matrix ('bt709': unchanged).
 * Greys are unchanged either way; a colour outside what BT.601 can reach is clamped.
 */
export function drawnOnVideo(hex: string, drawMatrix: Matrix = 'bt601'): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`bad colour ${hex}`);
  if (drawMatrix === 'bt709') return hex.toLowerCase();
  const rgb = fromYcc(toYcc([1, 2, 3].map((i) => parseInt(m[i]!, 16)), 'bt709'), 'bt601');
  return `#${rgb.map((v) => Math.min(255, Math.max(0, Math.round(v))).toString(16).padStart(2, '0')).join('')}`;
}

/** #42b72a's luma (limited range) by each matrix: far enough apart to tell which one drew it. */
const PROBE = { hex: '#42b72a', y: { bt601: 129.3, bt709: 143.1 } } as const;
const drawMatrices = new Map<string, Promise<Matrix>>();

/**
 * Which matrix this ffmpeg's `ass` filter draws with on the video's picture: it draws a box of
 * a known colour on a BT.709 frame made as the segments make theirs, and reads its luma back.
 * Once per ffmpeg binary; BT.601 (ffmpeg 4.1, the bundled one) when the probe cannot run.
 */
export function assDrawMatrix(tools: Pick<FfmpegTools, 'ffmpeg'>): Promise<Matrix> {
  let found = drawMatrices.get(tools.ffmpeg);
  if (!found) {
    found = probeDrawMatrix(tools.ffmpeg).catch((): Matrix => 'bt601');
    drawMatrices.set(tools.ffmpeg, found);
  }
  return found;
}

/** The probe itself (exported for tests): fails when this ffmpeg cannot run it. */
export async function probeDrawMatrix(ffmpeg: string): Promise<Matrix> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-ass-matrix-'));
  try {
    const ass = path.join(dir, 'probe.ass');
    const [r, g, b] = [1, 3, 5].map((i) => PROBE.hex.slice(i, i + 2).toUpperCase());
    await fs.writeFile(
      ass,
      [
        '[Script Info]', 'ScriptType: v4.00+', 'PlayResX: 64', 'PlayResY: 64', '',
        '[V4+ Styles]',
        'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
        `Style: Box,DejaVu Sans,20,&H00${b}${g}${r},&H00${b}${g}${r},&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1`, '',
        '[Events]',
        'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
        'Dialogue: 0,0:00:00.00,0:00:10.00,Box,,0,0,0,,{\\an7\\pos(0,0)\\p1\\bord0\\shad0}m 0 0 l 64 0 l 64 64 l 0 64{\\p0}',
        '',
      ].join('\n'),
    );
    const y = await new Promise<number>((resolve, reject) => {
      execFile(
        ffmpeg,
        ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x64:r=30:d=0.1', '-vf', `format=rgb24,${RGB_TO_VIDEO},ass=f=${ass.replace(/[\\':]/g, (c) => `\\${c}`)}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'],
        { encoding: 'buffer', maxBuffer: 1 << 20, timeout: 20_000 },
        (e, out) => (e ? reject(e) : out.length >= 64 * 64 ? resolve(out[32 * 64 + 32]!) : reject(new Error('no picture'))),
      );
    });
    return Math.abs(y - PROBE.y.bt709) < Math.abs(y - PROBE.y.bt601) ? 'bt709' : 'bt601';
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
