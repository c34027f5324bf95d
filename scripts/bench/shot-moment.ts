/**
 * Which moment a screenshot of the animated page shows, read from the picture itself.
 *
 * `page.screenshot()` takes 100–400 ms on this machine, and the picture is made near the start
 * of that: the middle of the call (what the benchmark used before) was about 3 frames after
 * the moment the screenshot shows, so every recorder's "whole lane" SSIM was taken against a
 * frame 3 frames off. The moving block's position is a function of the page frame's
 * requestAnimationFrame time (BOX_PATH), so finding the block in the screenshot gives that time.
 */
import { execFile } from 'node:child_process';
import { BOX_PATH, boxColour } from './animated-driver';

export interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes per pixel, rows top to bottom. */
  rgb: Uint8Array;
}

/**
 * The block's left and top edge (pixels), or null when the picture holds no block: the
 * smallest x and y over the pixels of its colour (its rounded corners do not reach the
 * bounding box's edges, its straight sides do). `scale` is picture pixels per CSS pixel.
 */
export function findBox(r: Raster, colour: readonly [number, number, number], scale = 1, tolerance = 10): { left: number; top: number } | null {
  let minX = Infinity;
  let minY = Infinity;
  let count = 0;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = (y * r.width + x) * 3;
      if (
        Math.abs(r.rgb[i]! - colour[0]) <= tolerance &&
        Math.abs(r.rgb[i + 1]! - colour[1]) <= tolerance &&
        Math.abs(r.rgb[i + 2]! - colour[2]) <= tolerance
      ) {
        count++;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
      }
    }
  }
  // Most of the block, not a stray pixel of the same colour in anti-aliased text.
  const side = BOX_PATH.size * scale;
  if (count < side * side * 0.7) return null;
  return { left: minX / scale, top: minY / scale };
}

/**
 * The requestAnimationFrame time (ms, the page's clock) whose block is at (left, top), the
 * one nearest `nearMs` (the block repeats its path every span/pxPerMs ms, 2.8 s), or null
 * when no time on the path puts the block there (within `tolerancePx`).
 */
export function timeOfBox(box: { left: number; top: number }, nearMs: number, tolerancePx = 3): number | null {
  const period = BOX_PATH.span / BOX_PATH.pxPerMs;
  const base = (box.left - BOX_PATH.x0) / BOX_PATH.pxPerMs;
  if (base < -tolerancePx / BOX_PATH.pxPerMs || base > period + tolerancePx / BOX_PATH.pxPerMs) return null;
  // Only the pass nearest the call: a pass 2.8 s away may put the block near there by chance.
  const t = base + Math.round((nearMs - base) / period) * period;
  const top = BOX_PATH.y0 + BOX_PATH.amp * Math.sin(t / BOX_PATH.msPerRad);
  return Math.abs(top - box.top) <= tolerancePx ? t : null;
}

/** A PNG (or any picture ffmpeg reads) as RGB; its size is read from the same run's stderr. */
export function readRaster(ffmpeg: string, file: string): Promise<Raster> {
  return new Promise((resolve, reject) => {
    execFile(ffmpeg, ['-hide_banner', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 28 }, (e, out, err) => {
      if (e) return reject(e);
      // The input stream's line, e.g. "Stream #0:0: Video: png, rgb24(pc), 960x1080, 25 tbr".
      const m = /Input #0[\s\S]*?Video:.*?, (\d+)x(\d+)/.exec(err.toString());
      if (!m) return reject(new Error(`cannot read the size of ${file}`));
      const width = Number(m[1]);
      const height = Number(m[2]);
      if (out.length !== width * height * 3) return reject(new Error(`${file}: ${out.length} bytes for ${width}×${height}`));
      resolve({ width, height, rgb: new Uint8Array(out.buffer, out.byteOffset, out.length) });
    });
  });
}

/**
 * The moment (on the page's epoch clock, as nowMs) a screenshot of an animated page shows,
 * or null when the block cannot be found in it. `timeOrigin` is the page's
 * performance.timeOrigin; `callStart`/`callEnd` bracket the screenshot call (nowMs); `scale`
 * is the page's devicePixelRatio (the screenshot's pixels per CSS pixel).
 */
export async function shotMoment(
  ffmpeg: string,
  file: string,
  hue: number,
  timeOrigin: number,
  callStart: number,
  callEnd: number,
  scale = 1,
): Promise<number | null> {
  const r = await readRaster(ffmpeg, file);
  const box = findBox(r, boxColour(hue), scale);
  if (!box) return null;
  const t = timeOfBox(box, (callStart + callEnd) / 2 - timeOrigin);
  if (t === null) return null;
  const at = timeOrigin + t;
  // A picture the page drew well outside the call is a misreading, not a moment.
  return at >= callStart - 500 && at <= callEnd + 100 ? at : null;
}
