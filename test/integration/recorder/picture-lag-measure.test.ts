// Proves measurePictureLag finds a known lag of a gliding bar in real lane files, gliding in and gliding out.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measurePictureLag, type Glide } from '../../../app/recorder/capture/picture-lag';
import { resolveFfmpegTools } from '../../../app/media/tools';

/**
 * measurePictureLag over real lane files: ffmpeg draws a dark bar (the arrow's left edge) along
 * a glide, a known lag behind the pictures' times, and the measurement must find that lag, for
 * the glide that comes in (compared with the picture before) and the one that leaves (with the
 * picture after; the bar rests where it starts first).
 */
const tools = resolveFfmpegTools();
const run = promisify(execFile);
let dir: string;
const START_MS = 1_000_000;
/** The glide's first page frame, on the file's clock (s). */
const T0 = 0.5;

/** A 320×40 lane file whose bar's left edge is where `g` puts it `lagMs` before each picture's time. */
async function laneFile(name: string, g: Glide, lagMs: number, barWidth = 8): Promise<string> {
  const file = path.join(dir, name);
  // The arrow's dark edge is 5.5 CSS pixels right of the point the cursor is placed at.
  const x = `5.5+${g.from.x}+(${g.to.x - g.from.x})*clip((t-${lagMs / 1000}-${T0})/${g.ms / 1000}\\,0\\,1)`;
  await run(tools.ffmpeg, [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=white:s=320x40:r=30:d=2.5',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x111111:s=${barWidth}x30:r=30:d=2.5`,
    '-filter_complex',
    `[0][1]overlay=x='${x}':y=4:eval=frame`,
    '-c:v',
    'libx264',
    '-crf',
    '12',
    '-pix_fmt',
    'yuv420p',
    file,
  ]);
  return file;
}

const measure = (file: string, glide: Glide) =>
  measurePictureLag({
    tools,
    file,
    startMs: START_MS,
    finalSec: () => Number.POSITIVE_INFINITY,
    scale: 1,
    picture: { width: 320, height: 40 },
    glide,
    t0: START_MS + T0 * 1000,
  });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-lag-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("measuring a lane's picture lag from its file", () => {
  it('the glide in, from past the right edge: the lag the pictures were drawn with', async () => {
    const g: Glide = { from: { x: 328, y: 0 }, to: { x: 160, y: 0 }, ms: 600, clean: 'before' };
    for (const lag of [0, 100]) {
      const m = await measure(await laneFile(`in-${lag}.mp4`, g, lag), g);
      expect(m.ms, JSON.stringify(m)).not.toBeNull();
      expect(Math.abs(m.ms! - lag), JSON.stringify(m)).toBeLessThanOrEqual(8);
      expect(m.frames).toBeGreaterThanOrEqual(12);
    }
  });

  it('the glide out, after resting where it starts: the lag, the resting pictures left out', async () => {
    const g: Glide = { from: { x: 250, y: 0 }, to: { x: -40, y: 0 }, ms: 600, clean: 'after' };
    const m = await measure(await laneFile('out-70.mp4', g, 70), g);
    expect(m.ms, JSON.stringify(m)).not.toBeNull();
    expect(Math.abs(m.ms! - 70), JSON.stringify(m)).toBeLessThanOrEqual(8);
    // The bar is in the picture for 0.6 s × 290/290 of the way, less its last 40 px: about 14 pictures.
    expect(m.frames).toBeGreaterThanOrEqual(10);
    expect(m.frames).toBeLessThanOrEqual(18);
  });

  it('the glide out to the right, an arrow wider than its step between pictures (its left edge trails, inside where it rested)', async () => {
    const g: Glide = { from: { x: 60, y: 0 }, to: { x: 328, y: 0 }, ms: 600, clean: 'after' };
    const file = await laneFile('out-right.mp4', g, 70, 40);
    const m = await measure(file, g);
    expect(m.ms, JSON.stringify(m)).not.toBeNull();
    expect(Math.abs(m.ms! - 70), JSON.stringify(m)).toBeLessThanOrEqual(8);
    expect(m.frames).toBeGreaterThanOrEqual(10);
  });
});
