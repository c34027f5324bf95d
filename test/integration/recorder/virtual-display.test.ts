// Proves each lane's private Xvfb screen: sizes, faithful pictures, scaled pages edge to edge, and clear failures (real Xvfb).
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../app/common/errors';
import { findXvfb, startVirtualDisplay } from '../../../app/recorder/browser/virtual-display';
import { closeBrowser, launchLane, screenEnv } from '../../../app/recorder/browser/launch';
import { browserPath } from '../../../scripts/bench/animated-driver';
import { startDisplayCapture } from '../../../app/recorder/capture/display';
import { GRAB_NICENESS } from '../../../app/recorder/capture/display';
import { laneCaptureScales, scaledSize } from '../../../app/media/canvas';
import { sampleProfile } from '../../../app/profile/sample';
import { recordDemo, recordProfile } from '../../../app/recorder/record';
import { readManifest } from '../../../app/recorder/run-folder';
import { descendantPids, tools } from './helpers';
import { XVFB_MISSING, describeNeeding } from '../../needs';

const xvfb = findXvfb();

/** One frame of the screen, as the display capture reads it (real ffmpeg, x11grab). */
function grabFrame(d: { display: string; xauthority: string } | { display: string }, w: number, h: number, pixFmt: 'gray' | 'rgb24' = 'gray'): Buffer {
  const env = { ...process.env, XAUTHORITY: 'xauthority' in d ? d.xauthority : '/nonexistent' };
  return execFileSync(
    tools.ffmpeg,
    [
      '-v',
      'error',
      '-f',
      'x11grab',
      '-draw_mouse',
      '0',
      '-video_size',
      `${w}x${h}`,
      '-i',
      `${d.display}+0,0`,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      pixFmt,
      '-',
    ],
    { timeout: 20_000, maxBuffer: w * h * 4, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

describeNeeding(xvfb ? null : XVFB_MISSING)('a virtual screen per lane (Xvfb)', () => {
  it('starts two screens side by side, each at its size, on displays of their own, and ends them', async () => {
    const a = await startVirtualDisplay(xvfb!, { width: 736, height: 828 });
    const b = await startVirtualDisplay(xvfb!, { width: 940, height: 828 });
    try {
      expect(a.display).toMatch(/^:\d+$/);
      expect(b.display).not.toBe(a.display);
      expect(grabFrame(a, 736, 828).length).toBe(736 * 828);
      expect(grabFrame(b, 940, 828).length).toBe(940 * 828);
      // Small servers: without GLX no Mesa is loaded (66 MB resident each with it, 13 MB without).
      const servers = await descendantPids(/^Xvfb$/);
      expect(servers).toHaveLength(2);
      for (const pid of servers) expect(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024).toBeLessThan(40);
      // Larger than the screen: ffmpeg refuses, so the capture must never ask for more.
      expect(() => grabFrame(a, 940, 828)).toThrow();
      // Without the screen's cookie nobody else can watch (or drive) the lane.
      expect(() => grabFrame({ display: a.display }, 736, 828)).toThrow();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    for (const d of [a, b]) {
      expect(d.ended()).toBe('stopped');
      expect(existsSync(`/tmp/.X11-unix/X${d.display.slice(1)}`)).toBe(false);
      expect(existsSync(d.xauthority)).toBe(false);
    }
    await a.stop(); // twice: no error
  });

  it("keeps the screen as it was: a lane file's frame is the screen, small text included, read below the browsers' priority", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-lossless-'));
    const [w, h] = [320, 200];
    const screen = await startVirtualDisplay(xvfb!, { width: w, height: h });
    try {
      const lane = await launchLane({
        executablePath: browserPath(),
        userDataDir: path.join(dir, 'profile'),
        fresh: true,
        headless: true,
        viewport: { width: w, height: h },
        position: { x: 0, y: 0 },
        screen,
      });
      try {
        // Coloured small text: its edges are what a subsampled or lossy picture smears.
        const text = Array.from(
          { length: 40 },
          (_, i) => `<span style="color:${['%23c00', '%2300c', '%23333'][i % 3]}">line ${i} of small text 0123456789</span>`,
        ).join('<br>');
        await lane.page.goto(`data:text/html,<body style="margin:4px;font:8px sans-serif;background:%23fff;overflow:hidden">${text}</body>`);
        await new Promise((r) => setTimeout(r, 500));
        const file = path.join(dir, 'lane.mp4');
        const cap = await startDisplayCapture(screen.display, { tools, width: w, height: h, file, env: screenEnv(process.env, screen) });
        await new Promise((r) => setTimeout(r, 1000));
        // Below the browsers: its frames are stamped when it wakes, theirs wait for the CPU.
        const grabbers = await descendantPids(/^ffmpeg$/);
        expect(grabbers).toHaveLength(1);
        expect(os.getPriority(grabbers[0]!)).toBe(GRAB_NICENESS);
        await cap.stop();
        // Back to RGB by the matrix and range the file is tagged with.
        const recorded = execFileSync(
          tools.ffmpeg,
          [
            '-v',
            'error',
            '-ss',
            '0.5',
            '-i',
            file,
            '-frames:v',
            '1',
            '-vf',
            'scale=in_color_matrix=bt709:in_range=tv',
            '-f',
            'rawvideo',
            '-pix_fmt',
            'rgb24',
            '-',
          ],
          { maxBuffer: w * h * 4 },
        );
        const shown = grabFrame(screen, w, h, 'rgb24');
        expect(recorded.length).toBe(shown.length);
        let worst = 0;
        let inked = 0;
        for (let i = 0; i < shown.length; i++) {
          worst = Math.max(worst, Math.abs(recorded[i]! - shown[i]!));
          if (shown[i]! < 128) inked++;
        }
        expect(inked).toBeGreaterThan(w * h * 3 * 0.02); // there is text to lose
        // Only the round trip through 8-bit limited-range YUV (2 here). Measured otherwise: 4:2:0 at
        // CRF 10 was 110 levels off at coloured edges, 4:4:4 at CRF 10 6.
        expect(worst).toBeLessThanOrEqual(3);
      } finally {
        await closeBrowser(lane.browser);
      }
    } finally {
      await screen.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("paints a scaled page to the screen's last column and row, laid out at its CSS size, for both canvases", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-edges-'));
    // The sample scenario's lanes on each canvas, and a landscape lane whose sides round differently.
    const cases = [
      { vp: { width: 960, height: 1080 }, canvas: 1920 },
      { vp: { width: 960, height: 1080 }, canvas: 1440 },
      { vp: { width: 1280, height: 800 }, canvas: 1920 },
    ] as const;
    for (const { vp, canvas } of cases) {
      const scale = laneCaptureScales(canvas, [vp, vp])[0]!;
      const size = scaledSize(vp, scale);
      const screen = await startVirtualDisplay(xvfb!, size);
      try {
        const lane = await launchLane({
          executablePath: browserPath(),
          userDataDir: path.join(dir, 'profile'),
          fresh: true,
          headless: true,
          viewport: vp,
          scale,
          position: { x: 0, y: 0 },
          screen,
        });
        try {
          await lane.page.goto('data:text/html,<body style="margin:0;background:rgb(200,100,50)"></body>');
          await new Promise((r) => setTimeout(r, 500));
          expect(await lane.page.evaluate(() => [window.innerWidth, window.innerHeight]), `${canvas} ${vp.width}×${vp.height}`).toEqual([vp.width, vp.height]);
          const shown = grabFrame(screen, size.width, size.height, 'rgb24');
          const notPage: string[] = [];
          const check = (x: number, y: number) => {
            const i = (y * size.width + x) * 3;
            if (Math.abs(shown[i]! - 200) + Math.abs(shown[i + 1]! - 100) + Math.abs(shown[i + 2]! - 50) > 6) notPage.push(`${x},${y}`);
          };
          for (let y = 0; y < size.height; y++) check(size.width - 1, y);
          for (let x = 0; x < size.width; x++) check(x, size.height - 1);
          // The factor that kept the page to the picture's size for the other captures left these black.
          expect(notPage.slice(0, 5), `${canvas} ${vp.width}×${vp.height}: ${notPage.length} edge pixels not the page's`).toEqual([]);
        } finally {
          await closeBrowser(lane.browser);
        }
      } finally {
        await screen.stop();
      }
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('fails a lane whose screen cannot be read at once, clearly, leaving no ffmpeg', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-dead-screen-'));
    const screen = await startVirtualDisplay(xvfb!, { width: 200, height: 100 });
    await screen.stop(); // the screen is gone before the capture starts
    try {
      const err = await startDisplayCapture(screen.display, {
        tools,
        width: 200,
        height: 100,
        file: path.join(dir, 'lane.mp4'),
        env: screenEnv(process.env, screen),
      }).catch((e: unknown) => e);
      expect(isUserError(err) && err.message).toMatch(/the lane's screen :\d+ could not be read \(ffmpeg ended before its first frame\)/);
      expect(isUserError(err) && err.hint).toMatch(/x11grab|--capture chrome-recorder/);
      expect(await descendantPids(/^ffmpeg/)).toEqual([]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("settles an abort after a failed stop (the run's clean-up after any failure)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-abort-'));
    const screen = await startVirtualDisplay(xvfb!, { width: 200, height: 100 });
    try {
      const cap = await startDisplayCapture(screen.display, {
        tools,
        width: 200,
        height: 100,
        file: path.join(dir, 'lane.mp4'),
        env: screenEnv(process.env, screen),
      });
      // The grabbing ffmpeg killed from outside: its stop fails…
      for (const pid of await descendantPids(/^ffmpeg/)) process.kill(pid, 'SIGKILL');
      await expect(cap.stop()).rejects.toThrow(/screen capture/);
      // …and the abort that follows any failure still ends (it once waited forever).
      await cap.abort();
    } finally {
      await screen.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("names the lane's screen, not its browser, when something ends the X server mid-run", async () => {
    const data = await fs.mkdtemp(path.join(os.tmpdir(), 'ra-screen-gone-'));
    try {
      let killed = 0;
      let killing: Promise<void> | null = null;
      const err = await recordProfile({
        profile: sampleProfile(),
        dataDir: data,
        sandbox: true,
        headless: true,
        captureMethod: 'display',
        skipStepPictures: true,
        onEvent: (e) => {
          // Once, a few steps in (the admin signing in to Webitel).
          if (e.type !== 'step-started' || e.index < 3 || killing) return;
          killing = descendantPids(/^Xvfb$/).then((pids) => {
            for (const pid of pids) process.kill(pid, 'SIGKILL');
            killed = pids.length;
          });
        },
      }).catch((e: unknown) => e);
      await killing;
      expect(killed).toBe(2);
      expect(isUserError(err) && err.message).toMatch(
        /the virtual screen of lane "\w+" \(.*Xvfb :\d+\) ended during step \d+ .*\(killed by SIGKILL\), and its browser with it/,
      );
      expect(isUserError(err) && err.hint).toMatch(/X server/);
      // The run is marked failed, and nothing is left running.
      const runs = await fs.readdir(path.join(data, 'recordings', 'sample'));
      expect((await readManifest(path.join(data, 'recordings', 'sample', runs[0]!))).status).toBe('failed');
      expect(await descendantPids(/^(Xvfb|ffmpeg|chrom)/)).toEqual([]);
    } finally {
      await fs.rm(data, { recursive: true, force: true });
    }
  }, 180_000);

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
