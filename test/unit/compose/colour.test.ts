// Proves the colour conversions: each source from its own range and matrix, overlay colours adjusted only where ffmpeg needs it.
import { describe, expect, it } from 'vitest';
import { buildAss, buildClipCardAss } from '../../../app/recorder/compose/ass';
import { assDrawMatrix, probeDrawMatrix } from '../../../app/media/capabilities';
import { drawnOnVideo, matrixOf, toVideoColour } from '../../../app/media/colour';
import { sourceColour } from '../../../app/recorder/run-folder';
import { layoutCanvas } from '../../../app/media/canvas';
import { withFakeFfmpegs } from './fake-ffmpeg';

/** Limited-range YCbCr of an RGB colour, as an encoder with matrix (kr, kb) computes it. */
function ycc(hex: string, kr: number, kb: number): number[] {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const y = kr * r! + (1 - kr - kb) * g! + kb * b!;
  return [16 + 219 * y, 128 + 224 * ((b! - y) / (2 * (1 - kb))), 128 + 224 * ((r! - y) / (2 * (1 - kr)))];
}
const BT601 = [0.299, 0.114] as const;
const BT709 = [0.2126, 0.0722] as const;

function overlayInput() {
  const layout = layoutCanvas(1920, [
    { width: 940, height: 828 },
    { width: 940, height: 828 },
  ]);
  return {
    layout,
    laneTitles: ['A', 'B'],
    laneIds: ['a', 'b'],
    cues: [],
    chapters: [{ sceneId: 's', title: 'Scene', permissions: ['pages_show_list'], start: 3, end: 9 }],
    urls: [],
    popups: [],
    title: { appName: 'Acme', gateway: 'gw', date: '2026-12-01', permissions: ['pages_show_list'], lanes: ['A', 'B'] },
    titleSec: 3,
    durationSec: 9,
  };
}

