// The video's one colour standard (BT.709, limited range), the conversions into it, and colours as ffmpeg's `ass` filter draws them.
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
  const rgb = fromYcc(toYcc([m[1]!, m[2]!, m[3]!].map(hexByte), 'bt709'), 'bt601');
  return `#${rgb.map((v) => toHexByte(v)).join('')}`;
}

const hexByte = (h: string) => parseInt(h, 16);
const toHexByte = (v: number) =>
  Math.min(255, Math.max(0, Math.round(v)))
    .toString(16)
    .padStart(2, '0');
