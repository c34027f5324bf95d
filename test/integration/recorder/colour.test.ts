// Proves the composed video keeps the colours of the background, lanes, popups, overlay and clip cards, on both canvases.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSETS_FONTS_DIR } from '../../../app/recorder/assets/fonts';
import { assTime, tagColor } from '../../../app/recorder/compose/ass';
import { assDrawMatrix } from '../../../app/media/capabilities';
import { drawnOnVideo } from '../../../app/media/colour';
import { probe } from '../../../app/media/probe';
import { runPlan } from '../../../app/media/plan';
import { buildCardPlan, buildSegmentPlan, DEFAULT_ENCODER } from '../../../app/recorder/compose/filter-graph';
import { layoutCanvas, type Rect } from '../../../app/media/canvas';
import { tools } from './helpers';

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

/** One W×H frame of a video as limited-range YUV, turned into RGB with BT.709 (what its tags say, and what players assume for HD). */
function rgbAt(frame: Buffer, W: number, H: number, x: number, y: number): number[] {
  const Y = frame[y * W + x]!;
  const U = frame[W * H + (y >> 1) * (W / 2) + (x >> 1)]!;
  const V = frame[W * H + (W * H) / 4 + (y >> 1) * (W / 2) + (x >> 1)]!;
  const l = ((Y - 16) * 255) / 219;
  const cb = ((U - 128) * 255) / 224;
  const cr = ((V - 128) * 255) / 224;
  const r = l + 1.5748 * cr;
  const b = l + 1.8556 * cb;
  const g = (l - 0.2126 * r - 0.0722 * b) / 0.7152;
  return [r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v))));
}

/** Mean of a small square's RGB (the encoder's noise averaged out). */
function meanRgb(frame: Buffer, W: number, H: number, r: Rect): number[] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.round(r.y + r.h / 2) - 4; y < Math.round(r.y + r.h / 2) + 4; y++)
    for (let x = Math.round(r.x + r.w / 2) - 4; x < Math.round(r.x + r.w / 2) + 4; x++) {
      rgbAt(frame, W, H, x, y).forEach((v, i) => (sum[i]! += v));
      n++;
    }
  return sum.map((s) => s / n);
}

/**
 * Every picture that goes into the video comes out in the colours it was made with, under the
 * BT.709 the video is tagged with: the RGB background, a full-range BT.709 lane (Chrome's
 * recorder), a limited-range BT.601 popup (the screencast's JPEG frames) and the overlay drawn
 * by ffmpeg's ass filter. Saturated colours, so a wrong matrix shows (8–21 levels off).
 */