describe('the video colours', () => {
  it('gives the ass filter (BT.601) the colour whose YUV is the BT.709 one of the colour meant', () => {
    // Facebook's green, shown #3ca224 by a BT.709 player when encoded with BT.601.
    for (const hex of ['#42b72a', '#4c9aff', '#10243e', '#1f2329', '#c9d1d9', '#e5484d', '#1f6fe5']) {
      const given = drawnOnVideo(hex);
      const got = ycc(given, ...BT601);
      const want = ycc(hex, ...BT709);
      // Within what rounding the given colour to whole RGB steps can miss by.
      for (const [i, v] of got.entries()) expect(Math.abs(v - want[i]!), `${hex} → ${given}, component ${i}`).toBeLessThan(0.8);
    }
    // Without the adjustment the green is off by far more than rounding.
    expect(Math.abs(ycc('#42b72a', ...BT601)[0]! - ycc('#42b72a', ...BT709)[0]!)).toBeGreaterThan(8);
    // Greys have the same YUV in both: unchanged.
    for (const grey of ['#ffffff', '#000000', '#111111', '#808080']) expect(drawnOnVideo(grey)).toBe(grey);
    // A colour BT.601 cannot reach is clamped, not wrapped.
    expect(drawnOnVideo('#0000ff')).toMatch(/^#[0-9a-f]{6}$/);
    expect(() => drawnOnVideo('blue')).toThrow(/bad colour/);
  });
  it('converts each source from what it is: Chrome’s full-range BT.709, the screencast’s BT.601, by tags first', () => {
    expect(toVideoColour({ fullRange: false, matrix: 'bt709' })).toBe('');
    expect(toVideoColour({ fullRange: true, matrix: 'bt709' })).toBe('colorspace=all=bt709:iall=bt709:irange=pc:range=tv:fast=1');
    expect(toVideoColour({ fullRange: false, matrix: 'bt601' })).toBe('colorspace=all=bt709:iall=bt601-6-625:irange=tv:range=tv:fast=1');
    expect(toVideoColour({ fullRange: true, matrix: 'bt601' })).toBe('colorspace=all=bt709:iall=bt601-6-625:irange=pc:range=tv:fast=1');
    // Older run folders say nothing: known from the capture method.
    expect(sourceColour({ method: 'chrome-recorder' })).toEqual({ fullRange: true, matrix: 'bt709' });
    expect(sourceColour({ method: 'screencast' })).toEqual({ fullRange: false, matrix: 'bt601' });
    // What the file says wins.
    expect(sourceColour({ method: 'chrome-recorder', colorRange: 'limited', colorMatrix: 'bt601' })).toEqual({ fullRange: false, matrix: 'bt601' });
    expect(sourceColour({ method: 'screencast', colorMatrix: 'bt709' })).toEqual({ fullRange: false, matrix: 'bt709' });
    expect(matrixOf('bt709')).toBe('bt709');
    expect(matrixOf('smpte170m')).toBe('bt601');
    expect(matrixOf('bt470bg')).toBe('bt601');
    expect(matrixOf(undefined)).toBeUndefined();
    expect(matrixOf('unknown')).toBeUndefined();
  });
  it('adjusts only the overlay colours drawn on the video’s YUV, not those drawn in RGB', () => {
    const o = overlayInput();
    const tag = (hex: string) => `&H${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}&`.toUpperCase();
    const moving = buildAss(o, 'moving');
    const still = buildAss(o, 'static');
    // The accent bar of the title and chapter cards (moving) is given adjusted.
    expect(drawnOnVideo('#4c9aff')).not.toBe('#4c9aff');
    expect(moving).toContain(`\\1c${tag(drawnOnVideo('#4c9aff'))}`);
    expect(moving).not.toContain(`\\1c${tag('#4c9aff')}`);
    // The still part (drawn in RGB into background.png) keeps its own colours: its document is
    // the one built for an ffmpeg that needs no adjusting.
    expect(still).toBe(buildAss(o, 'static', 'bt709'));
    // So does a clip card, drawn in RGB.
    const card = buildClipCardAss({ width: 1920, height: 1080, permission: 'pages_messaging', title: 'T', shows: 'S', scenes: ['a'], durationSec: 2 });
    expect(card).toContain(`\\1c${tag('#c9d1d9')}`);
  });
  it('adjusts nothing for an ffmpeg whose ass filter draws with the picture’s own matrix', () => {
    expect(drawnOnVideo('#4c9aff', 'bt709')).toBe('#4c9aff');
    const o = overlayInput();
    const tag = (hex: string) => `&H${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}&`.toUpperCase();
    const for709 = buildAss(o, 'moving', 'bt709');
    expect(for709).toContain(`\\1c${tag('#4c9aff')}`);
    expect(for709).toContain('YCbCr Matrix: TV.709');
    // The adjusted document says which matrix its colours are meant for.
    expect(buildAss(o, 'moving', 'bt601')).toContain('YCbCr Matrix: TV.601');
    expect(buildAss(o, 'static', 'bt601')).toContain('YCbCr Matrix: TV.709');
  });
  it('finds which matrix an ffmpeg draws with from the luma it draws, and falls back to BT.601 when it cannot tell', async () => {
    await withFakeFfmpegs(async (fake) => {
      // Stand-ins that "draw" the probe's box at a given luma (64×64 yuv420p, into the file named last), or fail.
      // The one capabilities probe asks them other questions too: only the drawing writes a file.
      const luma = (y: number) => `for a; do out=$a; done; case "$out" in *.yuv) head -c 6144 /dev/zero | tr '\\0' '\\${y.toString(8)}' > "$out";; esac`;
      expect(await probeDrawMatrix(await fake('draws709', luma(143)))).toBe('bt709');
      expect(await probeDrawMatrix(await fake('draws601', luma(129)))).toBe('bt601');
      const broken = await fake('broken', 'exit 1');
      await expect(probeDrawMatrix(broken)).rejects.toThrow();
      expect(await assDrawMatrix({ ffmpeg: broken })).toBe('bt601');
      expect(await assDrawMatrix({ ffmpeg: await fake('draws709b', luma(143)) })).toBe('bt709');
    });
  });
});
