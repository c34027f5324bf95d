import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { findXvfb, startVirtualDisplay } from '../../../app/recorder/browser/virtual-display';
import { recordDemo } from '../../../app/recorder/record';
import { tools } from './helpers';

const xvfb = findXvfb();

/** One frame of the screen, as the display capture reads it (real ffmpeg, x11grab). */
function grabFrame(display: string, w: number, h: number): Buffer {
  return execFileSync(tools.ffmpeg, ['-v', 'error', '-f', 'x11grab', '-video_size', `${w}x${h}`, '-i', `${display}+0,0`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { timeout: 20_000 });
}

describe.skipIf(!xvfb)('a virtual screen per lane (Xvfb)', () => {
  it('starts two screens side by side, each at its size, on displays of their own, and ends them', async () => {
    const a = await startVirtualDisplay(xvfb!, { width: 736, height: 828 });
    const b = await startVirtualDisplay(xvfb!, { width: 940, height: 828 });
    try {
      expect(a.display).toMatch(/^:\d+$/);
      expect(b.display).not.toBe(a.display);
      expect(grabFrame(a.display, 736, 828).length).toBe(736 * 828);
      expect(grabFrame(b.display, 940, 828).length).toBe(940 * 828);
      // Larger than the screen: ffmpeg refuses, so the capture must never ask for more.
      expect(() => grabFrame(a.display, 940, 828)).toThrow();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const d of [a, b]) expect(existsSync(`/tmp/.X11-unix/X${d.display.slice(1)}`)).toBe(false);
    await a.stop(); // twice: no error
  });

  it('says so clearly when the X server cannot start', async () => {
    const err = await startVirtualDisplay('/bin/false', { width: 100, height: 100 }).catch((e: unknown) => e);
    expect(isUserError(err) && err.message).toMatch(/virtual screen for a lane did not start \(Xvfb ended: exit code 1\)/);
    expect(isUserError(err) && err.hint).toMatch(/apt-get install xvfb|--capture chrome-recorder/);
  });
});

describe('a capture that cannot work here', () => {
  it('is refused before anything is recorded, leaving no run folder', async () => {
    const data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-refused-'));
    try {
      let driven = false;
      const err = await recordDemo({
        profile: 'refused',
        dataDir: data,
        driver: async () => {
          driven = true;
          return { status: 'passed' };
        },
        info: { scenarioHash: 'sha256:test', title: { appName: 'A', gateway: 'g', permissions: [] } },
        headless: false,
        captureMethod: 'display',
      }).catch((e: unknown) => e);
      expect(isUserError(err) && `${err.kind}: ${err.message}`).toMatch(/^usage: --capture display .* needs --headless/);
      expect(driven).toBe(false);
      expect(await fs.readdir(data)).toEqual([]);
    } finally {
      await fs.rm(data, { recursive: true, force: true });
    }
  });
});