describe('the video’s colours', () => {
  let dir: string;
  const C = { background: '#e5484d', lane: '#1f6fe5', popup: '#42b72a', overlay: '#4c9aff' };
  // The lane as Chrome records it for the sample scenario: at its size on the 1920 canvas,
  // scaled down on the 1440 one.
  const laneSize = { w: 940, h: 828 };
  const popupSize = { w: 320, h: 240 };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-colour-'));
    const ff = (args: string[]) => execFileSync(tools.ffmpeg, ['-v', 'error', '-y', ...args]);
    const colour = (hex: string, w: number, h: number) => ['-f', 'lavfi', '-i', `color=c=0x${hex.slice(1)}:s=${w}x${h}:r=30:d=2,format=rgb24`];
    for (const W of [1920, 1440]) ff([...colour(C.background, W, (W * 9) / 16), '-frames:v', '1', path.join(dir, `bg-${W}.png`)]);
    // As Chrome's recorder writes: full range, BT.709, tagged.
    ff([
      ...colour(C.lane, laneSize.w, laneSize.h),
      '-vf',
      'scale=out_color_matrix=bt709:out_range=pc,format=yuv420p',
      '-color_range',
      'pc',
      '-colorspace',
      'bt709',
      '-c:v',
      'libx264',
      '-crf',
      '4',
      path.join(dir, 'lane.mp4'),
    ]);
    // As the screencast encoder writes JPEG frames: BT.601, limited range, untagged.
    ff([...colour(C.popup, popupSize.w, popupSize.h), '-vf', 'format=yuv420p', '-c:v', 'libx264', '-crf', '4', path.join(dir, 'popup.mkv')]);
    // Given as the composer gives the overlay's colours to this ffmpeg's ass filter.
    const drawn = drawnOnVideo(C.overlay, await assDrawMatrix(tools));
    for (const W of [1920, 1440]) {
      const H = (W * 9) / 16;
      await fs.writeFile(
        path.join(dir, `overlay-${W}.ass`),
        [
          '[Script Info]',
          'ScriptType: v4.00+',
          `PlayResX: ${W}`,
          `PlayResY: ${H}`,
          '',
          '[V4+ Styles]',
          'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
          'Style: Box,DejaVu Sans,20,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1',
          '',
          '[Events]',
          'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
          `Dialogue: 0,${assTime(0)},${assTime(2)},Box,,0,0,0,,{\\an7\\pos(0,0)\\p1\\1c${tagColor(drawn)}}m 40 ${H - 140} l 240 ${H - 140} 240 ${H - 40} 40 ${H - 40}{\\p0}`,
          '',
        ].join('\n'),
      );
    }
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A frame of `file` (W×H) as raw yuv420p. */
  const frameOf = (file: string, W: number, H: number, at: number) =>
    execFileSync(tools.ffmpeg, ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
      maxBuffer: W * H * 2,
    });
  const expectColours = (frame: Buffer, W: number, H: number, spots: Array<[string, Rect]>) => {
    for (const [hex, r] of spots) {
      const got = meanRgb(frame, W, H, r);
      for (const [i, want] of rgb(hex).entries())
        expect(Math.abs(got[i]! - want), `${hex} came out as ${got.map(Math.round).join(',')}`).toBeLessThanOrEqual(3);
    }
  };

  for (const W of [1920, 1440] as const) {
    for (const readers of W === 1920 ? [false, true] : [true]) {
      it(`keeps the background’s, a Chrome lane’s, a screencast popup’s and the overlay’s colours (${W} canvas, ${readers ? 'lane readers' : 'one ffmpeg'})`, async () => {
        const H = (W * 9) / 16;
        const pic = layoutCanvas(W, [{ width: laneSize.w, height: laneSize.h }]).lanes[0]!.picture;
        const popupPic = { x: pic.x + 100, y: pic.y + 100, w: popupSize.w, h: popupSize.h };
        const plan = buildSegmentPlan({
          segment: { index: 1, start: 0, end: 1, title: false },
          background: path.join(dir, `bg-${W}.png`),
          lanes: [{ path: path.join(dir, 'lane.mp4'), offsetSec: 0, picture: pic, colour: { fullRange: true, matrix: 'bt709' } }],
          popups: [{ path: path.join(dir, 'popup.mkv'), offsetSec: 0, picture: popupPic, start: 0, end: 1, colour: { fullRange: false, matrix: 'bt601' } }],
          assFile: path.join(dir, `overlay-${W}.ass`),
          fontsDir: ASSETS_FONTS_DIR,
          encoder: DEFAULT_ENCODER,
          readers,
        });
        const out = path.join(dir, `seg-${W}-${readers}.mp4`);
        await runPlan(tools, plan, out);
        const v = (await probe(tools, out)).streams[0]!;
        expect([v.color_space, v.color_range]).toEqual(['bt709', 'tv']);
        expectColours(frameOf(out, W, H, 0.5), W, H, [
          [C.background, { x: 0, y: 0, w: 60, h: 60 }],
          [C.lane, { x: pic.x + pic.w - 200, y: pic.y + pic.h - 200, w: 100, h: 100 }],
          [C.popup, popupPic],
          [C.overlay, { x: 40, y: H - 140, w: 200, h: 100 }],
        ]);
      });
    }
  }

  it('draws a clip card’s colours in RGB and turns them into the video’s', async () => {
    const plan = buildCardPlan({
      cardAss: path.join(dir, 'overlay-1920.ass'),
      fontsDir: ASSETS_FONTS_DIR,
      cardSec: 1,
      width: 1920,
      height: 1080,
      canvasColor: C.background,
      encoder: DEFAULT_ENCODER,
    });
    const out = path.join(dir, 'card.mp4');
    await runPlan(tools, plan, out);
    expectColours(frameOf(out, 1920, 1080, 0.5), 1920, 1080, [[C.background, { x: 900, y: 300, w: 60, h: 60 }]]);
  });
});
